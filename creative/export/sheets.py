"""CSV for spreadsheets: every sheet the app writes (manifest.csv, the ad platforms' bulk-upload sheets, the
sheets behind share links) goes through `csv_text`, so no cell of user text runs as a formula.

OWASP's CSV injection rule: a text cell starting with = + - @, tab or carriage return is read by Excel,
LibreOffice and Google Sheets as a formula (`=HYPERLINK(...)` can leak data or run commands), so it is
prefixed with a single quote, which every spreadsheet shows as text. Numbers are left as numbers.
"""

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def sheet_cell(value: object) -> object:
    """The value as a spreadsheet may safely read it."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(
    rows: Iterable[Mapping[str, object]],
    *,
    fieldnames: Sequence[str],
    extrasaction: Literal["raise", "ignore"] = "raise",
) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames, extrasaction=extrasaction, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: sheet_cell(value) for key, value in row.items()})
    return buffer.getvalue()
