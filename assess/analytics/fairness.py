"""Adverse-impact audit of scores by sex, race/ethnicity and their intersection.

Follows the "scoring rate" method of the NYC Local Law 144 bias-audit rules: a category's
scoring rate is the share of its candidates who score above the median of the whole sample;
its impact ratio is that rate divided by the highest rate of any category. Categories under
``small_share`` of the sample are reported but left out of the impact ratios (they neither get
a ratio nor set the highest rate). Candidates whose category is unknown are left out of the
category rows of that dimension but counted.

Demographics arrive here as ``AuditSubject`` records built by the store from the separate,
voluntary demographics table; nothing in this module is ever passed to scoring.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal

from assess.errors import InputError
from assess.store.record_types import AuditSubject

Dimension = Literal["sex", "race_ethnicity", "intersection"]
DIMENSIONS: Final[tuple[Dimension, ...]] = ("sex", "race_ethnicity", "intersection")

# Values that mean "not given"; compared after stripping and case-folding.
UNKNOWN_VALUES: Final[frozenset[str]] = frozenset({"", "declined"})
INTERSECTION_SEPARATOR: Final[str] = " / "
UNKNOWN_LABEL: Final[str] = "Unknown"

# Column names of ``report_rows``: the CSV export's contract, keep them stable.
ROW_COLUMNS: Final[tuple[str, ...]] = (
    "dimension",
    "category",
    "n",
    "share_of_sample",
    "n_above_median",
    "scoring_rate",
    "impact_ratio",
    "flagged",
    "small",
    "unknown",
)


@dataclass(frozen=True)
class CategoryRow:
    """Counts and rates for one category of one dimension.

    ``parts`` holds the category's values (two for an intersection), so a label that happens
    to contain the separator stays unambiguous. ``impact_ratio`` is None when the category is
    small or no category has anyone above the median.
    """

    category: str
    parts: tuple[str, ...]
    n: int
    share_of_sample: float
    n_above_median: int
    scoring_rate: float
    impact_ratio: float | None
    flagged: bool
    small: bool


@dataclass(frozen=True)
class DimensionTable:
    """The category rows of one dimension, its unknown count and a note when ratios are off."""

    dimension: Dimension
    rows: tuple[CategoryRow, ...]
    unknown: int
    highest_rate: float | None
    note: str = ""

    @property
    def flagged(self) -> tuple[CategoryRow, ...]:
        """The rows whose impact ratio is under the threshold."""
        return tuple(row for row in self.rows if row.flagged)


@dataclass(frozen=True)
class AuditReport:
    """The whole audit: sample size and median, and one table per dimension."""

    n: int
    median: float | None
    small_share: float
    threshold: float
    tables: tuple[DimensionTable, ...]
    message: str = ""

    def table(self, dimension: Dimension) -> DimensionTable:
        """The table of one dimension ("sex", "race_ethnicity" or "intersection")."""
        for table in self.tables:
            if table.dimension == dimension:
                return table
        raise InputError(f"no audit dimension {dimension!r}; expected one of {DIMENSIONS}")


def audit(
    subjects: Iterable[AuditSubject], small_share: float = 0.02, threshold: float = 0.8
) -> AuditReport:
    """Compute scoring rates and impact ratios per sex, race/ethnicity and intersection.

    Args:
        subjects: scored candidates with their voluntary demographics, one per candidate.
        small_share: categories with a share of the whole sample under this are reported but
            excluded from the impact ratios.
        threshold: impact ratios under this are flagged.

    Returns:
        An ``AuditReport``. With no subjects it has ``n == 0``, no median, empty tables and a
        ``message`` saying there is nothing to audit.

    Raises:
        InputError: a parameter out of range, a score that is not a finite number, or a
            candidate listed twice.
    """
    _check_parameter("small_share", small_share, low=0.0, high=1.0, low_open=False)
    _check_parameter("threshold", threshold, low=0.0, high=1.0, low_open=True)
    items = list(subjects)
    _check_subjects(items)
    if not items:
        empty = tuple(DimensionTable(dim, (), 0, None) for dim in DIMENSIONS)
        return AuditReport(
            0, None, small_share, threshold, empty, "Nothing to audit: no scored candidates."
        )
    # Median of the whole sample, unknowns included, as the rules define it.
    median = float(statistics.median(s.score for s in items))
    keys: dict[Dimension, Callable[[AuditSubject], tuple[str, ...] | None]] = {
        "sex": lambda s: _one(s.sex),
        "race_ethnicity": lambda s: _one(s.race_ethnicity),
        "intersection": _both,
    }
    tables = tuple(
        _table(dim, items, keys[dim], median, small_share, threshold) for dim in DIMENSIONS
    )
    return AuditReport(len(items), median, small_share, threshold, tables)


def report_rows(report: AuditReport) -> list[dict[str, Any]]:
    """Flat rows for the CSV export: one per category, then one "Unknown" row per dimension.

    The columns are ``ROW_COLUMNS``. The unknown row carries only ``n`` and ``share_of_sample``;
    its other numbers are None, because unknowns take no part in the rates.
    """
    rows: list[dict[str, Any]] = []
    for table in report.tables:
        for row in table.rows:
            rows.append(
                {
                    "dimension": table.dimension,
                    "category": row.category,
                    "n": row.n,
                    "share_of_sample": row.share_of_sample,
                    "n_above_median": row.n_above_median,
                    "scoring_rate": row.scoring_rate,
                    "impact_ratio": row.impact_ratio,
                    "flagged": row.flagged,
                    "small": row.small,
                    "unknown": False,
                }
            )
        if report.n:
            rows.append(
                {
                    "dimension": table.dimension,
                    "category": UNKNOWN_LABEL,
                    "n": table.unknown,
                    "share_of_sample": table.unknown / report.n,
                    "n_above_median": None,
                    "scoring_rate": None,
                    "impact_ratio": None,
                    "flagged": False,
                    "small": False,
                    "unknown": True,
                }
            )
    return rows


def to_json(report: AuditReport) -> dict[str, Any]:
    """The report as a JSON-ready dict (for ``python -m assess audit --json``)."""
    return {
        "n": report.n,
        "median": report.median,
        "small_share": report.small_share,
        "threshold": report.threshold,
        "message": report.message,
        "dimensions": {
            table.dimension: {
                "unknown": table.unknown,
                "highest_rate": table.highest_rate,
                "note": table.note,
                "rows": [
                    {
                        "category": row.category,
                        "parts": list(row.parts),
                        "n": row.n,
                        "share_of_sample": row.share_of_sample,
                        "n_above_median": row.n_above_median,
                        "scoring_rate": row.scoring_rate,
                        "impact_ratio": row.impact_ratio,
                        "flagged": row.flagged,
                        "small": row.small,
                    }
                    for row in table.rows
                ],
            }
            for table in report.tables
        },
    }


def _table(
    dimension: Dimension,
    items: list[AuditSubject],
    key: Callable[[AuditSubject], tuple[str, ...] | None],
    median: float,
    small_share: float,
    threshold: float,
) -> DimensionTable:
    counts: dict[tuple[str, ...], list[int]] = {}  # parts -> [n, n above median]
    unknown = 0
    for subject in items:
        parts = key(subject)
        if parts is None:
            unknown += 1
            continue
        count = counts.setdefault(parts, [0, 0])
        count[0] += 1
        count[1] += subject.score > median  # strictly above: a score at the median is not
    total = len(items)
    small = {parts: n / total < small_share for parts, (n, _) in counts.items()}
    rates = {parts: above / n for parts, (n, above) in counts.items()}
    eligible = [rates[parts] for parts in counts if not small[parts]]
    highest = max(eligible) if eligible else None
    note = ""
    if not counts:
        note = "No candidate gave this information."
    elif highest is None:
        note = "Every category is under the small-category share; no impact ratios."
    elif highest == 0:
        note = "No category has anyone above the median; impact ratios are undefined."
    rows = []
    for parts in sorted(counts):
        n, above = counts[parts]
        ratio = None if small[parts] or not highest else rates[parts] / highest
        rows.append(
            CategoryRow(
                category=INTERSECTION_SEPARATOR.join(parts),
                parts=parts,
                n=n,
                share_of_sample=n / total,
                n_above_median=above,
                scoring_rate=rates[parts],
                impact_ratio=ratio,
                flagged=ratio is not None and ratio < threshold,
                small=small[parts],
            )
        )
    return DimensionTable(dimension, tuple(rows), unknown, highest, note)


def _clean(value: str | None) -> str | None:
    """The stripped category, or None when it means unknown."""
    if value is None:
        return None
    text = value.strip()
    return None if text.casefold() in UNKNOWN_VALUES else text


def _one(value: str | None) -> tuple[str, ...] | None:
    text = _clean(value)
    return None if text is None else (text,)


def _both(subject: AuditSubject) -> tuple[str, ...] | None:
    sex, race = _clean(subject.sex), _clean(subject.race_ethnicity)
    return None if sex is None or race is None else (sex, race)


def _check_parameter(name: str, value: float, low: float, high: float, low_open: bool) -> None:
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    ok = ok and (low < value if low_open else low <= value) and value <= high
    if not ok:
        bracket = "(" if low_open else "["
        raise InputError(f"{name} must be a number in {bracket}{low:g}, {high:g}], got {value!r}")


def _check_subjects(items: list[AuditSubject]) -> None:
    seen: set[int] = set()
    for subject in items:
        score = subject.score
        if (
            isinstance(score, bool)
            or not isinstance(score, int | float)
            or not math.isfinite(score)
        ):
            raise InputError(
                f"candidate {subject.candidate_id} has score {score!r}; an audit needs a number"
            )
        if subject.candidate_id in seen:
            raise InputError(f"candidate {subject.candidate_id} is listed twice in the audit")
        seen.add(subject.candidate_id)
