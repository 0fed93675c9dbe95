"""The recruiter's search box, read the same way on PostgreSQL and SQLite.

The box promises web-search syntax (`pytorch "computer vision" -intern`): every word or quoted phrase
must be in the resume (or, for a word, the candidate's name), a word after "-" must not be, and accents
and letter case never matter ("jose" finds "José"). PostgreSQL matches through the full-text vectors, which
are built from the folded text (`fold`); SQLite matches the folded text itself through `screening_fold`,
a function registered on every SQLite connection (`register_sqlite_functions`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Contains

MAX_SEARCH_TERMS = 8
_TERM = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_SPACES = re.compile(r"\s+")


def _accent_table() -> tuple[str, str]:
    """Accented Latin letters and their plain lower-case letter (é → e, Ø → o), as `translate` takes them.

    One table for Python and PostgreSQL's `translate`, so a name folds the same on both databases.
    """
    src, dst = [], []
    for code in range(0xC0, 0x250):
        char = chr(code)
        plain = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if len(plain) == 1 and plain.isascii() and plain.isalpha() and plain != char:
            src.append(char)
            dst.append(plain.lower())
    for char, plain in (("Ø", "o"), ("ø", "o"), ("Đ", "d"), ("đ", "d"), ("Ł", "l"), ("ł", "l")):
        src.append(char)
        dst.append(plain)
    return "".join(src), "".join(dst)


ACCENTED, PLAIN = _accent_table()
_FOLD = str.maketrans(ACCENTED, PLAIN)


def fold(text: str) -> str:
    """Lower case, accents off, runs of white space as one space: what search compares."""
    return _SPACES.sub(" ", text.translate(_FOLD).lower())


@dataclass(frozen=True)
class SearchTerms:
    """The box's words and phrases, folded: those that must be in a resume and those that must not."""

    required: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.required or self.excluded)


def parse_query(q: str) -> SearchTerms:
    """`pytorch "computer vision" -intern` → required pytorch and "computer vision", excluded intern.

    A lone "-" or empty quotes are ignored; a "+" in front of a word is the default and dropped; at most
    MAX_SEARCH_TERMS terms are read.
    """
    required: list[str] = []
    excluded: list[str] = []
    for match in _TERM.finditer(q):
        negated, phrase, word = match.group(1) == "-", match.group(2), match.group(3)
        if word is not None:
            negated = word.startswith("-")
            phrase = word.lstrip("-+").strip('"')
        phrase = fold(phrase or "").strip()
        if not phrase:
            continue
        (excluded if negated else required).append(phrase)
        if len(required) + len(excluded) >= MAX_SEARCH_TERMS:
            break
    return SearchTerms(required, excluded)


class Fold(Func):
    """`fold` inside the database: SQLite calls the registered Python function, PostgreSQL translates."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="screening_fold", **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"regexp_replace(lower(translate({sql}, %s, %s)), '\\s+', ' ', 'g')", (*params, ACCENTED, PLAIN)


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: gives every SQLite connection `screening_fold`."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("screening_fold", 1, _fold_or_none, deterministic=True)


def _fold_or_none(text):
    return None if text is None else fold(text)


def search_condition(terms: SearchTerms, *, field: str, by_name: bool) -> Q:
    """Applications whose resume `field` ("text" or its masked twin "blind_text") holds every required term,
    or whose name holds it when `by_name`, and no excluded term."""
    cond = Q()
    for term in terms.required:
        found = _text_has(term, field)
        if by_name:
            found |= Q(Contains(Fold(Coalesce(F("candidate__name"), Value(""))), term))
        cond &= found
    for term in terms.excluded:
        cond &= ~_text_has(term, field)
    return cond


def _text_has(term: str, field: str) -> Q:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        vector = "search_vector" if field == "text" else "blind_search_vector"
        kind = "phrase" if " " in term else "plain"
        return Q(**{f"current_resume__parse__{vector}": SearchQuery(term, config="english", search_type=kind)})
    return Q(Contains(Fold(Coalesce(F(f"current_resume__parse__{field}"), Value(""))), term))
