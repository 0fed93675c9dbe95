"""Skills: taxonomy names and aliases found with spaCy's PhraseMatcher, each with its mentions and months.

Names match on LOWER, except `case_sensitive` entries ("R", "Go", "SAS"), whose name matches on ORTH.
`ambiguous` entries (R, C, Go, Spark, Excel…) count only in a skill context: inside a skills section, in
a comma/bullet list next to other skills, or after a cue such as "Programming languages:" or
"proficient in". A skill's months are those of the dated roles whose text mentions it (overlaps
merged); a stated "Python- Experience - 24 months" or "Python (3 years)" counts when larger.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from screening.nlp.dates import merged_months, month_interval
from screening.nlp.facts import Mention, Role, Skill
from screening.nlp.layout import BULLET_RX, Layout
from screening.nlp.rules import is_sentence_piece, load_rules
from screening.nlp.taxonomy import Taxonomy

# What separates the items of a skills list.
_SEPARATOR_RX = re.compile(r"[,;|/\u2022\u00b7\u25cf\u27a2\u2756()\[\]{}:\t]|\.(?:\s|$)|\s-\s|\s-$|^-\s|\s{2,}|\band\b|\bor\b|&|\bwith\b")
# What may follow a skill inside its list item: a version, a star rating, "- Experience - 24 months".
_ITEM_TAIL_RX = re.compile(r"^\s*(?:v?\d[\w.+]*x?\s*)?(?:[-\u2013]\s*experience\b.*|\(.*|[*\u2605\u2606]+)?\s*$", re.IGNORECASE)
_MAX_AMBIGUOUS_PER_LINE = 60
_STATED_RX = re.compile(
    r"[^,;\n()]{0,40}?(?:\(\s*(?P<n>\d{1,2}(?:\.\d{1,2})?)\s*\+?\s*(?P<u>years?|yrs?|months?|mos?)\b[^)]{0,20}\)"
    r"|-\s*experience\s*-\s*(?P<m>\d{1,3})\s*months?)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Match:
    skill_id: str
    start: int
    end: int
    ambiguous: bool


class SkillMatcher:
    """Built once per pipeline from the taxonomy; `__call__(doc, layout, roles)` gives the skills."""

    def __init__(self, nlp: Language, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.ambiguous_by_id = {skill.id: skill.ambiguous for skill in taxonomy}
        # (skill id, ambiguous) by the match id the matchers report (the hash of the id): no string look-up per match
        self._by_match_id = {nlp.vocab.strings.add(skill.id): (skill.id, skill.ambiguous) for skill in taxonomy}
        self.by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.by_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_forms: dict[str, list[str]] = {}
        orth_forms: dict[str, list[str]] = {}
        for skill in taxonomy:
            if skill.case_sensitive:
                forms = {skill.name}
                if len(skill.name) > 1:
                    forms.add(skill.name.upper())  # "GO", "SAS" in an all-caps skills list
                orth_forms[skill.id] = sorted(forms)
                # long aliases ("golang", "R programming") are safe in any case; short ones keep their case
                longer = [a for a in skill.aliases if len(a) > 3]
                shorter = [a for a in skill.aliases if len(a) <= 3]
                if longer:
                    lower_forms[skill.id] = longer
                if shorter:
                    orth_forms[skill.id].extend(shorter)
            else:
                lower_forms[skill.id] = list(skill.surface_forms)
        for matcher, table in ((self.by_lower, lower_forms), (self.by_orth, orth_forms)):
            for skill_id, forms in table.items():
                docs = [d for d in nlp.tokenizer.pipe(forms) if len(d)]
                if docs:
                    matcher.add(skill_id, docs)

    def __call__(
        self,
        doc: Doc,
        layout: Layout,
        roles: tuple[Role, ...],
        cue_starts: list[int] = (),
        names: list[tuple[int, int]] = (),
    ) -> tuple[Skill, ...]:
        """Skills in `doc`.

        `cue_starts`: sorted offsets of skill cues ("Programming languages", "proficient in");
        `names`: spans that name an organisation or the document ("Acme Analytics Inc.", "Curriculum Vitae"),
        where a skill word is part of a name, not a skill.
        """
        text = layout.text
        matches = self.by_lower(doc) + self.by_orth(doc)
        if not matches:
            return ()
        found: list[tuple[int, int, str, bool, int, int]] = []  # (start, end, skill id, ambiguous, tokens)
        by_match_id = self._by_match_id
        # characters inside a name: one byte per character, so each match is checked with one `find`
        in_name = bytearray(len(text)) if names else None
        for a, b in names:
            in_name[a:b] = b"\x01" * (b - a)
        for match_id, start, end in matches:
            known = by_match_id.get(match_id)
            if known is None:
                continue
            skill_id, ambiguous = known
            last = doc[end - 1]
            s, e = doc[start].idx, last.idx + len(last)
            if in_name is not None and in_name.find(0, s, e) < 0:
                continue
            if _in_organisation_name(text, s, e) and layout.section_at(s) != "skills":
                continue
            found.append((s, e, skill_id, ambiguous, start, end))
        line_of = [layout.line_at(m[0]) for m in found]
        unambiguous_lines: dict[int, int] = {}
        for m, line in zip(found, line_of):
            if not m[3] and line is not None:
                unambiguous_lines[line.index] = unambiguous_lines.get(line.index, 0) + 1
        accepted = []
        checked_per_line: dict[int, int] = {}
        for m, line in zip(found, line_of):
            if m[3]:
                key = line.index if line is not None else -1
                checked_per_line[key] = checked_per_line.get(key, 0) + 1
                # a line with hundreds of one-letter "skills" is noise, not a list: stop checking it
                if checked_per_line[key] > _MAX_AMBIGUOUS_PER_LINE:
                    continue
                if not _in_skill_context(text, layout, m[0], m[1], unambiguous_lines, cue_starts):
                    continue
            accepted.append(m)
        # longest match wins where matches overlap ("Apache Spark" over "Spark", "C#" over "C")
        accepted.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
        taken = bytearray(len(doc))
        kept = []
        for m in accepted:
            if not any(taken[m[4]:m[5]]):
                taken[m[4]:m[5]] = b"\x01" * (m[5] - m[4])
                kept.append(m)
        kept.sort()
        role_starts = [r.span_start for r in roles]
        mentions: dict[str, list[Mention]] = {}
        stated: dict[str, int] = {}
        for s, e, skill_id, *_ in kept:
            k = bisect.bisect_right(role_starts, s) - 1
            role_index = k if k >= 0 and s < roles[k].span_end else None
            mentions.setdefault(skill_id, []).append(Mention(s, e, layout.section_at(s), role_index))
            months = _stated_months(text, e)
            if months:
                stated[skill_id] = max(stated.get(skill_id, 0), months)
        out = []
        for skill_id, hits in mentions.items():
            skill = self.taxonomy[skill_id]
            dated = sorted({m.role for m in hits if m.role is not None and roles[m.role].start and roles[m.role].end})
            intervals = [month_interval(roles[i].start, roles[i].end) for i in dated]
            months = max(merged_months(intervals), stated.get(skill_id, 0))
            last_used = max((roles[i].end.year for i in dated), default=None)
            out.append(Skill(skill.id, skill.name, skill.category, tuple(hits), months, last_used))
        return tuple(out)


# A legal form closing a name: "Trace Analytics Corporation", "Acme Analytics Pvt Ltd", "Oracle Corporation".
_ORG_TAIL_RX = re.compile(
    r"(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&.\-]*){0,3}[ \t]+(?:Inc|Incorporated|Ltd|Limited|LLC|LLP|PLC|Corp|Corporation|"
    r"Pvt|Private[ \t]+Limited|GmbH|Co|Company)\b\.?"
)


def _in_organisation_name(text: str, start: int, end: int) -> bool:
    """A capitalised skill word inside a company's name ("XYZ Analytics Pvt Ltd") names the company, not a skill."""
    return text[start:start + 1].isupper() and bool(_ORG_TAIL_RX.match(text, end, min(len(text), end + 80)))


def name_occurrences(layout: Layout, names: list[str]) -> list[tuple[int, int]]:
    """Every other place the resume writes an employer's or a school's name of two words or more, outside its
    skills section: "Skava an Infosys Company", "XYZ Analytics" in a summary are names there too. (A one-word
    name such as "Oracle" is also a product, so only its own role header is set aside.)"""
    text = layout.text
    low = None
    out = []
    for name in {n.strip() for n in names}:
        words = name.split()
        if len(name) < 5 or not 2 <= len(words) <= 6 or "," in name or is_sentence_piece(name):
            continue
        if sum(w[:1].isupper() for w in words) * 2 < len(words):
            continue  # "ERP System, CRM for real estate": a project written in the company field, not a name
        low = low if low is not None else text.lower()
        key = name.lower()
        pos = low.find(key)
        while pos >= 0:
            end = pos + len(key)
            edges_ok = (pos == 0 or not low[pos - 1].isalnum()) and (end >= len(low) or not low[end].isalnum())
            if edges_ok and layout.section_at(pos) != "skills":
                out.append((pos, end))
            pos = low.find(key, end)
    return out


def _stated_months(text: str, end: int) -> int:
    window = text[end:end + 64]
    if "(" not in window and "xperience" not in window:
        return 0  # neither "(3 years)" nor "- Experience - 24 months" follows
    m = _STATED_RX.match(text, end, min(len(text), end + 80))
    if not m:
        return 0
    if m.group("m"):
        return int(m.group("m"))
    n = float(m.group("n"))
    return round(n * 12) if m.group("u").lower().startswith(("y",)) else round(n)


def _in_skill_context(
    text: str, layout: Layout, start: int, end: int, unambiguous_lines: dict[int, int], cue_starts: list[int]
) -> bool:
    """An ambiguous name is a skill only as a list item in a skills section, next to other skills, or after a cue."""
    line = layout.line_at(start)
    if line is None:
        return False
    k = bisect.bisect_left(cue_starts, line.start)
    cue_before = k < len(cue_starts) and cue_starts[k] < start
    others = unambiguous_lines.get(line.index, 0)
    if not (cue_before or others) and layout.section_at(start) != "skills":
        return False  # none of the three ways to accept a name below is open: skip reading the list around it
    if not cue_before:
        # most ambiguous names sit in a sentence ("… good communication …"): the word right before them is an
        # ordinary word, not a separator or a preposition opening a list; that alone settles it
        i = start
        while i > line.start and text[i - 1] in " \t":
            i -= 1
        if i > line.start and text[i - 1].isalnum():
            j = i
            while j > line.start and i - j < 24 and text[j - 1].isalnum():
                j -= 1
            if j > line.start and text[j:i].lower() not in _LIST_OPENING_WORDS:
                return False  # (the line's first word may be a bullet, "o Design …": the full check decides)
    window = max(line.start, start - 80)
    left = text[window:start]
    right = text[end:min(line.end, end + 80)]
    if window == line.start:
        bullet = BULLET_RX.match(left)
        if bullet:
            left = left[bullet.end():]
    last_sep = None
    # the last separator: looked for near the name first, in the whole window only when there is none there
    for last_sep in _SEPARATOR_RX.finditer(left, max(0, len(left) - 24)):
        pass
    if last_sep is None:
        for last_sep in _SEPARATOR_RX.finditer(left):
            pass
    left_tail = left[last_sep.end():] if last_sep else left
    next_sep = _SEPARATOR_RX.search(right)
    right_head = right[: next_sep.start()] if next_sep else right
    # (cue_before above: a cue on this line before the name, "Programming languages: R", "proficient in Go")
    left_clean = not left_tail.strip() or (cue_before and _ends_with_cue(left_tail))
    # "R (Less than 1 year)", "Python- Experience": the tail of the item may hold a version or months
    right_clean = not right_head.strip() or bool(_ITEM_TAIL_RX.match(right_head.rstrip(".!?")))
    if right.startswith(("'", "\u2019", "&")) or right.lstrip(" \t").startswith(":"):
        right_clean = False  # "R's", "R&D", and "Programming:" labelling a list
    if not left_clean and right_clean and others and next_sep is not None and _PREPOSITION_END_RX.search(left_tail):
        left_clean = True  # "models in R and Python": the first item of a list of skills
    if not (left_clean and right_clean):
        return False
    if layout.section_at(start) == "skills":
        return True
    if others and (last_sep is not None or next_sep is not None):
        return True
    return cue_before


# words after which a name may still open or continue a list: separators spelt out, and the prepositions of
# _PREPOSITION_END_RX ("models in R and Python")
_LIST_OPENING_WORDS = frozenset(("and", "or", "with", "in", "using", "on", "of"))
_PREPOSITION_END_RX = re.compile(r"\b(?:in|with|using|on|of|and)\s*$", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _cue_tail_regex() -> re.Pattern[str]:
    cues = sorted((row["pattern"] for row in load_rules("skill_cues")), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, c.split())) for c in cues)
    return re.compile(rf"(?<![\w])(?:{body})\s*[:\-]?\s*$", re.IGNORECASE)


def _ends_with_cue(s: str) -> bool:
    """"… proficient in " just before the name (only checked when the cue matcher saw a cue on the line)."""
    return bool(_cue_tail_regex().search(s[-40:]))
