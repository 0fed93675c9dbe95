"""Text clean-up shared by every file kind: mojibake repair, control characters, spaces, line structure."""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator

import ftfy

# A line longer than this is wrapped at a space: one visual line of a resume is far shorter, and a
# megabyte-long line (a pasted blob, a hostile file) would otherwise reach every line-based rule downstream.
MAX_LINE_CHARS = 2_000

NOTE_MOJIBAKE = "repaired mojibake"
NOTE_BIDI = "removed bidirectional control characters"
NOTE_WRAPPED = "wrapped long lines"

_FTFY = ftfy.TextFixerConfig(explain=True, normalization="NFC")
# ftfy steps that mean text was decoded with the wrong encoding somewhere upstream.
_MOJIBAKE_STEPS = {"encode", "decode"}
_MOJIBAKE_FIXES = {"decode_inconsistent_utf8", "restore_byte_a0", "replace_lossy_sequences", "fix_c1_controls"}
# Repairs can expose new repairable text ("&amp;amp;", mojibake of mojibake); a line is cleaned again
# until it stops changing, this many times at most.
_MAX_PASSES = 4

# U+FFFE/U+FFFF are non-characters; pdfium emits them where a font maps its hyphen glyph to code 2.
_HYPHEN_ARTEFACTS = re.compile("[\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile("[" + _BIDI_CONTROLS + "]")
# Removed before repair: C0 controls but \t and \n, DEL, bidi controls, soft hyphen, zero-width space,
# word joiner, BOM. C1 controls wait until after ftfy, which reads them as cp1252 ("\x95" is a bullet).
# (Regular expressions scan mostly-ASCII text far faster than str.translate with a big table.)
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u00ad\u180e\u200b\u2060\ufeff" + _BIDI_CONTROLS + "]")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_UNICODE_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Symbol and Wingdings fonts put their bullets in the Private Use Area: they are list markers. Other
# private-use glyphs (icon fonts: phone, envelope) carry no text but do separate words.
_PUA_BULLETS = "\uf06c\uf06e\uf076\uf0a7\uf0a8\uf0b7\uf0d8\uf0e8\uf0fc"
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
# Lines ftfy could change: mojibake always holds a UTF-8 lead byte read as Latin-1/cp1252 (U+00C2..U+00F4)
# or a C1 control; besides, ligatures, fullwidth forms, curly quotes, HTML entities, terminal escapes.
# Other lines (plain ASCII, or just bullets and dashes) skip ftfy, which costs a microsecond a character.
_NEEDS_FTFY = re.compile("[\x1b\x80-\x9f\u00c2-\u00f4\u2018-\u201f\ufb00-\ufb06\uff01-\uff60\ufffd&]")
# What is left of a UTF-8 fullwidth form (U+FF00..U+FF3F) read as cp1252 once its last byte was lost:
# nothing recoverable, so it goes rather than standing between words as noise.
_ORPHAN_FULLWIDTH = re.compile("\u00ef\u00bc")
# ftfy's own pattern for the HTML entities it decodes (ftfy.chardata.HTML_ENTITY_RE). On an ASCII line that
# _clean has already rid of control characters and "\r", decoding one is the only change ftfy can make: its
# other fixes only touch non-ASCII characters, and its mojibake check returns ASCII text as it is.
_HTML_ENTITY = re.compile(r"&#?[0-9A-Za-z]{1,24};")
# "Â" left alone: the lead byte of a UTF-8 no-break space (C2 A0) read as cp1252 where the space itself became a
# plain space or a line break before ftfy could see the pair ("procedures. Â\n", "inÂhouse"). A real "Â" starts
# or sits inside a word in capitals ("Âge", "CÂMARA"); never before a space or the end of a line, nor inside a
# word in lower case.
_STRAY_LEAD_BYTE = re.compile(r"\u00c2(?=[\s]|$)|(?<=[a-z])\u00c2(?=[a-z])")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_RUNS_WITH_TAB = re.compile(r" *\t[ \t]*")
_EDGE_SPACES = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """Clean extracted text without changing its words.

    Repairs mojibake (ftfy, e.g. "â€¢" -> "•") and pdfium's U+FFFE hyphen artefacts, applies NFC, turns
    every line break into "\\n", drops NUL, other control characters, bidi controls and zero-width
    characters, collapses runs of spaces, trims each line, keeps at most one blank line between blocks,
    and wraps lines longer than MAX_LINE_CHARS at a space. Applying it twice changes nothing more.
    """
    return clean_text(text)[0]


def clean_text(text: str) -> tuple[str, tuple[str, ...]]:
    """`normalise_text` plus notes on what was repaired (for DocumentText.notes)."""
    notes: set[str] = set()
    # ftfy's result for each line it read in this call: the second look below mostly sees lines the first
    # pass already ran through ftfy (ftfy is a pure function of the line; its notes go into the same set)
    repaired: dict[str, ftfy.ExplainedText] = {}
    text = _clean(text, notes, repaired)
    # Only lines a repair touches can change on a second look; clean those until they are stable.
    pieces: list[str] = []
    pos = 0
    revisited = False
    for start, end in _lines_needing_ftfy(text):
        line = text[start:end]
        for _ in range(_MAX_PASSES):
            again = _clean(line, notes, repaired)
            if again == line:
                break
            line, revisited = again, True
        pieces += (text[pos:start], line)
        pos = end
    if revisited:
        pieces.append(text[pos:])
        text = _BLANK_LINES.sub("\n\n", "".join(pieces)).strip("\n")
    order = (NOTE_MOJIBAKE, NOTE_BIDI, NOTE_WRAPPED)
    return text, tuple(note for note in order if note in notes)


def _clean(text: str, notes: set[str], repaired: dict[str, ftfy.ExplainedText] | None = None) -> str:
    """One pass of every clean-up step, in an order where no step undoes or re-creates an earlier one's work.

    Steps that only touch non-ASCII characters are skipped on ASCII text (most resumes: `str.isascii` reads a
    flag CPython keeps on every string), and the steps for spaces and blank lines run only where a plain
    substring search finds something for them to do: each expression costs a scan of the whole text.
    """
    ascii_only = text.isascii()
    if not ascii_only:
        text = _HYPHEN_ARTEFACTS.sub("-", text)
    if not ascii_only or "\r" in text or "\x0b" in text or "\x0c" in text:  # the ASCII breaks _LINE_BREAKS takes
        text = _LINE_BREAKS.sub("\n", text)
    if not ascii_only:
        if _SURROGATES.search(text):
            text = _SURROGATES.sub("\ufffd", text)
        if _BIDI.search(text):
            notes.add(NOTE_BIDI)
    text = _INVISIBLE.sub("", text)
    if _NEEDS_FTFY.search(text):
        text = _repair_encoding(text, notes, {} if repaired is None else repaired)
    if not text.isascii():  # (again: ftfy may have decoded an entity to a non-ASCII character)
        if _PRIVATE_USE.search(text):  # after ftfy, whose repairs can decode to private-use code points
            text = _PRIVATE_USE.sub(_private_use_glyph, text)
        text = _UNICODE_SPACES.sub(" ", text)  # after ftfy, which reads "Â" before a no-break space as mojibake
        if "\u00c2" in text and _STRAY_LEAD_BYTE.search(text):
            text = _STRAY_LEAD_BYTE.sub(_stray_lead_byte, text)
            notes.add(NOTE_MOJIBAKE)
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
    if "  " in text:
        text = _RUNS_OF_SPACES.sub(" ", text)
    if "\t" in text:
        text = _RUNS_WITH_TAB.sub("\t", text)
    if _has_edge_spaces(text):
        text = _EDGE_SPACES.sub("", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    text = text.strip("\n")
    if len(text) > MAX_LINE_CHARS and any(len(line) > MAX_LINE_CHARS for line in text.split("\n")):
        text = "\n".join(_wrap(line) for line in text.split("\n"))
        notes.add(NOTE_WRAPPED)
    return text


def _has_edge_spaces(text: str) -> bool:
    """Whether _EDGE_SPACES would match: a space or tab at the start or end of the text or next to a line break."""
    return (
        text[:1] in (" ", "\t")
        or text[-1:] in (" ", "\t")
        or " \n" in text
        or "\t\n" in text
        or "\n " in text
        or "\n\t" in text
    )


def _stray_lead_byte(match: re.Match) -> str:
    # inside a word it stood for the lost space; before a space or a line's end it is dropped
    return " " if match.end() < len(match.string) and match.string[match.end()].isalpha() else ""


def _private_use_glyph(match: re.Match) -> str:
    return "\u2022" if match.group() in _PUA_BULLETS else " "


def _repair_encoding(text: str, notes: set[str], repaired: dict[str, ftfy.ExplainedText]) -> str:
    """Run ftfy on the lines that can need it (it works line by line anyway); pure-ASCII lines cost nothing.

    `repaired` holds ftfy's answers already computed in this clean-up, by line.
    """
    pieces: list[str] = []
    pos = 0
    for start, end in _lines_needing_ftfy(text):
        line = text[start:end]
        if line.isascii() and not _HTML_ENTITY.search(line):
            continue  # "R&D", "Sales & Marketing": ftfy would return the line as it is, with no steps
        known = repaired.get(line)
        if known is None:
            known = repaired[line] = ftfy.fix_and_explain(line, _FTFY)
        fixed, steps = known
        if any(action in _MOJIBAKE_STEPS or name in _MOJIBAKE_FIXES for action, name in steps or ()):
            notes.add(NOTE_MOJIBAKE)
        if _ORPHAN_FULLWIDTH.search(fixed):
            fixed = _ORPHAN_FULLWIDTH.sub(" ", fixed)
            notes.add(NOTE_MOJIBAKE)
        if _BIDI.search(fixed):  # a repair can decode to a bidi control ("Ø\x9c" -> U+061C)
            notes.add(NOTE_BIDI)
        pieces += (text[pos:start], _INVISIBLE.sub("", _C1_CONTROLS.sub("", fixed)))
        pos = end
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


def _lines_needing_ftfy(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of `text` that _NEEDS_FTFY matches, in order: one scan of the text rather than
    one search per line."""
    m = _NEEDS_FTFY.search(text)
    while m:
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        if end < 0:
            end = len(text)
        yield start, end
        m = _NEEDS_FTFY.search(text, end)


def _wrap(line: str) -> str:
    if len(line) <= MAX_LINE_CHARS:
        return line
    pieces = []
    while len(line) > MAX_LINE_CHARS:
        cut = line.rfind(" ", MAX_LINE_CHARS // 2, MAX_LINE_CHARS + 1)
        if cut < 0:
            pieces.append(line[:MAX_LINE_CHARS])  # no space to break at: a hard cut keeps every character
            line = line[MAX_LINE_CHARS:]
        else:
            pieces.append(line[:cut])
            line = line[cut + 1 :]
    pieces.append(line)
    return "\n".join(pieces)
