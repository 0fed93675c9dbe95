"""Loading the rule data files in `screening/nlp/patterns/` and turning word lists into fast regexes.

Rules are data (one JSON object per line, spaCy's `{"label", "pattern"}` shape plus extra keys) so that a
recruiter-facing fix such as a new section heading or degree name is a one-line data change, not code.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Iterable

PATTERNS_DIR = Path(__file__).resolve().parent / "patterns"


@functools.lru_cache(maxsize=None)
def load_rules(name: str) -> tuple[dict, ...]:
    """All rows of `patterns/<name>.jsonl`, in file order (blank lines and `//` comments skipped)."""
    rows = []
    with open(PATTERNS_DIR / f"{name}.jsonl", encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line and not line.startswith("//"):
                rows.append(json.loads(line))
    return tuple(rows)


@functools.lru_cache(maxsize=None)
def words_by_label(name: str) -> dict[str, frozenset[str]]:
    """`{label: {pattern, ...}}` for a word-list file, patterns lower-cased."""
    out: dict[str, set[str]] = {}
    for row in load_rules(name):
        out.setdefault(row["label"], set()).add(row["pattern"].lower())
    return {label: frozenset(words) for label, words in out.items()}


@functools.lru_cache(maxsize=None)
def word_set(name: str, label: str) -> frozenset[str]:
    """The words of one label in a word-list file (empty when the file has none)."""
    return words_by_label(name).get(label, frozenset())


def phrase_regex(phrases: Iterable[str], *, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One alternation matching any phrase as whole words, longest first, inner spaces flexible.

    Word boundaries are checked with look-arounds on letters and digits only, so phrases that start or
    end with punctuation ("c++", "doi:") still match.
    """
    alternatives = sorted({p for p in phrases if p}, key=len, reverse=True)
    body = "|".join(r"\s+".join(re.escape(part) for part in p.split()) for p in alternatives)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", flags)


# A "word" for lexicon look-ups: a run of letters/digits, so "B.v.b" is three words and "co-founder" two.
WORD_RX = re.compile(r"[^\W_]+")
# What may sit between two words of one phrase: a little punctuation or spacing, never a line break.
_GAP_RX = re.compile(r"[ \t\u00a0.\-/&']{0,3}")


class Lexicon:
    """Phrase look-up by words: fast on short strings where a big regex alternation would crawl.

    Phrases are lower-cased word tuples; `find` walks the words of a string once and returns the longest
    phrase starting at each word. Python's `re` tries every alternative at every position, so a
    300-phrase alternation costs ~1 µs per character; this costs one dict probe per word.
    """

    def __init__(self, phrases: Iterable[tuple[str, str]]):
        # phrase text -> label; indexed by first word, longest phrase first
        self._first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, label in phrases:
            words = tuple(w.lower() for w in WORD_RX.findall(phrase))
            if words:
                self._first.setdefault(words[0], []).append((words, label))
        for options in self._first.values():
            options.sort(key=lambda item: len(item[0]), reverse=True)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self._first

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str, str]]:
        """Non-overlapping `(start, end, matched_text, label)` in `text[start:end]`, left to right."""
        end = len(text) if end is None else end
        words = [(m.start(), m.end(), m.group().lower()) for m in WORD_RX.finditer(text, start, end)]
        found = []
        i = 0
        while i < len(words):
            options = self._first.get(words[i][2])
            hit = None
            if options:
                for phrase, label in options:
                    n = len(phrase)
                    if i + n > len(words):
                        continue
                    if all(words[i + k][2] == phrase[k] for k in range(1, n)) and all(
                        _GAP_RX.fullmatch(text, words[i + k - 1][1], words[i + k][0]) for k in range(1, n)
                    ):
                        hit = (words[i][0], words[i + n - 1][1], text[words[i][0]:words[i + n - 1][1]], label)
                        i += n
                        break
            if hit:
                found.append(hit)
            else:
                i += 1
        return found

    def labels_in(self, text: str) -> set[str]:
        return {label for *_, label in self.find(text)}


@functools.lru_cache(maxsize=None)
def lexicon(name: str, *labels: str) -> Lexicon:
    """A `Lexicon` over `patterns/<name>.jsonl`, optionally only the rows with the given labels."""
    return Lexicon(
        (row["pattern"], row["label"]) for row in load_rules(name) if not labels or row["label"] in labels
    )


# Words a name (of a school, an employer) or a title does not start or end with: the text is a piece of a
# sentence ("Did Compering in College Events", "IRU Academy in tie up with", "Awarded Presidential Scholarship …").
_SENTENCE_START = frozenset(
    "i my me we our you he she they as by while during for with from to since and or but in at on into when where "
    "which who that this these those if because after before through until till also including did done was were "
    "is are has have had awarded received won secured attended attending completed completing pursuing presently "
    "currently responsible handling managing worked working".split()
)
_SENTENCE_END = frozenset("a an the of and or to for with in at by on from as according per than up".split())


def is_sentence_piece(text: str) -> bool:
    """Whether `text` reads as part of a sentence rather than a name: it opens with a pronoun, a preposition or a
    verb, or ends with a preposition or an article."""
    words = WORD_RX.findall(text)
    if not words:
        return True
    first = words[0].lower()
    if first == "i" and (len(words) < 2 or not words[1][:1].islower()):
        first = ""  # "I D S G GOVT. College": an initial, not the pronoun
    elif len(words[0]) > 1 and words[0].isupper():
        first = ""  # "IN Jagiroad College": a country code, not the preposition
    return first in _SENTENCE_START or (len(words) > 1 and words[-1].lower() in _SENTENCE_END)
