"""ISA-95 coverage of one candidate: what was probed, what was shown, what was missed.

Two grids, because a question is tagged on three axes and one flat grid would hide one:

- ``by_activity``: MOM category (rows) x Part 3 activity (columns), the activity model
  repeated in each of the four categories. A question counts in every (category, activity)
  pair its tags name.
- ``by_level``: functional level L0-L4 (rows) x MOM category (columns). A question counts in
  every (level, category) pair its tags name.

A question lacking a tag on one of a grid's axes is counted in that grid's ``n_unplaced``
(e.g. a question tagged L3 with no activity), so nothing asked disappears silently.

Cell states (``CoverageCell.state``): ``"not probed"`` (no answered question there),
``"not rated"`` (answered, no final rating yet), ``"missed"`` (rated, every rating below 3),
``"shown"`` (at least one rating of 3 or more). Ratings are the interviewer's final ratings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assess.analytics.profile import ANSWERED
from assess.analytics.records import CandidateRecord, QuestionRecord
from assess.content.vocabulary import ACTIVITIES, FUNCTIONAL_LEVELS, MOM_CATEGORIES
from assess.errors import UnknownItemError

NOT_PROBED = "not probed"
NOT_RATED = "not rated"
MISSED = "missed"
SHOWN = "shown"
STATES = (NOT_PROBED, NOT_RATED, MISSED, SHOWN)
SHOWN_AT = 3  # a final rating of 3 ("competent") or more shows the cell's ground


@dataclass(frozen=True)
class CoverageCell:
    """One (row, column) cell: how many answered questions landed here and how they fared."""

    row: str
    column: str
    state: str
    n_asked: int
    n_rated: int
    n_shown: int
    question_ids: tuple[str, ...]

    @property
    def n_missed(self) -> int:
        return self.n_rated - self.n_shown


@dataclass(frozen=True)
class CoverageGrid:
    """A grid of cells; ``cells[i][j]`` is row ``rows[i]``, column ``columns[j]``."""

    title: str
    row_label: str
    column_label: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[CoverageCell, ...], ...]
    n_unplaced: int

    def cell(self, row: str, column: str) -> CoverageCell:
        try:
            return self.cells[self.rows.index(row)][self.columns.index(column)]
        except ValueError:
            raise UnknownItemError(f"no cell {row!r} x {column!r} in {self.title!r}") from None

    def count(self, state: str) -> int:
        """How many cells are in ``state``."""
        return sum(cell.state == state for row in self.cells for cell in row)


@dataclass(frozen=True)
class Isa95Coverage:
    """Both coverage grids of one candidate."""

    candidate_id: int
    by_activity: CoverageGrid
    by_level: CoverageGrid


def isa95_coverage(candidate: CandidateRecord) -> Isa95Coverage:
    """Place every answered question of a candidate on the two ISA-95 grids."""
    answered = [q for q in candidate.questions if q.status == ANSWERED]
    return Isa95Coverage(
        candidate_id=candidate.candidate_id,
        by_activity=_grid(
            "ISA-95 coverage: MOM category x Part 3 activity",
            ("MOM category", MOM_CATEGORIES, lambda q: q.mom_categories),
            ("Part 3 activity", ACTIVITIES, lambda q: q.activities),
            answered,
        ),
        by_level=_grid(
            "ISA-95 coverage: functional level x MOM category",
            ("functional level", FUNCTIONAL_LEVELS, lambda q: q.functional_levels),
            ("MOM category", MOM_CATEGORIES, lambda q: q.mom_categories),
            answered,
        ),
    )


_Axis = tuple[str, Sequence[str], Callable[[QuestionRecord], Sequence[str]]]


def _grid(
    title: str, row_axis: _Axis, column_axis: _Axis, answered: list[QuestionRecord]
) -> CoverageGrid:
    row_label, rows, row_tags = row_axis
    column_label, columns, column_tags = column_axis
    cells = tuple(
        tuple(
            _cell(
                row,
                column,
                [q for q in answered if row in row_tags(q) and column in column_tags(q)],
            )
            for column in columns
        )
        for row in rows
    )
    unplaced = sum(
        not (set(row_tags(q)) & set(rows) and set(column_tags(q)) & set(columns)) for q in answered
    )
    return CoverageGrid(
        title=title,
        row_label=row_label,
        column_label=column_label,
        rows=tuple(rows),
        columns=tuple(columns),
        cells=cells,
        n_unplaced=unplaced,
    )


def _cell(row: str, column: str, here: list[QuestionRecord]) -> CoverageCell:
    rated = [q.final_rating for q in here if q.final_rating is not None]
    shown = sum(rating >= SHOWN_AT for rating in rated)
    if not here:
        state = NOT_PROBED
    elif not rated:
        state = NOT_RATED
    else:
        state = SHOWN if shown else MISSED
    return CoverageCell(
        row=row,
        column=column,
        state=state,
        n_asked=len(here),
        n_rated=len(rated),
        n_shown=shown,
        question_ids=tuple(dict.fromkeys(q.question_id or "ad hoc" for q in here)),
    )
