"""Decode a plain-text resume: UTF-8 (with or without BOM), UTF-16/32 with BOM, else a detected legacy encoding."""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

# Legacy files sent to an English-language hiring service are overwhelmingly Windows-1252; charset
# detection cannot tell it from its siblings on a short resume (same bytes, different letters), so among
# equally plausible candidates this one wins.
_WESTERN_DEFAULT = "cp1252"
# Candidates whose "chaos" is within this of the best are equally plausible.
_PLAUSIBILITY_MARGIN = 0.02
# Detection reads this much; a resume is far shorter, and a long file says nothing more about its encoding.
_DETECTION_SAMPLE = 256 * 1024


def decode_text(data: bytes) -> tuple[str, tuple[str, ...]]:
    """Return the decoded text and notes ("decoded as cp1252"); never fails on any bytes."""
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), (f"decoded as {encoding}",)
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    encoding = _detect_legacy_encoding(data)
    try:
        return data.decode(encoding), (f"decoded as {encoding}",)
    except (UnicodeDecodeError, LookupError):
        # cp1252 leaves five bytes undefined; Latin-1 maps every byte, so it always succeeds.
        return data.decode("latin-1"), ("decoded as latin-1",)


def _detect_legacy_encoding(data: bytes) -> str:
    data = data[:_DETECTION_SAMPLE]
    best = from_bytes(data).best()
    if best is None or best.encoding == _WESTERN_DEFAULT:
        return _WESTERN_DEFAULT
    # Detection often lists only cp1252's siblings; measure cp1252 itself before letting one of them win.
    western = from_bytes(data, cp_isolation=[_WESTERN_DEFAULT]).best()
    if western is not None and western.chaos <= best.chaos + _PLAUSIBILITY_MARGIN:
        return _WESTERN_DEFAULT
    return best.encoding
