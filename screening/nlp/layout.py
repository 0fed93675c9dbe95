"""The resume's layout: its lines with offsets, and the sections found from their headings.

Headings are found on lines, not tokens, because resumes glue them to the text around them
("…deep learning.Education Details", "monthsCompany Details", "SKILLS C, Python … PROJECTS …") in
ways a tokenizer does not split. The heading phrases are data: `patterns/section_headings.jsonl`.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from screening.nlp.facts import Section, TextSpan
from screening.nlp.rules import lexicon, load_rules

_NONSPACE_RX = re.compile(r"\S+")

# Bullets and list markers that may open a line ("•", "❖", "1.", "a)", "-").
BULLET_RX = re.compile(r"^(?:~(?=\s)|[\u2022\u25cf\u25aa\u25a0\u25e6\u2023\u2043\u2219\u27a2\u2794\u2756\u25c6\u25c7\u2605\u2606\u2713\u2714\u00b7\uf0b7\uf0a7\uf0d8\uf076\uf0fc*>\-\u2013\u2014\u25ba\u25b8\u2192o](?=\s)|[\u2022\u25cf\u25aa\u25a0\u25e6\u27a2\u2756\u25c6\u2605\u2713\u2714\u00b7\uf0b7\uf0a7\uf0d8\uf076\uf0fc\u25ba\u25b8]|\(?\d{1,2}[.)](?=\s)|\(?[a-h][.)](?=\s)|\(?[A-H]\)(?=\s)|#\d{1,2}\b)\s*")
_EDGE = " \t:;-\u2013\u2014|•*#>=_~.\u00a0"
_SPACES = re.compile(r"\s+")
_LINE_RX = re.compile(r"[^\n\r\u2028\u2029\x0c\x0b]+")
# A glued heading starts right after a lower-case letter, digit or sentence punctuation.
_GLUE_RX = re.compile(r"[a-z0-9.,;)\]](?=[A-Z])")
# A run of ALL-CAPS words inside a long line ("… TECHNICAL SKILLS Programming …").
_CAPS_RUN_RX = re.compile(r"(?<![A-Za-z])[A-Z][A-Z&/]+(?:[ \t]+(?:&|AND|[A-Z][A-Z&/]+))*(?![A-Za-z])")
# A long line is a paragraph or a whole one-line resume ("blob"); only there are inline headings sought.
_BLOB_CHARS = 150
# The longest heading phrase in `section_headings.jsonl` is 45 characters: the colon of "TECHNICAL SKILLS: …"
# sits within that many characters of the line's start, and a heading glued to the end of a sentence within
# that many of its end; a colon or a glue point further in belongs to the content.
_HEADING_COLON_CHARS = 45
# The longest heading line: the longest phrase with a bullet, a colon and spaces around it. A longer line holds a
# heading only as a prefix, a glued tail or an ALL-CAPS run.
_HEADING_LINE_CHARS = 60


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the resume, stripped: `text == resume_text[start:end]`."""

    index: int
    start: int
    end: int
    text: str
    blank_before: bool  # a blank line (or the start of the text) comes right before it


@dataclass(frozen=True)
class Layout:
    text: str
    lines: tuple[Line, ...]
    sections: tuple[Section, ...]
    heading_spans: tuple[tuple[int, int], ...]  # (start, end) of every heading, in text order

    @functools.cached_property
    def _section_starts(self) -> list[int]:
        return [s.start for s in self.sections]

    @functools.cached_property
    def _line_starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def section_at(self, offset: int) -> str:
        """Name of the section holding `offset` ("header" before the first heading)."""
        i = bisect.bisect_right(self._section_starts, offset) - 1
        return self.sections[i].name if i >= 0 else "header"

    def line_at(self, offset: int) -> Line | None:
        i = bisect.bisect_right(self._line_starts, offset) - 1
        if i >= 0 and self.lines[i].start <= offset < max(self.lines[i].end, self.lines[i].start + 1):
            return self.lines[i]
        return None

    def lines_between(self, start: int, end: int) -> list[Line]:
        """Lines overlapping [start, end), clipped to it and stripped again (sections may start mid-line)."""
        out = []
        i = max(bisect.bisect_right(self._line_starts, start) - 1, 0)
        while i < len(self.lines) and self.lines[i].start < end:
            line = self.lines[i]
            s, e = max(line.start, start), min(line.end, end)
            if s < e:
                if (s, e) == (line.start, line.end):
                    out.append(line)
                else:
                    piece = self.text[s:e]
                    left = len(piece) - len(piece.lstrip())
                    right = len(piece.rstrip())
                    s, e = s + left, s + right
                    blank_before = line.blank_before or s > line.start
                    if s < e:
                        out.append(Line(line.index, s, e, self.text[s:e], blank_before))
            i += 1
        return out

    def section_lines(self, section: Section) -> list[Line]:
        return self.lines_between(section.start, section.end)

    def sections_named(self, *names: str) -> list[Section]:
        return [s for s in self.sections if s.name in names]


def split_lines(text: str) -> tuple[Line, ...]:
    lines: list[Line] = []
    pos = 0
    blank_run = True  # the start of the text counts as a blank line before the first line
    for raw in text.splitlines(True):
        start, pos = pos, pos + len(raw)
        stripped = raw.strip()
        if not stripped:
            blank_run = True
            continue
        start += len(raw) - len(raw.lstrip())
        lines.append(Line(len(lines), start, start + len(stripped), stripped, blank_run))
        blank_run = False
    return tuple(lines)


@functools.lru_cache(maxsize=1)
def _heading_table() -> tuple[dict[str, str], frozenset[str], dict[str, str]]:
    """heading key -> section name (spaced, unspaced and "&"/"and" variants), weak keys, head words."""
    table: dict[str, str] = {}
    weak: set[str] = set()
    for row in load_rules("section_headings"):
        phrase = row["pattern"].lower()
        variants = {phrase, phrase.replace(" & ", " and "), phrase.replace(" and ", " & ")}
        for v in variants:
            table.setdefault(v, row["label"])
            table.setdefault(v.replace(" ", ""), row["label"])
        if row.get("weak"):
            weak.update(variants)
    head_words = {row["pattern"]: row["label"] for row in load_rules("section_head_words")}
    return table, frozenset(weak), head_words


_LETTERS_RX = re.compile(r"[^\W\d_]+")


def _final_word(s: str) -> str:
    """The last run of letters in the last 40 characters, lower-cased ("" if none).

    Found as the first run of the reversed tail: one short search instead of listing every word of it
    (this runs on every line of every resume)."""
    m = _LETTERS_RX.search(s[-40:][::-1])
    return m.group()[::-1].lower() if m else ""


@functools.lru_cache(maxsize=1)
def _heading_finals() -> frozenset[str]:
    """The last word of every heading (and of every head word): a line ending in another word holds no heading
    at its end, which spares the full look-up on most lines of a resume."""
    table, _, head_words = _heading_table()
    return frozenset(_final_word(key) for key in [*table, *head_words] if _final_word(key))


def section_heading_table() -> dict[str, str]:
    """Heading phrase (lower case, as `heading_key` gives it) -> section name."""
    return _heading_table()[0]


def heading_key(s: str) -> str:
    s = s.strip()
    if s and not (s[0].isalpha() and s[1:2].isalpha()):
        s = BULLET_RX.sub("", s, count=1)
    return _SPACES.sub(" ", s.strip(_EDGE)).lower()


_TITLE_WORD_RX = re.compile(r"[^\W\d_]{3,}")
_MINOR_WORDS = frozenset(("and", "the", "for", "with"))


def _casing(s: str) -> str:
    """"upper", "title" (every word of 3+ letters capitalised), or "other"."""
    if s.isupper():
        return "upper"
    words = [w for w in _TITLE_WORD_RX.findall(s) if w.lower() not in _MINOR_WORDS]
    if words and all(w[0].isupper() for w in words):
        return "title"
    return "other"


def _spoken_language_in(s: str) -> bool:
    return bool(lexicon("spoken_languages", "language").find(s))


# Words a template prints inside one work entry, over its bullets; in capitals they still open a section.
_ENTRY_SUBHEADINGS = frozenset(("highlights", "highlights:"))


def _line_headings(line: Line, following: Line | None, current: str) -> list[tuple[int, int, str]]:
    """Headings on one line as (start, end, section name): whole line, "HEADING: content", glued tail,
    or ALL-CAPS headings inside a long one-line blob."""
    table, weak, head_words = _heading_table()
    text = line.text
    if len(text) <= _HEADING_LINE_CHARS or (len(text) <= _BLOB_CHARS and not text[:2].isupper()):
        # every test below needs a heading's last word at the end of the line or before a colon near its start
        finals = _heading_finals()
        if _final_word(text) not in finals:
            colon = text.find(":", 0, _HEADING_COLON_CHARS)
            if colon <= 2 or _final_word(text[:colon]) not in finals:
                return []
    found: list[tuple[int, int, str]] = []
    key = heading_key(text) if len(text) <= _HEADING_LINE_CHARS else ""
    if key:
        name = table.get(key) or table.get(key.replace(" ", ""))
        casing = _casing(text) if name or text.isupper() else "other"
        if name is None and casing == "upper" and len(key.split()) <= 5:
            # a short ALL-CAPS line ending in a section word: "PERSONAL SKILLS", "INDUSTRIAL EXPERIENCE"
            name = head_words.get(key.split()[-1])
        if name and (key in weak or key.replace(" ", "") in weak):
            colon = text.rstrip().endswith(":")
            isolated = line.blank_before and (following is None or following.blank_before)
            if not (casing == "upper" or colon or isolated):
                name = None
        if name and casing == "other" and not text[:1].isupper() and not text.rstrip().endswith(":"):
            name = None  # a lower-case line that happens to read "skills" is content, not a heading
        if name and current == "experience" and key in _ENTRY_SUBHEADINGS and casing != "upper":
            name = None  # "Highlights" over a role's bullets (JSON Resume themes): part of the role
        if name:
            return [(line.start, line.end, name)]
    # "TECHNICAL SKILLS: Python, SQL" — a heading with its content on the same line
    colon = text.find(":", 0, _HEADING_COLON_CHARS)
    if colon > 2:
        left = text[:colon]
        name = table.get(heading_key(left))
        casing = _casing(left)
        if name and left.strip() and left.strip()[0].isalpha() and heading_key(left) not in weak:
            rest = text[colon + 1:]
            ok = casing == "upper" or (casing == "title" and current not in ("experience", "projects"))
            if name == "languages" and not _spoken_language_in(rest):
                ok = False  # "Languages: Python, Go" lists programming languages inside skills
            if ok:
                found.append((line.start, line.start + colon + 1, name))
    # "...deep learning.Education Details" — a heading glued to the end of the previous sentence
    tail_from = max(len(text) - _HEADING_COLON_CHARS, 1)
    # a heading ends in a letter or a colon: lines ending in "." or a digit have none glued to their end
    glue_hits = _GLUE_RX.finditer(text, tail_from - 1) if text[-1:].isalpha() or text.endswith(":") else ()
    for m in glue_hits:
        pos = m.end()
        tail = text[pos:]
        name = table.get(heading_key(tail))
        if name and _casing(tail) in ("upper", "title"):
            found.append((line.start + pos, line.end, name))
            break
    else:
        if len(text) > 30:
            # "… skillful work Education Details": a multi-word Title Case heading ending a run-on line
            words = text.rsplit(None, 3)
            for n in (3, 2):
                if len(words) > n:
                    tail = " ".join(words[-n:])
                    name = table.get(heading_key(tail))
                    if name and _casing(tail) == "title" and all(w[:1].isupper() for w in words[-n:] if w.isalpha()):
                        pos = text.rfind(words[-n])
                        found.append((line.start + pos, line.end, name))
                        break
    if len(text) > _BLOB_CHARS:
        found.extend(_caps_headings(line, table, weak))
    elif len(text) > _HEADING_LINE_CHARS and text[:2].isupper():
        # "TECHNICAL SKILLS Programming: Python, R …": an ALL-CAPS heading opening a run-on line
        found.extend(h for h in _caps_headings(line, table, weak) if h[0] == line.start)
    found.sort()
    # drop overlaps, keep the earliest
    kept: list[tuple[int, int, str]] = []
    for h in found:
        if not kept or h[0] >= kept[-1][1]:
            kept.append(h)
    return kept


def _caps_headings(line: Line, table: dict[str, str], weak: frozenset[str]) -> list[tuple[int, int, str]]:
    out = []
    for m in _CAPS_RUN_RX.finditer(line.text):
        words = [(w.start(), w.end(), w.group()) for w in _NONSPACE_RX.finditer(m.group())]
        best = None
        n_words = len(words)
        # a heading starts or ends its run of capitals, never sits in the middle, and has at most 5 words
        spans = [(0, j) for j in range(min(n_words, 5), 0, -1)]
        spans += [(i, n_words) for i in range(max(n_words - 5, 1), n_words)]
        for i, j in spans:
            phrase = " ".join(w[2] for w in words[i:j]).lower()
            name = table.get(phrase.strip(_EDGE))
            # in a run-on line even a weak word is a heading when it is in capitals ("… RECOGNITION Academic …")
            if name and sum(c.isalpha() for c in phrase) >= 4:
                if best is None or j - i > best[1] - best[0]:
                    best = (i, j, name)
        if best:
            i, j, name = best
            start = line.start + m.start() + words[i][0]
            end = line.start + m.start() + words[j - 1][1]
            # take a colon that follows as part of the heading
            if line.text[end - line.start: end - line.start + 1] == ":":
                end += 1
            out.append((start, end, name))
    return out


def read_layout(text: str) -> Layout:
    lines = split_lines(text)
    headings: list[tuple[int, int, str]] = []
    current = "header"
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else None
        for h in _line_headings(line, following, current):
            headings.append(h)
            current = h[2]
    sections: list[Section] = []
    first = headings[0][0] if headings else len(text)
    if text[:first].strip():
        sections.append(Section("header", 0, first, None))
    for k, (start, end, name) in enumerate(headings):
        stop = headings[k + 1][0] if k + 1 < len(headings) else len(text)
        sections.append(Section(name, start, stop, TextSpan(text[start:end], start, end)))
    return Layout(text, lines, tuple(sections), tuple((h[0], h[1]) for h in headings))
