"""Names of organisations (employers, clients, schools, standards bodies): the one place their words live.

Every part of the reader that asks "is this a company's or a school's name?" asks here, so the word lists
cannot drift apart: the role reader (is a header segment an employer?), the merger of repeated jobs (are
"Infosys Ltd" and "Infosys Limited" one employer?), the education reader (does a line name a school?), the
name finder (a line with "Technologies" is not a person) and the skill filter (the "plc" of "BT Group plc"
and the "Dental" of "Northwestern Dental Center" are parts of names, not skills).

The words are data, `patterns/org_words.jsonl`, with four labels:
  legal_form   Inc, Ltd, GmbH, plc …      closes a company's name; never part of anything else
  institution  University, College, IIT … a school (also an organisation)
  name_head    Group, Bank, Hospital …    a noun that ends an organisation's name and is rarely a skill itself
  employer     Technologies, Solutions …  words companies are often named with, but which also name skills or
                                          trades ("Web Services", "Data Analytics"): evidence for an employer
                                          segment, never enough alone to take a skill word out of a name
"""
from __future__ import annotations

import functools
import re

from screening.nlp.rules import WORD_RX, word_set


@functools.lru_cache(maxsize=1)
def legal_forms() -> frozenset[str]:
    """"inc", "ltd", "gmbh" … lower case, with and without their final dot."""
    forms = word_set("org_words", "legal_form")
    return frozenset(forms | {f.rstrip(".") for f in forms})


@functools.lru_cache(maxsize=1)
def institution_words() -> frozenset[str]:
    return word_set("org_words", "institution")


@functools.lru_cache(maxsize=1)
def name_heads() -> frozenset[str]:
    """Nouns that close an organisation's name: Group, Bank, Hospital, Center, Foundation, University …"""
    return word_set("org_words", "name_head") | institution_words()


@functools.lru_cache(maxsize=1)
def employer_words() -> frozenset[str]:
    """Every word that makes a header segment read as an employer's name (the four labels together)."""
    return word_set("org_words", "employer") | name_heads() | legal_forms()


def has_legal_form(words: set[str]) -> bool:
    """Whether lower-cased `words` hold a legal form ("Acme Analytics Pvt Ltd")."""
    return bool(words & legal_forms())


def has_institution_word(text: str) -> bool:
    """"Stony Brook University", "IIT Bombay": a school's word, written as a name (capitalised) when short."""
    words = institution_words()
    for raw in WORD_RX.findall(text):
        w = raw.lower()
        if w in words and (len(w) > 4 or not raw.islower()):
            return True
    return False


# Words that do not tell two spellings of one employer apart: legal forms, articles, and the country a
# subsidiary adds ("Infosys Ltd" / "Infosys Limited" / "Infosys India").
_KEY_NOISE = frozenset(("the", "of", "and", "company", "india", "sa"))


def employer_key(name: str) -> frozenset[str]:
    """The words that identify an employer, for telling whether two names are one company."""
    words = {w.lower() for w in WORD_RX.findall(name)}
    return frozenset(words - legal_forms() - _KEY_NOISE) or frozenset(words)


@functools.lru_cache(maxsize=1)
def _legal_tail_regex() -> re.Pattern[str]:
    # forms written as a whole word, longest first; "Private Limited" is two words
    forms = sorted({f.rstrip(".") for f in legal_forms() if f.rstrip(".").isalpha()}, key=len, reverse=True)
    body = "|".join(re.escape(f) for f in forms)
    # up to three more capitalised words may sit between the skill word and the legal form ("Trace Analytics
    # Corporation", "Acme Analytics Pvt Ltd"); four words is already a sentence more often than a name
    return re.compile(
        rf"(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&.\-]*){{0,3}}[ \t]+(?:Private[ \t]+Limited|(?i:{body}))\b\.?"
    )


def ends_in_legal_form(text: str, end: int) -> bool:
    """Whether a company's legal form follows `end` within a few capitalised words ("… Analytics Pvt Ltd")."""
    m = _legal_tail_regex().match(text, end, min(len(text), end + 80))
    return m is not None and m.group().split()[-1][:1].isupper()


# A capitalised name: words starting with a capital (or "&", "of", "and", "the", "for" between them), on one line
_NAME_WORD = r"(?:[A-Z][\w'\-]*\.?|&)"
_NAME_RUN_RX = re.compile(rf"{_NAME_WORD}(?:[ \t]+(?:of|and|for|the|de|{_NAME_WORD}))*")


def organisation_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int, int]]:
    """Spans of organisation names written in `text[start:end]`: a run of capitalised words that ends in a
    name head or a legal form ("BT Group plc", "Northwestern Dental Center", "Bank of America", "Acme Pvt Ltd").

    Each span comes with the offsets of the word that makes it a name (start, end, head start, head end).
    A name needs two words or more: "Group" or "Bank" alone is a common noun at the start of a sentence.
    "University of X" / "Bank of X" keep the words after "of": the head sits first there.
    """
    end = len(text) if end is None else end
    heads = name_heads()
    legal = legal_forms()
    if not any(w.lower() in heads or w.lower() in legal for w in WORD_RX.findall(text, start, end)):
        return []  # no word that can close a name: no name (one pass over the words, not over every capitalised run)
    out = []
    for m in _NAME_RUN_RX.finditer(text, start, end):
        words = list(WORD_RX.finditer(m.group()))
        if len(words) < 2:
            continue
        lowered = [w.group().lower() for w in words]
        # the last head or legal form in the run closes the name
        last = max((i for i, w in enumerate(lowered) if w in heads or w in legal), default=None)
        if last is None:
            continue
        stop = words[last].end()
        if last + 2 < len(words) and lowered[last + 1] == "of":
            stop = words[-1].end()  # "Bank of America", "University of Edinburgh"
        elif last == 0:
            continue  # "Group Manager", "Bank Reconciliation": a head opening a phrase is not a name's end
        while stop < len(m.group()) and m.group()[stop] == ".":
            stop += 1
        head = words[last]
        out.append((m.start(), m.start() + stop, m.start() + head.start(), m.start() + head.end()))
    return out


# Standards bodies whose acronym is also a skill's name: "API RP 2A", "API 650" (American Petroleum Institute),
# "AWS D1.1" (American Welding Society). After one of them, a clause number or code names a standard.
_STANDARD_BODIES = frozenset(("api", "aws", "asme", "astm", "iso", "iec", "ieee", "nfpa", "dnv", "ansi", "sae"))
_STANDARD_CODE_RX = re.compile(r"[ \t]+(?:(?:RP|Spec|Std|MPMS|Publ?)\.?[ \t]+\w+|\d{1,4}[A-Z]?(?![\w.])|[A-Z]\d{1,2}\.\d)")


def names_a_standard(text: str, start: int, end: int) -> bool:
    """"API RP 2A", "API 650", "AWS D1.1": the acronym of a standards body followed by a standard's code."""
    word = text[start:end]
    return word.isupper() and word.lower() in _STANDARD_BODIES and bool(_STANDARD_CODE_RX.match(text, end))
