"""Starting a competency profile from a job description: what it asks for, each with the sentence it came from.

`propose_profile(text, taxonomy)` reads a pasted job description with the resume reader's own pieces: its lines
(`layout.read_layout`), the taxonomy's names matched by spaCy span rulers and kept by the resume skill filter
(`skills.SkillFilter`: ambiguous names such as "R" or "React" only in a skill context), degrees and fields of study
(`education`), and stated periods ("5+ years", `experience.stated`). Job-description cues (section headings,
"required" / "nice to have", emphasis) are data: `patterns/job_cues.jsonl`.

How a proposal is decided (the rules a hiring admin sees on the proposal page):

- Sentences: each line, split after ".", "!", "?" or ";". A heading ("Requirements", "Nice to have",
  "Responsibilities", "About us", "Benefits"; on its own line, opening a line or a sentence with a colon, or held
  in a short heading-shaped line such as "What you'll need to succeed:") sets what the sentences under it ask
  for; a title-case line after a blank line that names no known heading ("Physical Demands") ends the section.
  A short first line is the job's title. The title, sentences about the company and the offer, and the
  employer's non-discrimination statement are not read for criteria.
- Must-have or not, per clause (the part of a sentence between commas or semicolons): a clause with a
  nice-to-have cue ("preferred", "bonus", "a plus") is nice to have; else one with a must cue ("required",
  "must", "minimum", "at least", "you have") is a must-have; a clause without a cue takes its sentence's, and a
  sentence without one its section's (requirements: must-have; preferred: nice to have; duties or no heading:
  neither). A skill named in several sentences takes the strongest.
- Weight: must-have 3, named in duties or elsewhere 2, nice to have 1; +1 when its sentence stresses it ("strong",
  "expert", "deep", "proficient"…; a clause with a cue of its own only by its own words); +0.5 for each further
  sentence naming it, at most +1.
- Skills: the taxonomy's names the resume skill filter keeps, and ambiguous names written with a capital
  ("Advanced Excel") unless they open a sentence as its verb ("Design, build and run…"). Subject names after a
  degree ("BS in Statistics") are fields of study, not skills.
- Alternatives: skills listed with "or" or "/" in one sentence ("AWS, GCP or Azure"), or as examples ("cloud
  platforms (AWS, GCP, Azure)", "BI tools such as Tableau or Looker", with the kind they are examples of) are one
  competency that any of them meets; a skill also named alone elsewhere is its own competency instead, and leaves
  the list (a list left with one skill is dropped: that skill was only ever an alternative).
- Minimum months: a period ("5+ years", "3-5 years": the lower bound) counts for the skills after it in its
  sentence, up to the next period; a period after the last skill of a sentence ("Python (3+ years)") counts for
  that skill. The longest "N years of … experience" is the experience target, and its minimum when a must-have.
- Education: each degree named gives a level; the lowest level a must-have sentence asks for earns full credit
  (0.8 when a higher degree is preferred, which earns full credit), one level below earns 0.4 (the equivalent
  experience job descriptions usually accept). Fields of study are the subject words after the degree, up to
  "or a related field". Education weighs 8 when a degree is a must-have, else 4.

Nothing here decides whether a criterion is fair: the caller checks every sentence with `screening.fairness`
and shows what it flags. Pure core: no Django; the taxonomy comes in as an argument.
"""
from __future__ import annotations

import functools
import re
from dataclasses import asdict, dataclass, replace
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.pipeline import SpanRuler

from screening.nlp.education import degree_level, field_words, find_degree
from screening.nlp.experience import experience_periods, stated_periods
from screening.nlp.facts import EDUCATION_LEVELS
from screening.nlp.layout import BULLET_RX, Layout, Line, read_layout
from screening.nlp.pipeline import customise_tokenizer
from screening.nlp.rules import WORD_RX, load_rules, phrase_regex
from screening.nlp.skills import SkillFilter, skill_patterns
from screening.nlp.taxonomy import Taxonomy

MUST = "must"
MENTIONED = "mentioned"
NICE = "nice"
STATUS_RANK = {NICE: 0, MENTIONED: 1, MUST: 2}
BASE_WEIGHT = {MUST: 3.0, MENTIONED: 2.0, NICE: 1.0}
EMPHASIS_BONUS = 1.0
REPEAT_BONUS = 0.5
MAX_REPEAT_BONUS = 1.0
EDUCATION_WEIGHT_REQUIRED = 8.0
EDUCATION_WEIGHT_PREFERRED = 4.0

# Sections whose sentences say what the job asks for, as the heading kinds of `job_cues.jsonl`; "about" (the
# company) and "offer" (pay, benefits, equal opportunity) name no criteria.
_SECTION_STATUS = {"required": MUST, "preferred": NICE, "duties": MENTIONED, "": MENTIONED}
EQUAL_OPPORTUNITY = "equal_opportunity"  # the employer's non-discrimination statement, a section of its own
_SKIPPED_SECTIONS = frozenset(("title", "about", "offer", EQUAL_OPPORTUNITY))
_TITLE_CHARS = 80
_HEADING_CHARS = 60
_HEADING_WORDS = 8

# The profile editor's competency categories, for the taxonomy's skill categories.
COMPETENCY_CATEGORY = {
    "programming_language": "programming",
    "ml_technique": "ml_techniques",
    "math_stats": "mathematics",
    "data_tool": "data_tooling",
    "database": "data_tooling",
    "ml_framework": "frameworks",
    "big_data": "frameworks",
    "web": "frameworks",
    "mobile": "frameworks",
    "devops": "deployment",
    "cloud": "deployment",
    "mlops": "deployment",
    "soft_skill": "collaboration",
}

_SENTENCE_END_RX = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?;])\s+")
# "or"/"/" between two skills makes them alternatives; commas and "and" only chain a list
_LIST_GAP_RX = re.compile(r"^[\s,]*(?:(?:and/or|or|and|/)[\s,]*)?$", re.IGNORECASE)
_ALTERNATIVE_RX = re.compile(r"\bor\b|/", re.IGNORECASE)
_LIST_GAP_CHARS = 12
_EXAMPLES_OPENER_RX = re.compile(r"(?:\(|\bsuch\s+as|\be\.g\.,?|\bfor\s+example,?|\blike)\s*$", re.IGNORECASE)
_OPENER_ONLY_RX = re.compile(r"^\s*(?:\(|,?\s*(?:such\s+as|e\.g\.,?|for\s+example,?|like))\s*$", re.IGNORECASE)
# a period right after a skill counts for it: "Python (3+ years)", "SQL - 2 years"
_PERIOD_AFTER_CHARS = 6
# where the fields of study after a degree end
_RELATED_RX = re.compile(r"\b(?:or\s+(?:a\s+)?(?:related|similar|equivalent)|related\s+field|equivalent)\b", re.IGNORECASE)
_FIELD_SPLIT_RX = re.compile(r",|/|;|\bor\b|\band\b|&|\(|\)", re.IGNORECASE)
# words around fields of study that are not one ("a quantitative field", "a relevant technical discipline")
_FIELD_FILLER = frozenset(
    "a an the in of degree degrees field fields major discipline quantitative technical relevant similar scientific "
    "appropriate accredited".split()
)


@dataclass(frozen=True, slots=True)
class SourceSentence:
    """One sentence of the job description: `text == description[start:end]`."""

    text: str
    start: int
    end: int
    section: str  # the heading kind it sits under: required, preferred, duties, about, offer, "" (none), title,
    # or equal_opportunity for the employer's non-discrimination statement
    status: str  # what it asks for: must, nice or mentioned


@dataclass(frozen=True, slots=True)
class ProposedCompetency:
    key: str
    name: str
    category: str  # a competency category of the profile editor
    skills: tuple[str, ...]  # taxonomy skill ids; any one of them meets it
    must_have: bool
    status: str  # must, nice or mentioned: what its clause asks for
    weight: float
    min_months: int
    evidence: str  # the words of the sentence that name it: `description[start:end]`
    start: int
    end: int
    sentence: SourceSentence  # the sentence it came from (the one that decided must-have and weight)
    mentions: int  # sentences that name it


@dataclass(frozen=True, slots=True)
class ProposedEducation:
    weight: float
    levels: tuple[tuple[str, float], ...]
    fields: tuple[str, ...]
    required: bool
    evidence: tuple[str, ...]  # the degrees as written
    sentences: tuple[SourceSentence, ...]


@dataclass(frozen=True, slots=True)
class ProposedExperience:
    target_months: int
    min_months: int
    evidence: str
    sentence: SourceSentence


@dataclass(frozen=True, slots=True)
class ProfileProposal:
    competencies: tuple[ProposedCompetency, ...]
    education: ProposedEducation | None
    experience: ProposedExperience | None
    sentences: tuple[SourceSentence, ...]  # every sentence read, for the caller's fairness checks

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Mention:
    status: str
    skills: tuple[str, ...]
    start: int
    end: int
    sentence: SourceSentence
    emphasis: bool
    months: int


@functools.lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    rows = load_rules("job_cues")
    headings = {row["pattern"].lower(): row["kind"] for row in rows if row["label"] == "heading"}
    return {
        "headings": headings,
        "heading_rx": phrase_regex(headings),
        "must": phrase_regex(row["pattern"] for row in rows if row["label"] == "must"),
        "nice": phrase_regex(row["pattern"] for row in rows if row["label"] == "nice"),
        "emphasis": phrase_regex(row["pattern"] for row in rows if row["label"] == "emphasis"),
        "equal_opportunity": phrase_regex(row["pattern"] for row in rows if row["label"] == EQUAL_OPPORTUNITY),
        "skill_cue": phrase_regex(row["pattern"] for row in load_rules("skill_cues")),
    }


@functools.lru_cache(maxsize=4)
def _skill_reader(taxonomy: Taxonomy) -> tuple[Language, SkillFilter]:
    """A blank pipeline with the resume reader's tokenizer and two skill rulers (any case; names that keep their
    case), and the resume skill filter, built once per taxonomy."""
    nlp = spacy.blank("en")
    customise_tokenizer(nlp)
    for exact in (False, True):
        rows = skill_patterns(taxonomy, exact=exact)
        if not rows:
            continue
        name = "jd_skills_exact" if exact else "jd_skills"
        config = {"spans_key": "skill_matches", "phrase_matcher_attr": "ORTH" if exact else "LOWER", "overwrite": not exact}
        nlp.add_pipe("span_ruler", name=name, config=config)
        with nlp.select_pipes(enable=[]):
            cast(SpanRuler, nlp.get_pipe(name)).add_patterns(rows)
    return nlp, SkillFilter(taxonomy)


def _heading(line_text: str) -> tuple[str, int] | None:
    """(kind, characters the heading takes) when a line is a heading ("Requirements", "What you'll need:"), opens
    with one and a colon ("Nice to have: Go"), or is a short heading-shaped line holding one ("What you'll need
    to succeed:", "SKILLS & EXPERIENCE WE'RE LOOKING FOR", "Your Responsibilities")."""
    cues = _cues()
    bare = BULLET_RX.sub("", line_text).strip().rstrip(":").strip().lower()
    bare = bare.replace("\u2019", "'")
    if bare in cues["headings"] and len(bare) <= _HEADING_CHARS:
        return cues["headings"][bare], len(line_text)
    head, colon, _ = line_text.partition(":")
    key = head.strip().lower().replace("\u2019", "'")
    if colon and key in cues["headings"]:
        return cues["headings"][key], len(head) + 1
    if len(line_text) <= _HEADING_CHARS and not BULLET_RX.match(line_text) and _heading_shaped(line_text):
        found = cues["heading_rx"].findall(line_text.replace("\u2019", "'"))
        if found:
            # the line is still read: a heading-shaped line may be a criterion too ("Strong Git Skills")
            return cues["headings"][" ".join(max(found, key=len).lower().split())], 0
    return None


def _unknown_heading(line: Line) -> bool:
    """A heading no cue names: a short title-case line after a blank line ("Physical Demands", "Work Schedule").
    (Items of a list written without bullets follow each other with no blank line between them.)"""
    words = line.text.split()
    return line.blank_before and 2 <= len(words) <= 5 and not BULLET_RX.match(line.text) and _heading_shaped(line.text)


def _inline_heading(sentence: str) -> tuple[str, int] | None:
    """(kind, characters) of a heading and its colon opening a sentence ("Requirements: 5+ years of Go")."""
    head, colon, _ = sentence.partition(":")
    key = " ".join(head.lower().replace("\u2019", "'").split())
    if colon and key in _cues()["headings"]:
        return _cues()["headings"][key], len(head) + 1
    return None


def _heading_shaped(line_text: str) -> bool:
    """Ends with a colon, or is written in capitals or title case, with no full stop: not a sentence."""
    stripped = line_text.strip()
    if stripped[-1:] in ".!?;," or len(stripped.split()) > _HEADING_WORDS:
        return False
    if stripped.endswith(":") or stripped.isupper():
        return True
    words = [w for w in WORD_RX.findall(stripped) if len(w) > 3]
    return bool(words) and all(w[:1].isupper() for w in words)


def _status(text: str, section: str) -> str:
    return _cue_status(text) or _SECTION_STATUS.get(section, MENTIONED)


def _cue_status(text: str) -> str | None:
    cues = _cues()
    if cues["nice"].search(text):
        return NICE
    if cues["must"].search(text):
        return MUST
    return None


_CLAUSE_END_RX = re.compile(r"[,;]")


def clause_status(text: str, sentence: SourceSentence, start: int, end: int) -> str:
    """What the clause holding `text[start:end]` asks for: "Bachelor's degree required, Master's preferred" asks
    for each degree differently. A clause without a cue of its own ("Python" of "Python, Go and Rust are a plus")
    takes its sentence's."""
    clause_start, clause_end = _clause(text, sentence, start, end)
    return _cue_status(text[clause_start:clause_end]) or sentence.status


def _clause(text: str, sentence: SourceSentence, start: int, end: int) -> tuple[int, int]:
    """(start, end) of the part of the sentence between commas or semicolons that holds `text[start:end]`."""
    head = text[sentence.start:start]
    cuts = [m.end() for m in _CLAUSE_END_RX.finditer(head)]
    tail = _CLAUSE_END_RX.search(text, end, sentence.end)
    return sentence.start + (cuts[-1] if cuts else 0), tail.start() if tail else sentence.end


def read_sentences(layout: Layout) -> list[SourceSentence]:
    """The description's sentences with the section they sit under and what they ask for. A short first line
    without a full stop is the job's title, not a criterion."""
    text = layout.text
    section = ""
    out = []
    for number, line in enumerate(layout.lines):
        if number == 0 and len(layout.lines) > 1 and len(line.text) <= _TITLE_CHARS and line.text[-1:] not in ".!?":
            if _heading(line.text) is None:
                out.append(SourceSentence(line.text, line.start, line.end, "title", MENTIONED))
                continue
        start = line.start
        heading = _heading(line.text)
        if heading is None and _unknown_heading(line):
            heading = ("", 0)  # "Physical Demands", "Schedule": what follows is no longer the section above
        if heading is not None:
            section, used = heading
            start = line.start + used
            if start >= line.end:
                continue
        bullet = BULLET_RX.match(text[start:line.end])  # (its "^" anchors at the string's start only)
        if bullet:
            start += bullet.end()
        pos = start
        for piece_end in [m.start() for m in _SENTENCE_END_RX.finditer(text, start, line.end)] + [line.end]:
            piece = text[pos:piece_end]
            s = pos + len(piece) - len(piece.lstrip())
            e = pos + len(piece.rstrip())
            if pos > start and e > s:
                # a heading inside a pasted paragraph: "… in production. Nice to have: Go and Rust."
                inline = _inline_heading(text[s:e])
                if inline is not None:
                    section, used = inline
                    s += used
                    while s < e and text[s] in " \t":
                        s += 1
            if e > s and any(c.isalpha() for c in text[s:e]):
                # "We do not discriminate on the basis of age, religion…": it names attributes to exclude them
                kind = EQUAL_OPPORTUNITY if _cues()["equal_opportunity"].search(text, s, e) else section
                out.append(SourceSentence(text[s:e], s, e, kind, _status(text[s:e], section)))
            pos = piece_end
    return out


def propose_profile(text: str, taxonomy: Taxonomy) -> ProfileProposal:
    """What the job description asks for, as a proposal for a draft profile (see the module's rules)."""
    layout = read_layout(text)
    sentences = read_sentences(layout)
    read = [s for s in sentences if s.section not in _SKIPPED_SECTIONS]
    return ProfileProposal(
        competencies=_competencies(text, layout, read, taxonomy),
        education=_education(text, read),
        experience=_experience(text, read),
        sentences=tuple(sentences),
    )


def _skill_spans(text: str, layout: Layout, taxonomy: Taxonomy) -> list[tuple[int, int, str]]:
    """The taxonomy's skills the description names: what the resume skill filter keeps, plus ambiguous names
    written capitalised ("Advanced Excel skills", "React (2+ years)"). A description names its tools in prose,
    where the resume filter wants a list; the name's capital is the cue there ("excel at", "react to" are words),
    and a name opening a sentence is left to `_opening_word`."""
    nlp, skill_filter = _skill_reader(taxonomy)
    doc = nlp(text)
    matches = list(doc.spans["skill_matches"]) if "skill_matches" in doc.spans else []
    cue_starts = [m.start() for m in _cues()["skill_cue"].finditer(text)]
    kept = [(sp.start_char, sp.end_char, sp.label_) for sp in skill_filter(doc, matches, layout, cue_starts)]
    taken = bytearray(len(text) + 1)
    for s, e, _ in kept:
        taken[s:e] = b"\x01" * (e - s)
    capitalised = sorted(
        (
            (sp.start_char, sp.end_char, sp.label_)
            for sp in matches
            if taxonomy[sp.label_].ambiguous and sp.text[:1].isupper() and not taxonomy[sp.label_].case_sensitive
        ),
        key=lambda m: (m[0] - m[1], m[0]),
    )
    for s, e, skill_id in capitalised:
        if taken.find(1, s, e) < 0:
            taken[s:e] = b"\x01" * (e - s)
            kept.append((s, e, skill_id))
    return sorted(kept)


def _competencies(
    text: str, layout: Layout, sentences: list[SourceSentence], taxonomy: Taxonomy
) -> tuple[ProposedCompetency, ...]:
    subjects = field_words()
    tails = _degree_tails(text, sentences)
    spans = [
        sp for sp in _skill_spans(text, layout, taxonomy)
        # "BS in Computer Science, Statistics": fields of study, read as education, not as skills
        if not (any(a <= sp[0] and sp[1] <= b for a, b in tails) and set(WORD_RX.findall(text[sp[0]:sp[1]].lower())) <= subjects)
    ]
    emphasis = _cues()["emphasis"]
    mentions: list[_Mention] = []
    for sentence in sentences:
        inside = [
            sp for sp in spans
            if sentence.start <= sp[0] and sp[1] <= sentence.end and not _opening_word(text, sp, sentence, taxonomy)
        ]
        if not inside:
            continue
        periods = stated_periods(text, sentence.start, sentence.end)
        for group in _alternatives(text, inside):
            months = _months_for(group[0][0], group[-1][1], periods, last=group[-1] == inside[-1])
            ids = tuple(dict.fromkeys(sp[2] for sp in group))
            status = clause_status(text, sentence, group[0][0], group[-1][1])
            clause_start, clause_end = _clause(text, sentence, group[0][0], group[-1][1])
            # a clause of its own ("…, Tableau preferred") is stressed only by its own words; a list item
            # ("Excellent JavaScript, HTML and CSS") by the sentence's
            own = _cue_status(text[clause_start:clause_end]) is not None
            stressed = bool(emphasis.search(text, clause_start, clause_end) or (not own and emphasis.search(sentence.text)))
            mentions.append(_Mention(status, ids, group[0][0], group[-1][1], sentence, stressed, months))
    alone = {m.skills[0] for m in mentions if len(m.skills) == 1}
    by_key: dict[tuple[str, ...], list[_Mention]] = {}
    for mention in mentions:
        skills = tuple(s for s in mention.skills if s not in alone) if len(mention.skills) > 1 else mention.skills
        if not skills:
            continue
        if len(skills) == 1 and skills != mention.skills:
            continue  # the one skill left of a list of alternatives was only ever an alternative to the others
        by_key.setdefault(skills, []).append(mention)
    proposed = []
    keys: set[str] = set()
    for skills, found in by_key.items():
        competency = _competency(text, skills, found, taxonomy)
        key, n = competency.key, 2
        while key in keys:  # two long lists cut to the same 60 characters
            key, n = f"{competency.key[:56]}-{n}", n + 1
        keys.add(key)
        proposed.append(replace(competency, key=key))
    # must-haves first, then by weight, then in the description's order: how an admin reads a list of criteria
    return tuple(sorted(proposed, key=lambda c: (not c.must_have, -c.weight, c.start)))


_CONTINUES_AS_WORD_RX = re.compile(r"\s*(?:,|[a-z])")


def _opening_word(text: str, span: tuple[int, int, str], sentence: SourceSentence, taxonomy: Taxonomy) -> bool:
    """An ambiguous name opening a sentence that goes on as prose: the verb of a duty ("Design, build and run…",
    "Lead the team"), capitalised only because it comes first."""
    return (
        span[0] == sentence.start
        and taxonomy[span[2]].ambiguous
        and " " not in text[span[0]:span[1]]
        and bool(_CONTINUES_AS_WORD_RX.match(text, span[1], sentence.end))
    )


def _alternatives(text: str, spans: list[tuple[int, int, str]]) -> list[list[tuple[int, int, str]]]:
    """The sentence's skills in groups: a list joined by "or" or "/", or of examples ("(AWS, GCP, Azure)", "such
    as Tableau, Looker"), with the skill it gives examples of, is one group; every other skill is its own."""
    runs: list[list[tuple[int, int, str]]] = []
    for span in spans:
        if runs:
            gap = text[runs[-1][-1][1]:span[0]]
            if len(gap) <= _LIST_GAP_CHARS and _LIST_GAP_RX.match(gap):
                runs[-1].append(span)
                continue
        runs.append([span])
    groups: list[list[tuple[int, int, str]]] = []
    for run in runs:
        gaps = [text[a[1]:b[0]] for a, b in zip(run, run[1:], strict=False)]
        examples = bool(_EXAMPLES_OPENER_RX.search(text, max(0, run[0][0] - 16), run[0][0]))
        if examples or any(_ALTERNATIVE_RX.search(g) for g in gaps):
            group = list(run)
            if examples and groups and len(groups[-1]) == 1 and _OPENER_ONLY_RX.match(text[groups[-1][0][1]:run[0][0]]):
                group = groups.pop() + group  # "cloud platforms (AWS, GCP, Azure)": the kind, or any example of it
            groups.append(group)
        else:
            groups.extend([span] for span in run)
    return groups


def _months_for(start: int, end: int, periods: list[tuple[int, int, int]], *, last: bool) -> int:
    """The period nearest before the skill in its sentence, or one right after it ("Python (3+ years)")."""
    before = [p for p in periods if p[1] <= start]
    after = [p for p in periods if p[0] >= end and p[0] - end <= _PERIOD_AFTER_CHARS + 1]
    if after and (last or not before):
        return after[0][2]
    return before[-1][2] if before else 0


def _competency(text: str, skills: tuple[str, ...], found: list[_Mention], taxonomy: Taxonomy) -> ProposedCompetency:
    best = max(found, key=lambda m: (STATUS_RANK[m.status], m.emphasis, -m.start))
    status = best.status
    sentences = {m.sentence.start for m in found}
    weight = BASE_WEIGHT[status] + (EMPHASIS_BONUS if best.emphasis else 0.0)
    weight += min(REPEAT_BONUS * (len(sentences) - 1), MAX_REPEAT_BONUS)
    names = [taxonomy[s].name for s in skills]
    first = taxonomy[skills[0]]
    return ProposedCompetency(
        key="-or-".join(skills)[:60].replace("_", "-"),
        name=" / ".join(names)[:120],
        category=COMPETENCY_CATEGORY.get(first.category, "other"),
        skills=skills,
        must_have=status == MUST,
        status=status,
        weight=weight,
        min_months=max(m.months for m in found),
        evidence=text[best.start:best.end],
        start=best.start,
        end=best.end,
        sentence=best.sentence,
        mentions=len(sentences),
    )


def _education(text: str, sentences: list[SourceSentence]) -> ProposedEducation | None:
    asked: list[tuple[str, str, SourceSentence, str]] = []  # (level, status, sentence, degree as written)
    fields: list[str] = []
    for sentence in sentences:
        pos = sentence.start
        last_end = None
        while pos < sentence.end:
            found = find_degree(text, pos, sentence.end)
            if found is None:
                break
            s, e = found
            level = degree_level(text[s:e])
            if level is not None:
                asked.append((level, clause_status(text, sentence, s, e), sentence, text[s:e]))
            last_end, pos = e, e
        if last_end is not None and any(a[2] is sentence for a in asked):
            for field in _fields_after(text, last_end, sentence.end):
                if field not in fields:
                    fields.append(field)
    if not asked:
        return None
    order = {level: i for i, level in enumerate(EDUCATION_LEVELS)}
    required = [order[level] for level, status, _, _ in asked if status == MUST]
    floor = min(required) if required else min(order[level] for level, _, _, _ in asked)
    preferred = [order[level] for level, status, _, _ in asked if status != MUST and order[level] > floor]
    top = max(preferred) if preferred else floor
    levels = []
    for level, i in order.items():
        if i >= top:
            levels.append((level, 1.0))
        elif i >= floor:
            levels.append((level, 0.8))
        elif i == floor - 1:
            levels.append((level, 0.4))
    sentences_used = tuple(dict.fromkeys(sentence for _, _, sentence, _ in asked))
    return ProposedEducation(
        weight=EDUCATION_WEIGHT_REQUIRED if required else EDUCATION_WEIGHT_PREFERRED,
        levels=tuple(levels),
        fields=tuple(fields),
        required=bool(required),
        evidence=tuple(dict.fromkeys(degree for _, _, _, degree in asked)),
        sentences=sentences_used,
    )


def _degree_tails(text: str, sentences: list[SourceSentence]) -> list[tuple[int, int]]:
    """Where fields of study are named: from a degree to "or a related field" or the end of its sentence."""
    tails = []
    for sentence in sentences:
        pos, last_end = sentence.start, None
        while (found := find_degree(text, pos, sentence.end)) is not None:
            last_end = pos = found[1]
        if last_end is not None:
            related = _RELATED_RX.search(text, last_end, sentence.end)
            tails.append((last_end, related.start() if related else sentence.end))
    return tails


def _fields_after(text: str, start: int, end: int) -> list[str]:
    """Fields of study named after a degree: "in Computer Science, Statistics or a related field"."""
    related = _RELATED_RX.search(text, start, end)
    tail = text[start:related.start() if related else end]
    known = field_words()
    out = []
    for piece in _FIELD_SPLIT_RX.split(tail):
        words = [w.lower() for w in WORD_RX.findall(piece) if w.lower() not in _FIELD_FILLER]
        subject = []
        for word in words:
            if word not in known:
                break
            subject.append(word)
        if subject:
            out.append(" ".join(subject))
        if len(subject) < len(words) and out:
            break  # the list of fields has ended ("… in Accounting from an accredited school")
    return out


def _experience(text: str, sentences: list[SourceSentence]) -> ProposedExperience | None:
    best: tuple[int, SourceSentence, int, int] | None = None
    for sentence in sentences:
        for s, e, months in experience_periods(text, sentence.start, sentence.end):
            if best is None or months > best[0]:
                best = (months, sentence, s, e)
    if best is None:
        return None
    months, sentence, s, e = best
    required = clause_status(text, sentence, s, e) == MUST
    return ProposedExperience(
        target_months=months, min_months=months if required else 0, evidence=text[s:e], sentence=sentence
    )
