"""The spaCy pipeline that reads a resume: a blank (or given) English pipeline plus our rule components.

Components, in order (each registered with `@Language.factory("screening_<name>")`, each writing one
namespaced `Doc._.screening_*` extension):

    screening_layout        lines and sections               Doc._.screening_layout
    screening_cues          phrase cues (ML terms, item cues, certifications, spoken languages)
    screening_contact       name, emails, phones, links, location
    screening_experience    roles, months, stated experience
    screening_education     education entries
    screening_skills        taxonomy skills with mentions and months
    screening_achievements  certifications, projects, publications, awards, competitions, open source, languages
    screening_facts         the assembled `ResumeFacts`      Doc._.screening_facts

The reference date for "Present" travels on the Doc (`Doc._.screening_today`) so that one cached
pipeline serves every call.
"""
from __future__ import annotations

import datetime
import functools
import re
from typing import Optional

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

from screening.nlp.contact import document_title_spans, read_contact
from screening.nlp.education import read_education
from screening.nlp.experience import WorkHistory, read_work_history, stated_experience_months
from screening.nlp.facts import ResumeFacts
from screening.nlp.items import read_achievements
from screening.nlp.layout import read_layout
from screening.nlp.rules import load_rules
from screening.nlp.skills import SkillMatcher, name_occurrences
from screening.nlp.taxonomy import load_taxonomy

_EXTENSIONS = (
    "screening_today",
    "screening_text",
    "screening_layout",
    "screening_cues",
    "screening_contact",
    "screening_work",
    "screening_stated_months",
    "screening_education",
    "screening_skills",
    "screening_achievements",
    "screening_facts",
)


def register_extensions() -> None:
    """Register our `Doc._` attributes once per process (spaCy raises on a second registration)."""
    for name in _EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


def _today(doc: Doc) -> datetime.date:
    return doc._.screening_today or datetime.date.today()


@Language.factory("screening_layout")
def make_layout(nlp: Language, name: str):
    def layout_component(doc: Doc) -> Doc:
        # `doc.text` is rebuilt from the tokens on every access: read it once
        doc._.screening_layout = read_layout(doc._.screening_text or doc.text)
        return doc

    return layout_component


class CueMatcher:
    """Phrase cues for the extractors: ML vocabulary, item cues, certification names, spoken languages."""

    def __init__(self, nlp: Language):
        self.by_lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.by_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        table: dict[tuple[str, bool], list[str]] = {}

        def add(key: str, phrase: str, case_sensitive: bool = False) -> None:
            table.setdefault((key, case_sensitive), []).append(phrase)

        for row in load_rules("ml_terms"):
            add("ml|weak" if row.get("weak") else "ml|strong", row["pattern"], bool(row.get("case_sensitive")))
        for row in load_rules("item_cues"):
            add(f"{row['label']}|{row['kind']}", row["pattern"])
        for row in load_rules("certifications"):
            label = {"issuer": "issuer", "certificate": "certifications", "cert_word": "cert_word"}[row["label"]]
            add(f"{label}|{row['pattern'] if label != 'certifications' else ''}", row["pattern"])
        for row in load_rules("skill_cues"):
            add("skill_cue|", row["pattern"])
        for row in load_rules("spoken_languages"):
            value = row.get("name") or row.get("level")
            add(f"{row['label']}|{value}", row["pattern"])
        for (key, case_sensitive), phrases in table.items():
            matcher = self.by_orth if case_sensitive else self.by_lower
            matcher.add(key, [d for d in nlp.tokenizer.pipe(phrases) if len(d)])

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        found = []
        for matcher in (self.by_lower, self.by_orth):
            for match_id, start, end in matcher(doc):
                label, value = strings[match_id].split("|", 1)
                last = doc[end - 1]  # (character offsets from the two end tokens: no Span object needed)
                found.append((doc[start].idx, last.idx + len(last), label, value))
        found.sort()
        doc._.screening_cues = found
        return doc


@Language.factory("screening_cues")
def make_cues(nlp: Language, name: str):
    return CueMatcher(nlp)


@Language.factory("screening_contact")
def make_contact(nlp: Language, name: str):
    def contact_component(doc: Doc) -> Doc:
        doc._.screening_contact = read_contact(doc._.screening_layout)
        return doc

    return contact_component


@Language.factory("screening_experience")
def make_experience(nlp: Language, name: str):
    def experience_component(doc: Doc) -> Doc:
        layout = doc._.screening_layout
        ml_spans = [(s, e, value == "strong") for s, e, label, value in doc._.screening_cues or () if label == "ml"]
        doc._.screening_work = read_work_history(layout, _today(doc), ml_spans)
        doc._.screening_stated_months = stated_experience_months(layout)
        return doc

    return experience_component


@Language.factory("screening_education")
def make_education(nlp: Language, name: str):
    def education_component(doc: Doc) -> Doc:
        doc._.screening_education = read_education(doc._.screening_layout, _today(doc))
        return doc

    return education_component


@Language.factory("screening_skills", default_config={"taxonomy_path": None})
def make_skills(nlp: Language, name: str, taxonomy_path: Optional[str]):
    matcher = SkillMatcher(nlp, load_taxonomy(taxonomy_path))

    def skills_component(doc: Doc) -> Doc:
        work: WorkHistory = doc._.screening_work
        layout = doc._.screening_layout
        cue_starts = [s for s, _, label, _ in doc._.screening_cues or () if label == "skill_cue"]
        roles = work.roles if work else ()
        names = [(r.employer.start, r.employer.end) for r in roles if r.employer]
        names += [(e.institution.start, e.institution.end) for e in doc._.screening_education or () if e.institution]
        names += name_occurrences(layout, [r.employer.text for r in roles if r.employer])
        names += name_occurrences(layout, [e.institution.text for e in doc._.screening_education or () if e.institution])
        names += document_title_spans(layout)
        doc._.screening_skills = matcher(doc, layout, roles, cue_starts, names)
        return doc

    return skills_component


@Language.factory("screening_achievements")
def make_achievements(nlp: Language, name: str):
    def achievements_component(doc: Doc) -> Doc:
        contact = doc._.screening_contact
        doc._.screening_achievements = read_achievements(
            doc._.screening_layout, doc._.screening_cues or [], contact.links if contact else ()
        )
        return doc

    return achievements_component


@Language.factory("screening_facts")
def make_facts(nlp: Language, name: str):
    def facts_component(doc: Doc) -> Doc:
        doc._.screening_facts = assemble_facts(doc)
        return doc

    return facts_component


def assemble_facts(doc: Doc) -> ResumeFacts:
    layout = doc._.screening_layout
    if layout is None or is_blank(layout.text):
        return ResumeFacts()
    contact = doc._.screening_contact
    work: WorkHistory = doc._.screening_work
    found = doc._.screening_achievements
    return ResumeFacts(
        name=contact.name,
        emails=contact.emails,
        phones=contact.phones,
        links=contact.links,
        location=contact.location,
        sections=layout.sections,
        skills=doc._.screening_skills or (),
        education=doc._.screening_education or (),
        experience=work.roles,
        total_experience_months=work.total_months,
        ml_experience_months=work.ml_months,
        stated_experience_months=doc._.screening_stated_months,
        certifications=found.certifications,
        projects=found.projects,
        open_source=found.open_source,
        publications=found.publications,
        awards=found.awards,
        competitions=found.competitions,
        languages=found.languages,
    )


COMPONENTS = (
    "screening_layout",
    "screening_cues",
    "screening_contact",
    "screening_experience",
    "screening_education",
    "screening_skills",
    "screening_achievements",
    "screening_facts",
)


def customise_tokenizer(nlp: Language) -> None:
    """Keep skill names whole or cleanly split: "C#"/"F#" stay one token, "JAVA-" loses its dash.

    Also drops the special cases that only restate a whitespace run as itself (" ", "\\t", "\\n"): the tokens
    are the same without them (no prefix, suffix or infix rule touches whitespace), but spaCy stops caching how
    it split text for the rest of a document once any special case is hit, and every resume has a line break
    in its first line. Without them the tokenizer's cache serves most words of a resume.
    """
    nlp.tokenizer.rules = {
        orth: tokens for orth, tokens in nlp.tokenizer.rules.items() if not _restates_whitespace(orth, tokens)
    }
    for name in ("C#", "c#", "F#", "f#"):
        nlp.tokenizer.add_special_case(name, [{"ORTH": name}])
    suffixes = list(nlp.Defaults.suffixes) + [r"(?<=[A-Za-z0-9+#])-+"]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


def _restates_whitespace(orth: str, tokens: list[dict]) -> bool:
    # the rule must be whitespace turned into one token with nothing but its own text (not "\xa0" with a NORM)
    return orth.isspace() and tokens == [{ORTH: orth}]


_PUNCTUATION = tuple(",.;:()[]{}-\u2013\u2014'\"/&%+*\u2022|?!@#$")


def preload_vocabulary(nlp: Language, taxonomy) -> None:
    """Put the words of our rules, of the skill taxonomy and of everyday resume text into the vocabulary.

    spaCy's tokenizer caches how it split a piece of text only when every resulting word is in the vocabulary;
    a blank pipeline's vocabulary is empty, so it splits every word of every resume again. With the words a
    resume is mostly made of known (in the cases they are written in), most pieces are split once per process.
    The vocabulary is fixed here, so memory stays bounded, and tokens are the same with or without it.
    """
    forms: set[str] = set(_PUNCTUATION)
    texts = [row["pattern"] for name in _VOCABULARY_FILES for row in load_rules(name)]
    texts += [form for skill in taxonomy for form in skill.surface_forms]
    for doc in nlp.tokenizer.pipe(texts):
        for token in doc:
            word = token.text
            forms.update((word, word.lower(), word.capitalize(), word.upper()))
    for form in forms:
        nlp.vocab[form]  # noqa: B018 (the look-up adds the lexeme)


_VOCABULARY_FILES = (
    "vocabulary",
    "section_headings",
    "title_words",
    "org_words",
    "degrees",
    "degree_subjects",
    "places",
    "date_words",
    "skill_cues",
    "item_cues",
    "ml_terms",
    "spoken_languages",
    "certifications",
)


@functools.lru_cache(maxsize=4)
def build_pipeline(model: str | None = None, taxonomy_path: str | None = None) -> Language:
    """spaCy blank English (or the installed trained pipeline `model`) plus our components, built once."""
    if model:
        nlp = spacy.load(model)  # must already be installed: nothing is ever downloaded
    else:
        nlp = spacy.blank("en")
    customise_tokenizer(nlp)
    preload_vocabulary(nlp, load_taxonomy(taxonomy_path))
    for component in COMPONENTS:
        config = {"taxonomy_path": taxonomy_path} if component == "screening_skills" else {}
        nlp.add_pipe(component, config=config)
    # Tokenising the rule phrases and taxonomy forms above filled the tokenizer's cache of split pieces, which
    # stops taking entries at `max_cache_size` (10,000): left full, it never learns a resume's words and every
    # piece of every resume goes through the prefix/suffix/infix expressions again. Emptied, it fills with
    # the pieces resumes are made of. (A cache only: tokens are the same either way.)
    nlp.tokenizer._flush_cache()
    return nlp


_PRINTABLE_RX = re.compile(r"\S")


def is_blank(text: str) -> bool:
    return not _PRINTABLE_RX.search(text or "")
