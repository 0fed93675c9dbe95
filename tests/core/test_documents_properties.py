"""Properties over arbitrary input: only DocumentError leaves to_text; clean-up and layout never invent text."""
from __future__ import annotations

import collections
import unicodedata

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from screening.documents import DocumentError, DocumentLimits, DocumentText, normalise_text, to_text
from screening.documents.normalise import MAX_LINE_CHARS
from screening.documents.pdf_layout import PageChars, page_text
from tests.filegen import make_docx, make_docx_layout, make_pdf, make_pdf_words, make_two_column_pdf, sample_resume

SEEDS = [
    make_pdf(sample_resume()),
    make_pdf_words(["Strong work ethic", "Python and SQL"], per_char=True),
    make_two_column_pdf(["Skills", "Python", "SQL"], ["Experience", "Northwind", "Contoso"]),
    make_docx(["Ada Lovelace", "Python"], table=[["SQL", "Spark"]]),
    make_docx_layout(header="Ada", before=["Summary"], text_box=["Box"], footer="1"),
    sample_resume().encode("utf-16"),
    sample_resume().encode("cp1252"),
]
# Small limits keep each example fast while still reaching every limit check.
LIMITS = DocumentLimits(max_pages=5, max_chars=5_000, max_seconds=10)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read(data: bytes) -> DocumentText | None:
    try:
        result = to_text(data, limits=LIMITS)
    except DocumentError as error:
        assert isinstance(error.code, str) and error.code and str(error)
        return None
    assert isinstance(result, DocumentText) and isinstance(result.text, str)
    assert "\x00" not in result.text and len(result.text) <= LIMITS.max_chars
    return result


@FAST
@given(st.binary(max_size=4096))
def test_random_bytes_only_raise_document_errors(data):
    read(data)


@FAST
@given(st.binary(max_size=512), st.sampled_from([b"%PDF-1.7\n", b"PK\x03\x04", b"\xff\xfe", b"\xef\xbb\xbf"]))
def test_random_bytes_behind_a_magic_number_only_raise_document_errors(data, magic):
    read(magic + data)


@st.composite
def mutated_seed(draw):
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        where = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
        if action == "flip":
            data[where] ^= draw(st.integers(1, 255))
        elif action == "delete":
            del data[where : where + draw(st.integers(1, 64))]
        elif action == "insert":
            data[where:where] = draw(st.binary(min_size=1, max_size=64))
        elif action == "truncate":
            del data[where:]
        else:
            data[where:where] = data[where : where + draw(st.integers(1, 256))]
    return bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_mutated_pdf_docx_and_txt_only_raise_document_errors(data):
    read(data)


# Pieces that the clean-up steps act on, so random strings reach the interactions between steps.
MOJIBAKE_PRONE = st.lists(
    st.sampled_from(
        [*"aZ &;#0 \n\t\r", "Â", "Ã", "â", "€", "™", "ï", "¼", "\xa0", "\x95", "\x8d", "\x80", "\u200b", "\u202e"]
        + ["\ufb01", "\uff21", "\u0301", "\ufffe", "&amp;", "&lt;", "\uf0b7", "\ud800", "œ", "“", "é", "Ÿ"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=3000) | MOJIBAKE_PRONE)
@example("\x8dÂ\x95")  # found by hypothesis: ftfy's own output can be repaired again
@example("ï\x8d€")  # decodes to a private-use code point
@example("SkillsÂ Python")  # repaired to a no-break space
@example("&amp;amp;lt;")
@example("Ø\x9c")  # found by hypothesis: repairs to U+061C, a bidi control
def test_normalised_text_is_clean_and_stable(text):
    clean = normalise_text(text)
    assert normalise_text(clean) == clean
    assert unicodedata.is_normalized("NFC", clean)
    assert "\r" not in clean and not clean.startswith("\n") and not clean.endswith("\n")
    assert all(ch in "\n\t" or (ord(ch) >= 0x20 and not 0x7F <= ord(ch) < 0xA0) for ch in clean)
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in clean)
    assert not any(ch in clean for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
    assert all(len(line) <= MAX_LINE_CHARS for line in clean.split("\n"))
    assert "  " not in clean and "\n\n\n" not in clean


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="ascii", categories=["L", "N"]), max_size=3000))
def test_normalising_plain_words_keeps_them(text):
    assert normalise_text(text) == text.strip()


@st.composite
def page_characters(draw):
    count = draw(st.integers(1, 60))
    chars = draw(st.lists(st.sampled_from("abcXYZ019.-•é"), min_size=count, max_size=count))
    coordinate = st.floats(-1000, 2000, allow_nan=False, width=32)
    boxes = []
    for _ in range(count):
        left, bottom = draw(coordinate), draw(coordinate)
        width, height = draw(st.floats(0, 30, width=32)), draw(st.floats(0, 30, width=32))
        boxes.append((left, bottom + height, left + width, bottom))
    gaps = draw(st.lists(st.integers(1, 3), min_size=count, max_size=count))
    return PageChars(
        np.array([ord(c) for c in chars], dtype=np.uint32),
        np.array(boxes, dtype=np.float32),
        np.cumsum(gaps),
    )


@settings(max_examples=300, deadline=None)
@given(page_characters())
def test_layout_neither_invents_nor_loses_characters(page):
    layout = page_text(page)
    assert collections.Counter(layout.text.replace(" ", "").replace("\n", "")) == collections.Counter(
        map(chr, page.chars.tolist())
    )
