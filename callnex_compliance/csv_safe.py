"""CSV writers that neutralise spreadsheet formulas (CSV injection), used for every CSV the system writes.

A cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets, so a name like `=HYPERLINK(...)` typed into a form would become a live
link in the data protection contact's spreadsheet. Such text cells get a leading apostrophe (OWASP's
advice): spreadsheets show the text as typed, and a reader of the raw file sees what happened.
Numbers are left alone; a negative number is not a formula.
"""

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Return `value` with a leading apostrophe when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _NeutralisingWriter:
    """Wrap a `csv.writer`, neutralising every cell before it is written."""

    def __init__(self, writer):
        self._writer = writer
        self.dialect = writer.dialect

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **kwargs) -> _NeutralisingWriter:
    """Return a `csv.writer` on `stream` that neutralises formulas."""
    return _NeutralisingWriter(csv.writer(stream, **kwargs))


class DictWriter(csv.DictWriter):
    """`csv.DictWriter` that neutralises formulas in every row (the header included)."""

    def __init__(self, stream, fieldnames, **kwargs):
        super().__init__(stream, fieldnames, **kwargs)
        self.writer = _NeutralisingWriter(self.writer)
