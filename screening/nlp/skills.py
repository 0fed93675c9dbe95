"""Skills: taxonomy names as `span_ruler` patterns, the filter that keeps the candidate's own skills, and the
`Skill` facts (mentions and months) built from what the filter kept.

Three steps, three pipeline components (see `pipeline.py`):
  1. `skill_patterns(taxonomy)` feeds spaCy's `span_ruler`: every name and alias matches on LOWER, except
     `case_sensitive` entries ("R", "Go", "SAS"), whose name and short aliases match on ORTH. Each match is a
     Span labelled with the taxonomy id, in `doc.spans["skill_matches"]`.
  2. `SkillFilter` reads those spans and keeps the ones that are the candidate's skills (rules in
     `skill_context.py`); they go to `doc.spans["skills"]`.
  3. `skill_facts` groups the kept spans by skill: mentions, and months = those of the dated roles whose text
     mentions the skill (overlaps merged), or a stated "Python- Experience - 24 months" / "Python (3 years)"
     when larger.
"""
from __future__ import annotations

import bisect
import re
from typing import Iterable, Sequence

from spacy.tokens import Span

from screening.nlp.dates import merged_months, month_interval
from screening.nlp.facts import Education, Mention, Role, Skill
from screening.nlp.layout import Layout
from screening.nlp.organisations import legal_forms, names_a_standard, organisation_spans
from screening.nlp.rules import is_sentence_piece
from screening.nlp.skill_context import (
    ML_CATEGORIES,
    OWN_CATEGORIES_WHEN_HIRING,
    defined_acronyms,
    describes_an_organisation,
    in_skill_context,
    ml_acronym,
    modelling_beside,
    modelling_spans,
    other_sense_regex,
    others_spans,
    part_of_date,
    used_as_word,
)
from screening.nlp.taxonomy import Taxonomy

# A line with hundreds of one-letter "skills" is noise (a table of grades, a garbled PDF), not a list: past this
# many ambiguous names on one line the rest are not checked. A real skills line holds a few dozen at most.
_MAX_AMBIGUOUS_PER_LINE = 60
# Short aliases of a case-sensitive skill keep their case ("Rx" is not "rx"); from four letters up an alias is
# distinctive in any case ("golang", "R programming").
_SHORT_ALIAS_CHARS = 3
_STATED_RX = re.compile(
    r"[^,;\n()]{0,40}?(?:\(\s*(?P<n>\d{1,2}(?:\.\d{1,2})?)\s*\+?\s*(?P<u>years?|yrs?|months?|mos?)\b[^)]{0,20}\)"
    r"|-\s*experience\s*-\s*(?P<m>\d{1,3})\s*months?"
    # "Python - 3 years", "SQL: 2 yrs", "Java – 18 months" (README's example): right after the skill
    r"|(?<=\S)\s*[-\u2013\u2014:]\s*(?P<n2>\d{1,2}(?:\.\d{1,2})?)\s*\+?\s*(?P<u2>years?|yrs?|months?|mos?)\b)",
    re.IGNORECASE,
)
_STATED_AFTER_RX = re.compile(r"\s*[-\u2013\u2014:]\s*\d", re.IGNORECASE)


def skill_patterns(taxonomy: Taxonomy, *, exact: bool) -> list[dict]:
    """`span_ruler` phrase patterns, `{"label": skill id, "pattern": form, "id": skill id}`: with `exact`, the
    forms that must keep their case (for a ruler matching on ORTH), else every other form (a ruler on LOWER).

    (Phrase patterns, not token patterns: spaCy's PhraseMatcher looks a form up once per token, where its
    Matcher would try every token pattern at every token.)
    """
    patterns: list[dict] = []
    for skill in taxonomy:
        cased: list[str] = []
        if skill.case_sensitive:
            cased.append(skill.name)
            if len(skill.name) > 1 and skill.name[:1].isupper():
                # "GO", "SAS" in an all-caps skills list; a name cased against the rule keeps it ("iOS" is not
                # "IOS", Cisco's router software)
                cased.append(skill.name.upper())
            cased += [a for a in skill.aliases if len(a) <= _SHORT_ALIAS_CHARS]
            loose = [a for a in skill.aliases if len(a) > _SHORT_ALIAS_CHARS]
        else:
            loose = list(skill.surface_forms)
        for form in dict.fromkeys(cased if exact else loose):
            patterns.append({"label": skill.id, "pattern": form, "id": skill.id})
    return patterns


class SkillFilter:
    """Keeps the skill matches that are the candidate's skills; built once per pipeline from the taxonomy."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.category = {s.id: s.category for s in taxonomy}
        self.ambiguous = frozenset(s.id for s in taxonomy if s.ambiguous)
        self.everyday = {s.id: frozenset(f.lower() for f in s.everyday) for s in taxonomy if s.everyday}
        # every form of a skill, lower-cased: an acronym the resume spells out as one of these is the skill
        self.forms = {s.id: frozenset(f.lower() for f in s.surface_forms) for s in taxonomy}
        # skills with a form that is also a company's legal form ("PLC"): only their matches can be one
        self.legal_form_skills = frozenset(
            s.id for s in taxonomy if any(f.lower().rstrip(".") in legal_forms() for f in s.surface_forms)
        )
        self.other_senses = {s.id: rx for s in taxonomy if (rx := other_sense_regex(s.other_senses)) is not None}

    def __call__(
        self,
        doc,
        matches: Iterable[Span],
        layout: Layout,
        cue_starts: Sequence[int] = (),
        names: Sequence[tuple[int, int]] = (),
        subjects: Sequence[tuple[int, int]] = (),
        ml_cues: Sequence[tuple[int, int]] = (),
    ) -> list[Span]:
        """The matches that stand, longest first where they overlap, in text order.

        `cue_starts`: sorted offsets of skill cues ("Programming languages", "proficient in");
        `names`: spans that name an organisation, a school, a degree or the document ("Acme Analytics Inc.",
        "Curriculum Vitae"), where a skill word is part of a name; `subjects`: degrees and fields of study, where
        a soft skill counts only as the whole subject (not the "Communication" of "Electronics and
        Communication": a personal quality is no part of a subject's name, while the "Accounting" of
        "Accounting and Information Management" is a subject studied); `ml_cues`: sorted (start, end) of the
        reader's ML vocabulary, which tells a modelling acronym ("CNN") from the same letters elsewhere.
        """
        text = layout.text
        # (start char, end char, skill id, first token, end token, span): read once, the Span kept to be written
        found = [(sp.start_char, sp.end_char, sp.label_, sp.start, sp.end, sp) for sp in matches]
        if not found:
            return []
        in_name = bytearray(len(text))  # one byte per character, so each match is checked with one `find`
        for a, b in names:
            in_name[a:b] = b"\x01" * (b - a)
        acronyms = None  # read on the first match written as an acronym
        not_defined: set[str] = set()  # words written as acronyms that no parenthesis in the text defines
        others = others_spans(text, [m[0] for m in found])
        standing = []
        org_lines: dict[int, list[tuple[int, int, int, int]]] = {}
        for match in found:
            s, e, skill_id = match[0], match[1], match[2]
            if in_name.find(1, s, e) >= 0:
                continue
            if self.category[skill_id] == "soft_skill" and any(a <= s and e <= b and (s, e) != (a, b) for a, b in subjects):
                continue
            section = layout.section_at(s)
            if section != "skills" and (
                (skill_id in self.legal_form_skills and text[s:e].lower().rstrip(".") in legal_forms())
                or self._in_organisation(text, layout, s, e, org_lines)
            ):
                continue
            if names_a_standard(text, s, e) or part_of_date(text, s, e):
                continue
            other_sense = self.other_senses.get(skill_id)
            if other_sense is not None:
                line = layout.line_at(s)
                if line is not None and other_sense.search(text, line.start, line.end):
                    continue  # "Veritas Clustering", "failover clustering": the name in another trade
            if section != "skills" and describes_an_organisation(text, e):
                continue
            word = text[s:e]
            if acronyms is None and word.isupper() and word not in not_defined:
                # each distinct word is looked for once: a scan of the whole text per match is quadratic
                if "(" + word in text or word + " (" in text:
                    acronyms = defined_acronyms(text)
                else:
                    not_defined.add(word)
            if acronyms and word in acronyms and not self._spells(skill_id, acronyms[word]):
                continue  # "Certified Novell Administrator (CNA)": this resume's CNA is not a nursing assistant
            if others and section != "skills" and any(
                a <= s < b and not (hiring and self.category[skill_id] in OWN_CATEGORIES_WHEN_HIRING)
                for a, b, hiring in others
            ):
                continue
            standing.append(match)
        return self._in_context(len(doc), text, layout, standing, cue_starts, ml_cues)

    def _spells(self, skill_id: str, long_form: str) -> bool:
        low = long_form.lower()
        return any(form in low for form in self.forms[skill_id] if len(form) > 3)

    @staticmethod
    def _in_organisation(text: str, layout: Layout, s: int, e: int, cache: dict) -> bool:
        """A skill word inside an organisation's name, short of the word that closes the name ("Dental" of
        "Northwestern Dental Center")."""
        if not (text[s:s + 1].isupper() and text[e:e + 1] in (" ", "\t") and text[e + 1:e + 2].isupper()):
            # names are capitalised, and the word closing one follows the skill word: a lower-case word, or one
            # followed by anything but another capitalised word, is not short of a name's end
            return False
        line = layout.line_at(s)
        if line is None:
            return False
        if line.index not in cache:
            cache[line.index] = organisation_spans(text, line.start, line.end)
        return any(a <= s and e <= b and not (s <= head < e) for a, b, head, _ in cache[line.index])

    def _in_context(self, n_tokens: int, text: str, layout: Layout, found, cue_starts, ml_cues) -> list[Span]:
        """Ambiguous names (and the everyday forms of other skills) need a skill context; then the longest match
        wins where matches overlap ("Apache Spark" over "Spark", "C#" over "C")."""
        needs_context = [self._needs_context(skill_id, text[s:e]) for s, e, skill_id, *_ in found]
        if not any(needs_context):
            accepted = list(found)
        else:
            accepted = self._with_context(text, layout, found, needs_context, cue_starts, ml_cues)
        accepted.sort(key=lambda m: (m[0] - m[1], m[0]))
        taken = bytearray(n_tokens)
        kept = []
        for match in accepted:
            first, last = match[3], match[4]
            if taken.find(1, first, last) < 0:
                taken[first:last] = b"\x01" * (last - first)
                kept.append(match)
        kept.sort(key=lambda m: m[0])
        return [m[5] for m in kept]

    def _with_context(self, text: str, layout: Layout, found, needs_context, cue_starts, ml_cues) -> list:
        """The matches that need no context, and those that do where they have one."""
        line_starts = [line.start for line in layout.lines]
        line_of = [bisect.bisect_right(line_starts, m[0]) - 1 for m in found]  # (the line a match starts on)
        unambiguous_lines: dict[int, int] = {}
        for line, needs in zip(line_of, needs_context, strict=True):
            if not needs:
                unambiguous_lines[line] = unambiguous_lines.get(line, 0) + 1
        accepted = []
        checked_per_line: dict[int, int] = {}
        modelling_by_line: dict[int, list[tuple[int, int]]] = {}
        for match, line, needs in zip(found, line_of, needs_context, strict=True):
            if needs:
                s, e, skill_id = match[0], match[1], match[2]
                if self._modelling_acronym(skill_id, text[s:e]):
                    spans = modelling_by_line.get(line)
                    if spans is None:
                        ln = layout.lines[line]
                        spans = modelling_by_line[line] = modelling_spans(text, ln.start, ln.end, ml_cues)
                    if modelling_beside(spans, s, e):
                        accepted.append(match)
                        continue
                key = line
                checked_per_line[key] = checked_per_line.get(key, 0) + 1
                if checked_per_line[key] > _MAX_AMBIGUOUS_PER_LINE:
                    continue
                if used_as_word(text, e) or not in_skill_context(text, layout, s, e, unambiguous_lines, cue_starts):
                    continue
                if self._lower_case_word(skill_id, text[s:e]) and layout.section_at(s) != "skills":
                    continue
            accepted.append(match)
        return accepted

    def _needs_context(self, skill_id: str, word: str) -> bool:
        if skill_id in self.ambiguous or self._modelling_acronym(skill_id, word):
            return True
        everyday = self.everyday.get(skill_id)
        return everyday is not None and word.lower() in everyday

    def _modelling_acronym(self, skill_id: str, word: str) -> bool:
        """"CNN", "GBM", "PCA": a modelling technique written as a short acronym, which needs modelling words
        on its line or a skills list around it (the news network, a pump, a bank form otherwise)."""
        return self.category[skill_id] in ML_CATEGORIES and ml_acronym(word)

    def _lower_case_word(self, skill_id: str, word: str) -> bool:
        """A product whose name is also a word, written in lower case in running text: "clarify", "react"."""
        return self.taxonomy[skill_id].name[:1].isupper() and word.islower() and " " not in word


def skill_facts(kept: list[Span], layout: Layout, roles: tuple[Role, ...], taxonomy: Taxonomy) -> tuple[Skill, ...]:
    """The `Skill` facts of the kept matches: mentions in text order, with months and the last year used."""
    text = layout.text
    role_starts = [r.span_start for r in roles]
    mentions: dict[str, list[Mention]] = {}
    stated: dict[str, int] = {}
    for span in kept:
        s, e, skill_id = span.start_char, span.end_char, span.label_
        k = bisect.bisect_right(role_starts, s) - 1
        role_index = k if k >= 0 and s < roles[k].span_end else None
        mentions.setdefault(skill_id, []).append(Mention(s, e, layout.section_at(s), role_index))
        months = _stated_months(text, e)
        if months:
            stated[skill_id] = max(stated.get(skill_id, 0), months)
    out = []
    for skill_id, hits in mentions.items():
        skill = taxonomy[skill_id]
        dated = sorted({m.role for m in hits if m.role is not None and roles[m.role].start and roles[m.role].end})
        spans = [(r.start, r.end) for r in (roles[i] for i in dated) if r.start and r.end]
        months = max(merged_months([month_interval(s, e) for s, e in spans]), stated.get(skill_id, 0))
        last_used = max((e.year for _, e in spans), default=None)
        out.append(Skill(skill.id, skill.name, skill.category, tuple(hits), months, last_used))
    return tuple(out)


def name_spans(layout: Layout, roles: tuple[Role, ...], education: tuple[Education, ...]) -> list[tuple[int, int]]:
    """Where the resume names an employer or a school: each role's and entry's own span, and every other place
    the resume writes an employer's or a school's name of two words or more."""
    names = [(r.employer.start, r.employer.end) for r in roles if r.employer]
    names += [(e.institution.start, e.institution.end) for e in education if e.institution]
    names += name_occurrences(layout, [r.employer.text for r in roles if r.employer])
    names += name_occurrences(layout, [e.institution.text for e in education if e.institution])
    return names


def subject_spans(education: tuple[Education, ...]) -> list[tuple[int, int]]:
    """Degree names and fields of study of several words ("Bachelor of Engineering", "Electronics and
    Communication"), where a word may be part of a subject's name rather than a skill of its own."""
    spans = [(e.degree.start, e.degree.end) for e in education if e.degree and " " in e.degree.text.strip()]
    return spans + [(e.field.start, e.field.end) for e in education if e.field and " " in e.field.text.strip()]


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
    if "(" not in window and "xperience" not in window and not _STATED_AFTER_RX.match(text, end):
        return 0  # neither "(3 years)", "- Experience - 24 months" nor "- 3 years" follows
    m = _STATED_RX.match(text, end, min(len(text), end + 80))
    if not m:
        return 0
    if m.group("m"):
        return int(m.group("m"))
    n = float(m.group("n") or m.group("n2"))
    unit = m.group("u") or m.group("u2")
    return round(n * 12) if unit.lower().startswith("y") else round(n)
