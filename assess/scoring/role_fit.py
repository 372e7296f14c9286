"""Role fit: where an answer is pitched between a question's plant bar and enterprise bar.

The position is the answer's altitude, not its quality: its projection on the axis from what
the plant rubric asks to what the enterprise rubric asks (``altitude.py``), scaled so that each
level's good exemplars (its bar) sit at -1 and +1 on average. A pair whose bars the model
cannot tell apart falls back to the difference of the two scores.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assess.scoring import altitude
from assess.scoring.prepared import PreparedRubric
from assess.scoring.result import RoleFit

LEANING = 0.2  # beyond this either way, an answer leans to that level


@dataclass(frozen=True)
class Axis:
    """How altitude is read for one question: the tilt towards the generic plant-to-enterprise
    axis, the exemplar score from which an exemplar marks its level's bar, the smallest gap."""

    generic: np.ndarray
    tilt: float
    bar_min_score: int
    min_gap: float


def position(
    answer: np.ndarray, plant: PreparedRubric, enterprise: PreparedRubric, axis: Axis
) -> float | None:
    """-1 at the plant bar, +1 at the enterprise bar; None when the bars cannot be told apart."""
    direction = altitude.question_axis(plant.topic, enterprise.topic, axis.generic, axis.tilt)
    bars = [
        _bar(plant, direction, axis.bar_min_score),
        _bar(enterprise, direction, axis.bar_min_score),
    ]
    if bars[0] is None or bars[1] is None or bars[1] <= bars[0]:
        return None
    return altitude.position(float(answer @ direction), bars[0], bars[1], axis.min_gap)


def role_fit(found: float | None, plant_score: float, enterprise_score: float) -> RoleFit:
    """From the answer's ``position`` (None when the bars cannot be told apart: then the
    difference of the two levels' scores stands in for it)."""
    if found is None:
        found = altitude.score_difference(plant_score, enterprise_score)
    value = round(found, 2)
    leaning = "enterprise" if value > LEANING else "plant" if value < -LEANING else "balanced"
    return RoleFit(plant=plant_score, enterprise=enterprise_score, position=value, leaning=leaning)


def _bar(rubric: PreparedRubric, direction: np.ndarray, min_score: int) -> float | None:
    """The mean altitude of the level's good exemplars, or None without one."""
    good = [i for i, (score, _) in enumerate(rubric.spec.exemplars) if score >= min_score]
    return float(np.mean(rubric.exemplars[good] @ direction)) if good else None
