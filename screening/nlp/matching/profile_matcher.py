"""The profile matcher: what was read from a resume, matched against a profile's competencies.

Independent of weights: a competency is evidenced by its taxonomy skills (and skills whose
`broader` chain leads to one of them: PyTorch is evidence of deep learning), by literal synonyms
the admin typed (matched as phrases on tokens, never as regular expressions), and by signals
(projects, open source, competitions, hands-on ML work in one's own roles and projects...). For each
competency we keep where the best evidence sits, the months of dated roles that mention it, when it was last used, and the sentences.
"""
from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher

from screening.nlp.dates import merged_months, month_interval
from screening.nlp.facts import EDUCATION_LEVELS, ResumeFacts, Role
from screening.nlp.matching.signals import hands_on_ml_roles, signal_items
from screening.scoring import (
    NON_TECHNICAL_CATEGORIES,
    CandidateFeatures,
    CompetencyFeatures,
    Evidence,
    ProfileSpec,
    placement_for_section,
)

MAX_EVIDENCE = 3
MAX_SENTENCE_CHARS = 240

@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    section: str
    role: int | None
    placement: int


class ProfileMatcher:
    """Built once per profile matching signature (cached), then applied to many resumes."""

    def __init__(self, spec: ProfileSpec, taxonomy_path: str | None = None):
        from screening import nlp  # the pipeline module; imported late to keep import order simple

        self.spec = spec
        self._nlp = nlp.build_pipeline()  # for its tokenizer only
        taxonomy = nlp.load_taxonomy(taxonomy_path)
        self._skill_keys: dict[str, set[int]] = {}
        for j, comp in enumerate(spec.competencies):
            for skill_id in comp.skills:
                self._skill_keys.setdefault(skill_id, set()).add(j)
        # A skill evidences a competency when the competency names it or anything broader than it.
        self._skill_to_comps: dict[str, frozenset[int]] = {}
        for skill in taxonomy:
            skill_id = skill.id
            comps = set()
            for ancestor in (skill_id, *taxonomy.broader(skill_id, transitive=True)):
                comps |= self._skill_keys.get(ancestor, set())
            if comps:
                self._skill_to_comps[skill_id] = frozenset(comps)
        self._matcher = PhraseMatcher(self._nlp.vocab, attr="LOWER")
        for j, comp in enumerate(spec.competencies):
            patterns = [self._nlp.make_doc(s) for s in comp.synonyms if s.strip()]
            if patterns:
                self._matcher.add(str(j), patterns)
        self._fields = [self._nlp.make_doc(f.lower()) for f in spec.education.fields if f.strip()]

    def features(self, text: str, facts: ResumeFacts, *, today: datetime.date | None = None) -> CandidateFeatures:
        today = today or datetime.date.today()
        layout = _Layout(facts)
        k = len(self.spec.competencies)
        hits: list[list[_Hit]] = [[] for _ in range(k)]
        stated_months = [0] * k
        last_used = [0] * k

        for skill in facts.skills:
            indexes = self._skill_to_comps.get(skill.id)
            if not indexes:
                continue
            for j in indexes:
                stated_months[j] = max(stated_months[j], skill.months)
                last_used[j] = max(last_used[j], skill.last_used or 0)
                for m in skill.mentions:
                    role = m.role if m.role is not None else layout.role_at(m.start)
                    hits[j].append(_Hit(m.start, m.end, m.section, role, self._placement(m.section, role, facts)))

        if len(self._matcher):
            doc = self._nlp.make_doc(text)
            for match_id, s, e in self._matcher(doc):
                j = int(self._nlp.vocab.strings[match_id])
                start, end = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
                section = layout.section_at(start)
                role = layout.role_at(start)
                hits[j].append(_Hit(start, end, section, role, self._placement(section, role, facts)))

        for j, comp in enumerate(self.spec.competencies):
            for signal in comp.signals:
                for item, section in signal_items(facts, signal, text, layout):
                    role = layout.role_at(item.start)
                    hits[j].append(
                        _Hit(item.start, item.end, section, role, self._placement(section, role, facts))
                    )

        comps = []
        for j, comp in enumerate(self.spec.competencies):
            comp_hits = hits[j]
            if not comp_hits:
                comps.append(CompetencyFeatures(key=comp.key))
                continue
            roles = {h.role for h in comp_hits if h.role is not None}
            months = max(stated_months[j], layout.merged_months(roles))
            used = max(last_used[j], layout.last_year(roles))
            comps.append(
                CompetencyFeatures(
                    key=comp.key,
                    placement=max(h.placement for h in comp_hits),
                    months=months,
                    last_used=used or None,
                    mentions=len(comp_hits),
                    evidence=_best_evidence(text, comp_hits),
                )
            )

        # Related experience: ML roles, and roles whose text evidences one of the profile's skills.
        related_roles = {i for i, role in enumerate(facts.experience) if role.ml_relevant}
        for j, comp in enumerate(self.spec.competencies):
            if comp.category not in NON_TECHNICAL_CATEGORIES:
                related_roles |= {h.role for h in hits[j] if h.role is not None}
        ml_roles = hands_on_ml_roles(text, facts, layout)
        ml_months = layout.merged_months(ml_roles)
        related_months = max(ml_months, layout.merged_months(related_roles))
        stated = facts.stated_experience_months or 0
        if stated and related_roles and not any(_dated(role) for role in facts.experience):
            # No role has dates: the months the resume states ("6 years of experience") stand in for
            # related roles, and for ML roles when one of them is an ML role (README).
            related_months = max(related_months, stated)
            if ml_roles:
                ml_months = max(ml_months, stated)
        level, field_match, edu_evidence = self._education(text, facts, layout)
        return CandidateFeatures(
            competencies=tuple(comps),
            reference_year=today.year,
            education_level=level,
            education_field_match=field_match,
            education_evidence=edu_evidence,
            experience_months=facts.total_experience_months or (facts.stated_experience_months or 0),
            ml_experience_months=ml_months,
            related_experience_months=related_months,
        )

    @staticmethod
    def _placement(section: str, role: int | None, facts: ResumeFacts) -> int:
        return placement_for_section(section, role is not None, role is not None and _dated(facts.experience[role]))

    def _education(self, text: str, facts: ResumeFacts, layout: "_Layout") -> tuple[str | None, int, Evidence | None]:
        """Highest level; 1 if a preferred field is studied, -1 if only other fields are stated, else 0."""
        best = None
        for entry in facts.education:
            if entry.level in EDUCATION_LEVELS and (
                best is None or EDUCATION_LEVELS.index(entry.level) > EDUCATION_LEVELS.index(best.level)
            ):
                best = entry
        field_match = 0
        if self._fields:
            # Only degrees the profile gives credit for say anything about the field of study (a school
            # leaving certificate's "Secondary Education" is not a field).
            credited = {level for level, credit in self.spec.education.levels if credit > 0}
            for entry in facts.education:
                if entry.level not in credited:
                    continue
                if any(span is not None and self._field_matches(span.text) for span in (entry.field, entry.degree)):
                    field_match = 1
                    break
                if entry.field is not None:
                    field_match = -1
        evidence = None
        if best is not None:
            anchor = best.degree or best.field or best.institution
            if anchor is not None:
                evidence = _sentence(text, anchor.start, anchor.end, layout.section_at(anchor.start))
        return (best.level if best else None), field_match, evidence

    def _field_matches(self, phrase: str) -> bool:
        words = [t.lower_ for t in self._nlp.make_doc(phrase)]
        for field_doc in self._fields:
            wanted = [t.lower_ for t in field_doc]
            n = len(wanted)
            if any(words[i : i + n] == wanted for i in range(len(words) - n + 1)):
                return True
        return False


class _Layout:
    """Where offsets fall: which section, which dated role."""

    def __init__(self, facts: ResumeFacts):
        sections = sorted(facts.sections, key=lambda s: s.start)
        self._section_starts = [s.start for s in sections]
        self._sections = sections
        self._roles = facts.experience

    def section_at(self, offset: int) -> str:
        i = bisect.bisect_right(self._section_starts, offset) - 1
        if i >= 0 and offset < self._sections[i].end:
            return self._sections[i].name
        return "other"

    def role_at(self, offset: int) -> int | None:
        for i, role in enumerate(self._roles):
            if role.span_start <= offset < role.span_end:
                return i
        return None

    def merged_months(self, roles: set[int]) -> int:
        """Months of these roles, overlaps merged: the same arithmetic (`nlp.dates`) as the facts' months,
        so a competency's months and the experience figures agree on one page."""
        dated = (self._roles[i] for i in roles)
        return merged_months(
            [month_interval(r.start, r.end) for r in dated if r.start is not None and r.end is not None and _dated(r)]
        )

    def last_year(self, roles: set[int]) -> int:
        years = []
        for i in roles:
            role = self._roles[i]
            if role.end is not None and role.end.year:
                years.append(role.end.year)
            elif role.start is not None and role.start.year:
                years.append(role.start.year)
        return max(years, default=0)


def _dated(role: Role) -> bool:
    return bool(role.start and role.start.year and role.end and role.end.year)


def _best_evidence(text: str, hits: list[_Hit]) -> tuple[Evidence, ...]:
    chosen: list[Evidence] = []
    seen: set[tuple[int, int]] = set()
    for hit in sorted(hits, key=lambda h: (-h.placement, h.start)):
        ev = _sentence(text, hit.start, hit.end, hit.section)
        if (ev.start, ev.end) in seen:
            continue
        seen.add((ev.start, ev.end))
        chosen.append(ev)
        if len(chosen) == MAX_EVIDENCE:
            break
    return tuple(chosen)


def _sentence(text: str, start: int, end: int, section: str) -> Evidence:
    """The line (or sentence within a long line) around a mention, at most MAX_SENTENCE_CHARS."""
    left = text.rfind("\n", 0, start) + 1
    right = text.find("\n", end)
    right = len(text) if right == -1 else right
    if right - left > MAX_SENTENCE_CHARS:
        # Long line (a one-line resume blob): narrow to sentence punctuation, then to a window.
        dot = max(text.rfind(". ", left, start), text.rfind("; ", left, start))
        left = dot + 2 if dot != -1 else left
        stop = [i for i in (text.find(". ", end, right), text.find("; ", end, right)) if i != -1]
        right = min(stop) + 1 if stop else right
        half = MAX_SENTENCE_CHARS // 2
        left = max(left, start - half)
        right = min(right, max(end + half, left + MAX_SENTENCE_CHARS))
    while left < start and text[left].isspace():
        left += 1
    while right > end and text[right - 1].isspace():
        right -= 1
    return Evidence(text=text[left:right], start=left, end=right, section=section)


@lru_cache(maxsize=16)
def matcher_for(spec: ProfileSpec, taxonomy_path: str | None = None) -> ProfileMatcher:
    """One matcher per distinct profile and taxonomy (specs are frozen and hashable)."""
    return ProfileMatcher(spec, taxonomy_path)


def match(
    text: str,
    facts: ResumeFacts,
    spec: ProfileSpec,
    *,
    today: datetime.date | None = None,
    taxonomy_path: str | None = None,
) -> CandidateFeatures:
    """Match one resume's text and facts against a profile; `taxonomy_path` as the facts were read with."""
    return matcher_for(spec, taxonomy_path).features(text, facts, today=today)
