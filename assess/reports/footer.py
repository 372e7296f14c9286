"""The footer every report carries: when, from which scores, and what the report is not."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.store import interviews as iv
from assess.store.schema import Interview

DECISION_SUPPORT = "Decision support, not a decision: a named person decides."


@dataclass(frozen=True)
class Footer:
    """Provenance of a report: generation time (UTC) and what produced the scores shown."""

    generated_at: datetime
    model_ids: tuple[str, ...]
    rubric_versions: tuple[str, ...]
    calibration_ids: tuple[str, ...]
    statement: str = DECISION_SUPPORT

    @property
    def generated(self) -> str:
        """The generation time as text, e.g. ``"2025-01-31 14:05 UTC"``."""
        return self.generated_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")

    def lines(self) -> tuple[str, ...]:
        """The footer as plain lines of text (renderers escape them)."""
        return (
            f"Generated {self.generated}.",
            "Models: " + _listed(self.model_ids),
            "Rubric versions: " + _listed(self.rubric_versions),
            "Calibrations: " + _listed(self.calibration_ids),
            self.statement,
        )


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(values) if values else "none (no machine score shown)"


def make_footer(
    session: Session, candidate_ids: Iterable[int], now: datetime | None = None
) -> Footer:
    """The footer for a report on ``candidate_ids``: the provenance of each question's latest
    machine score (the one the report shows), sorted and without repeats."""
    ids = list(candidate_ids)
    models: set[str] = set()
    rubrics: set[str] = set()
    calibrations: set[str] = set()
    if ids:
        query = select(Interview).where(Interview.candidate_id.in_(ids)).order_by(Interview.id)
        for interview in session.scalars(query):
            for row in interview.questions:
                score = iv.latest_score(session, row.id)
                if score is None:
                    continue
                models.add(score.model_id)
                rubrics.add(score.rubric_version)
                calibrations.add(score.calibration_id)
    return Footer(
        generated_at=(now or datetime.now(UTC)).astimezone(UTC),
        model_ids=tuple(sorted(models)),
        rubric_versions=tuple(sorted(rubrics)),
        calibration_ids=tuple(sorted(calibrations)),
    )
