"""CSV that a spreadsheet cannot turn into a formula.

A cell starting with ``= + - @`` (or tab / carriage return, which some spreadsheets strip
first) is prefixed with a quote, as OWASP's CSV-injection guidance recommends. Numbers stay
numbers: only text is touched, so "-1.5" written from a float is unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """``value`` with a leading quote if it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(_TRIGGERS):
        return "'" + value
    return value


def to_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Rows as CSV text with a header, every text cell neutralised."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: neutralise(row.get(c, "")) for c in columns})
    return out.getvalue()
