"""Reading resumes: `extract(text) -> ResumeFacts` with a spaCy rule pipeline (no trained model needed).

Pure core: no Django, no settings; configuration comes in as arguments. A `spacy.Doc` never leaves
this package. See `pipeline.py` for the components and `patterns/` for the rules as data.
"""
from __future__ import annotations

import datetime
from typing import Iterable, Iterator

from spacy.language import Language
from spacy.tokenizer import Tokenizer

from screening.nlp.facts import ResumeFacts
from screening.nlp.pipeline import build_pipeline, is_blank
from screening.nlp.taxonomy import Taxonomy, TaxonomySkill, load_taxonomy

# Bump when the facts produced for the same text change, so stored facts can be re-read.
PARSER_VERSION = "2026.12.5"

__all__ = [
    "PARSER_VERSION",
    "ResumeFacts",
    "Taxonomy",
    "TaxonomySkill",
    "build_pipeline",
    "extract",
    "extract_many",
    "load_taxonomy",
    "tokenizer",
]


def _prepared(nlp: Language, text: str, today: datetime.date | None):
    doc = nlp.make_doc(text)
    doc._.screening_text = text
    doc._.screening_today = today or datetime.date.today()
    return doc


def extract(text: str, *, today: datetime.date | None = None, pipeline: Language | None = None) -> ResumeFacts:
    """The facts of one resume text. `today` is the reference date for "Present" (default: today).

    `pipeline` is for tests and tools that need another taxonomy (`build_pipeline(taxonomy_path=...)`).
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() takes the resume text as str, not {type(text).__name__}")
    if is_blank(text):
        return ResumeFacts()
    nlp = pipeline or build_pipeline()
    doc = nlp(_prepared(nlp, text, today))
    return doc._.screening_facts


def extract_many(
    texts: Iterable[str],
    *,
    today: datetime.date | None = None,
    batch_size: int = 32,
    pipeline: Language | None = None,
) -> Iterator[ResumeFacts]:
    """Facts for many texts, in order, through `nlp.pipe` (same results as `extract` one by one)."""
    nlp = pipeline or build_pipeline()
    day = today or datetime.date.today()
    docs = (_prepared(nlp, text if isinstance(text, str) else str(text), day) for text in texts)
    for doc in nlp.pipe(docs, batch_size=batch_size):
        yield doc._.screening_facts if not is_blank(doc._.screening_text) else ResumeFacts()


def tokenizer() -> Tokenizer:
    """The pipeline's tokenizer (with our special cases), for token-level matching elsewhere."""
    return build_pipeline().tokenizer
