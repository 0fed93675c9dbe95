"""Exports for spreadsheets: CSV that cannot smuggle formulas (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence

# A spreadsheet treats a cell starting with one of these as a formula (tab and carriage return too,
# because some programs strip them and then see the next character).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "＝", "＋", "－", "＠")


def safe_cell(value: object) -> str:
    """A cell value a spreadsheet will show as text: a leading formula character gets a quote.

    Numbers we produce ourselves (int, float) are written as they are, so that a spreadsheet can
    still sum them; everything else, user text above all, is checked.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A CSV document (RFC 4180, CRLF line ends, UTF-8 BOM so spreadsheet programs pick the encoding)
    with every cell passed through `safe_cell`."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return buffer.getvalue()
