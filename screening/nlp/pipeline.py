"""The spaCy pipeline that reads a resume: a blank (or given) English pipeline plus our rule components.

Components, in order (each declares what it `assigns` and `requires`, so `nlp.analyze_pipes()` checks the order):

    screening_sectionizer    lines and sections          Doc._.screening_layout, doc.spans["sections"]
    screening_cues           span_ruler: phrase cues      doc.spans["cues"] (ML terms, item cues, certifications,
                                                          skill cues, spoken languages; `_exact`: cased ones)
    screening_contact        name, emails, phones, links, location
    screening_experience     roles, months, stated experience
    screening_education      education entries
    screening_skill_matcher  span_ruler: taxonomy names   doc.spans["skill_matches"], labelled with the skill id
                             (with `_exact`, a second ruler for the names that keep their case)
    screening_skill_filter   the candidate's own skills   doc.spans["skills"] (ambiguous names, names of
                                                          organisations, somebody else's technology filtered out)
    screening_skills         skills with mentions and months
    screening_achievements   certifications, projects, publications, awards, competitions, open source, languages
    screening_facts          the assembled `ResumeFacts`  Doc._.screening_facts

The reference date for "Present" travels on the Doc (`Doc._.screening_today`) so that one cached
pipeline serves every call.
"""
from __future__ import annotations

import datetime
import functools
import re
from typing import Any, Optional, cast

import spacy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc
from spacy.util import compile_suffix_regex

from screening.nlp.contact import document_title_spans, read_contact
from screening.nlp.education import read_education
from screening.nlp.experience import WorkHistory, read_work_history, stated_experience_months
from screening.nlp.facts import ResumeFacts
from screening.nlp.items import read_achievements
from screening.nlp.layout import read_layout
from screening.nlp.rules import load_rules
from screening.nlp.skills import SkillFilter, name_spans, skill_facts, skill_patterns, subject_spans
from screening.nlp.taxonomy import load_taxonomy

_EXTENSIONS = (
    "screening_today",
    "screening_text",
    "screening_layout",
    "screening_contact",
    "screening_work",
    "screening_stated_months",
    "screening_education",
    "screening_skills",
    "screening_achievements",
    "screening_facts",
)

# Span groups the components write, like medspacy's sectionizer and spaCy's span_ruler do.
SECTIONS_KEY = "sections"  # one span per section, labelled with its name ("skills", "experience"…)
CUES_KEY = "cues"  # phrase cues: label = kind ("ml", "skill_cue", "certifications"…), id = value
SKILL_MATCHES_KEY = "skill_matches"  # every taxonomy match, labelled with the skill id
SKILLS_KEY = "skills"  # the matches the skill filter kept


def register_extensions() -> None:
    """Register our `Doc._` attributes once per process (spaCy raises on a second registration)."""
    for name in _EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()


def _today(doc: Doc) -> datetime.date:
    return doc._.screening_today or datetime.date.today()


def _text(doc: Doc) -> str:
    # `doc.text` is rebuilt from the tokens on every access: the text is kept on the Doc once
    return doc._.screening_text if doc._.screening_text is not None else doc.text


@Language.factory("screening_sectionizer", assigns=["doc._.screening_layout", "doc.spans"])
def make_sectionizer(nlp: Language, name: str):
    """Lines and sections (headings are data: `patterns/section_headings.jsonl`), as medspacy's sectionizer
    writes them: one span per section in `doc.spans["sections"]`, and the layout the readers below use."""

    def sectionizer(doc: Doc) -> Doc:
        layout = read_layout(_text(doc))
        doc._.screening_layout = layout
        spans = []
        for section in layout.sections:
            span = doc.char_span(section.start, section.end, label=section.name, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[SECTIONS_KEY] = spans
        return doc

    return sectionizer


def cue_patterns(*, exact: bool) -> list[dict]:
    """`span_ruler` phrase patterns for the cues the readers use: ML vocabulary (label "ml", id "strong" or
    "weak"), item cues (label = fact kind, id = cue kind), certification names and issuers, skill cues and
    spoken languages. With `exact`, the case-sensitive ones (for a ruler on ORTH), else the others (on LOWER)."""
    patterns: list[dict] = []

    def add(label: str, value: str | None, phrase: str, case_sensitive: bool = False) -> None:
        if case_sensitive == exact:
            patterns.append({"label": label, "pattern": phrase, "id": value})

    for row in load_rules("ml_terms"):
        add("ml", "weak" if row.get("weak") else "strong", row["pattern"], bool(row.get("case_sensitive")))
    for row in load_rules("item_cues"):
        add(row["label"], row["kind"], row["pattern"])
    for row in load_rules("certifications"):
        label = {"issuer": "issuer", "certificate": "certifications", "cert_word": "cert_word"}[row["label"]]
        add(label, row["pattern"] if label != "certifications" else "", row["pattern"])
    for row in load_rules("skill_cues"):
        add("skill_cue", "", row["pattern"])
    for row in load_rules("spoken_languages"):
        add(row["label"], row.get("name") or row.get("level"), row["pattern"])
    return patterns


def cue_tuples(doc: Doc) -> list[tuple[int, int, str, str]]:
    """The cues as (start, end, kind, value), in text order: what the readers take.

    Read from the span group once per Doc (three components ask; iterating a span group builds a Span object
    per cue) and kept in `doc.user_data`, where spaCy keeps a component's own data."""
    key = ("screening", "cue_tuples")
    user_data: dict[Any, Any] = doc.user_data  # (spaCy types its keys as str, and keys its own data by tuples)
    found = user_data.get(key)
    if found is None:
        spans = doc.spans[CUES_KEY] if CUES_KEY in doc.spans else ()
        found = user_data[key] = sorted((s.start_char, s.end_char, s.label_, s.id_) for s in spans)
    return found


@Language.factory(
    "screening_contact", assigns=["doc._.screening_contact"], requires=["doc._.screening_layout"]
)
def make_contact(nlp: Language, name: str):
    def contact_component(doc: Doc) -> Doc:
        doc._.screening_contact = read_contact(doc._.screening_layout)
        return doc

    return contact_component


@Language.factory(
    "screening_experience",
    assigns=["doc._.screening_work", "doc._.screening_stated_months"],
    requires=["doc._.screening_layout", "doc.spans"],
)
def make_experience(nlp: Language, name: str):
    def experience_component(doc: Doc) -> Doc:
        layout = doc._.screening_layout
        ml_spans = [(s, e, value == "strong") for s, e, label, value in cue_tuples(doc) if label == "ml"]
        doc._.screening_work = read_work_history(layout, _today(doc), ml_spans)
        doc._.screening_stated_months = stated_experience_months(layout)
        return doc

    return experience_component


@Language.factory(
    "screening_education", assigns=["doc._.screening_education"], requires=["doc._.screening_layout"]
)
def make_education(nlp: Language, name: str):
    def education_component(doc: Doc) -> Doc:
        doc._.screening_education = read_education(doc._.screening_layout, _today(doc))
        return doc

    return education_component


@Language.factory(
    "screening_skill_filter",
    assigns=["doc.spans"],
    requires=["doc.spans", "doc._.screening_layout", "doc._.screening_work", "doc._.screening_education"],
    default_config={"taxonomy_path": None},
)
def make_skill_filter(nlp: Language, name: str, taxonomy_path: Optional[str]):
    """Keeps the skill matches that are the candidate's skills (`skill_context.py`): not part of a name, a
    date or a standard, not an ordinary word, not somebody else's technology."""
    skill_filter = SkillFilter(load_taxonomy(taxonomy_path))

    def skill_filter_component(doc: Doc) -> Doc:
        layout = doc._.screening_layout
        work: WorkHistory = doc._.screening_work
        roles = work.roles if work else ()
        education = doc._.screening_education or ()
        names = name_spans(layout, roles, education) + document_title_spans(layout)
        cues = cue_tuples(doc)
        cue_starts = [s for s, _, label, _ in cues if label == "skill_cue"]
        ml_cues = [(s, e) for s, e, label, _ in cues if label == "ml"]
        matches = doc.spans[SKILL_MATCHES_KEY] if SKILL_MATCHES_KEY in doc.spans else ()
        doc.spans[SKILLS_KEY] = skill_filter(
            doc, matches, layout, cue_starts, names, subject_spans(education), ml_cues=ml_cues
        )
        return doc

    return skill_filter_component


@Language.factory(
    "screening_skills",
    assigns=["doc._.screening_skills"],
    requires=["doc.spans", "doc._.screening_layout", "doc._.screening_work"],
    default_config={"taxonomy_path": None},
)
def make_skills(nlp: Language, name: str, taxonomy_path: Optional[str]):
    taxonomy = load_taxonomy(taxonomy_path)

    def skills_component(doc: Doc) -> Doc:
        work: WorkHistory = doc._.screening_work
        kept = list(doc.spans[SKILLS_KEY]) if SKILLS_KEY in doc.spans else []
        doc._.screening_skills = skill_facts(kept, doc._.screening_layout, work.roles if work else (), taxonomy)
        return doc

    return skills_component


@Language.factory(
    "screening_achievements",
    assigns=["doc._.screening_achievements"],
    requires=["doc._.screening_layout", "doc._.screening_contact", "doc.spans"],
)
def make_achievements(nlp: Language, name: str):
    def achievements_component(doc: Doc) -> Doc:
        contact = doc._.screening_contact
        doc._.screening_achievements = read_achievements(
            doc._.screening_layout, cue_tuples(doc), contact.links if contact else ()
        )
        return doc

    return achievements_component


@Language.factory(
    "screening_facts",
    assigns=["doc._.screening_facts"],
    requires=[
        "doc._.screening_layout",
        "doc._.screening_contact",
        "doc._.screening_work",
        "doc._.screening_stated_months",
        "doc._.screening_education",
        "doc._.screening_skills",
        "doc._.screening_achievements",
    ],
)
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


# (name in the pipeline, factory): the order `nlp.analyze_pipes()` checks against what each one requires
COMPONENTS = (
    ("screening_sectionizer", "screening_sectionizer"),
    ("screening_cues", "span_ruler"),
    ("screening_cues_exact", "span_ruler"),
    ("screening_contact", "screening_contact"),
    ("screening_experience", "screening_experience"),
    ("screening_education", "screening_education"),
    ("screening_skill_matcher", "span_ruler"),
    ("screening_skill_matcher_exact", "span_ruler"),
    ("screening_skill_filter", "screening_skill_filter"),
    ("screening_skills", "screening_skills"),
    ("screening_achievements", "screening_achievements"),
    ("screening_facts", "screening_facts"),
)


def _tokenizer(nlp: Language) -> Tokenizer:
    """spaCy types `nlp.tokenizer` as any callable; a pipeline built here always has spaCy's own Tokenizer."""
    return cast(Tokenizer, nlp.tokenizer)


def customise_tokenizer(nlp: Language) -> None:
    """Keep skill names whole or cleanly split: "C#"/"F#" stay one token, "JAVA-" loses its dash.

    Also drops the special cases that only restate a whitespace run as itself (" ", "\\t", "\\n"): the tokens
    are the same without them (no prefix, suffix or infix rule touches whitespace), but spaCy stops caching how
    it split text for the rest of a document once any special case is hit, and every resume has a line break
    in its first line. Without them the tokenizer's cache serves most words of a resume.
    """
    tokenizer = _tokenizer(nlp)
    tokenizer.rules = {
        orth: tokens for orth, tokens in tokenizer.rules.items() if not _restates_whitespace(orth, tokens)
    }
    for name in ("C#", "c#", "F#", "f#"):
        tokenizer.add_special_case(name, [{"ORTH": name}])
    suffixes = list(nlp.Defaults.suffixes or ()) + [r"(?<=[A-Za-z0-9+#])-+"]
    tokenizer.suffix_search = compile_suffix_regex(suffixes).search


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
    for doc in _tokenizer(nlp).pipe(texts):
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
    taxonomy = load_taxonomy(taxonomy_path)
    preload_vocabulary(nlp, taxonomy)
    for name, factory in COMPONENTS:
        if factory == "span_ruler":
            # two rulers per span group: names matched in any case (LOWER), and names that keep their case
            # (ORTH: "R", "Go", "SAS"); the second adds to the group the first wrote
            key = CUES_KEY if name.startswith("screening_cues") else SKILL_MATCHES_KEY
            exact = name.endswith("_exact")
            config: dict[str, Any] = {"spans_key": key, "phrase_matcher_attr": "ORTH" if exact else "LOWER", "overwrite": not exact}
            nlp.add_pipe("span_ruler", name=name, config=config)
        else:
            config = {"taxonomy_path": taxonomy_path} if factory in ("screening_skill_filter", "screening_skills") else {}
            nlp.add_pipe(factory, name=name, config=config)
    # the rulers tokenise their phrase patterns with `nlp.pipe`, running every component before them: only the
    # tokenizer is wanted there
    patterns = {
        "screening_cues": cue_patterns(exact=False),
        "screening_cues_exact": cue_patterns(exact=True),
        "screening_skill_matcher": skill_patterns(taxonomy, exact=False),
        "screening_skill_matcher_exact": skill_patterns(taxonomy, exact=True),
    }
    for name, rows in patterns.items():
        if not rows:
            nlp.remove_pipe(name)  # (a taxonomy without case-sensitive names: a ruler with nothing to find)
    with nlp.select_pipes(enable=[]):
        for name, rows in patterns.items():
            if rows:
                cast(SpanRuler, nlp.get_pipe(name)).add_patterns(rows)  # (the rulers added above)
    # Tokenising the rule phrases and taxonomy forms above filled the tokenizer's cache of split pieces, which
    # stops taking entries at `max_cache_size` (10,000): left full, it never learns a resume's words and every
    # piece of every resume goes through the prefix/suffix/infix expressions again. Emptied, it fills with
    # the pieces resumes are made of. (A cache only: tokens are the same either way.)
    _tokenizer(nlp)._flush_cache()
    return nlp


_PRINTABLE_RX = re.compile(r"\S")


def is_blank(text: str) -> bool:
    return not _PRINTABLE_RX.search(text or "")
