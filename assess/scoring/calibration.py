"""Calibration: from the evidence an answer shows to the 0-5 scale, fitted on graded answers.

The model is additive and monotone: each feature passes through a piecewise-linear curve that
can only rise (ramps between the training data's quartiles, with non-negative weights fitted
by least squares with a small ridge), and the curves are summed. So more evidence never
lowers a score, the shape per feature is learned from the data (a long answer earns less and
less for its length), and the whole model is a few dozen numbers a person can read.

It also carries ``shown_threshold``: how strong a key-point match must be to count as shown.
The matcher's own threshold is the default; a team whose graders pass answers with weaker
matches (terse answers to questions with a one-line reference, say) gets a lower one, taken
from the weakest best match among the answers it graded 3 or more. With it, "no key point
shown" keeps meaning what the team's own grades say it means.

The shipped default is fitted on the bank's anchored exemplars (``benchmarks/fit_default.py``);
``fit`` refits it on a team's graded answers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import nnls

from assess.errors import CalibrationError
from assess.scoring.evidence import BEST_POINT, FEATURES
from assess.scoring.keypoints import shipped_matcher

DEFAULT_PATH = Path(__file__).with_name("calibration_default.json")
MIN_SAMPLES = 20
FORMAT = "monotone-ramps/1"
PASSING = 3.0  # an answer graded this or more passed
LOWEST_THRESHOLD = 0.02  # a shown-threshold is never lower than this


@dataclass(frozen=True)
class Calibration:
    """A fitted monotone mapping from feature rows to scores in [0, 5].

    ``knots[j]`` are feature j's ramp edges; ``coef`` holds one non-negative weight per ramp,
    feature by feature.
    """

    features: tuple[str, ...]
    knots: tuple[tuple[float, ...], ...]
    coef: tuple[float, ...]
    intercept: float
    shown_threshold: float
    alpha: float
    samples: int
    source: str

    @property
    def id(self) -> str:
        payload = json.dumps([self.features, self.knots, self.coef, self.intercept])
        payload += f"|{self.shown_threshold:.6f}"
        return f"cal-{hashlib.sha256(payload.encode()).hexdigest()[:10]}"

    def __repr__(self) -> str:
        return (
            f"Calibration(id={self.id!r}, features={len(self.features)}, samples={self.samples}, "
            f"shown_threshold={self.shown_threshold:.3f}, source={self.source!r})"
        )

    def predict(self, rows: Sequence[dict[str, float]] | np.ndarray) -> np.ndarray:
        """Scores in [0, 5] for feature dicts (or a matrix in ``features`` order)."""
        x = self._matrix(rows)
        return np.clip(_ramps(x, self.knots) @ np.array(self.coef) + self.intercept, 0.0, 5.0)

    def curve(self, feature: str, values: Sequence[float]) -> np.ndarray:
        """What ``feature`` alone adds at each of ``values`` (the shape a person reads)."""
        j = self.features.index(feature)
        start = sum(max(len(k) - 1, 0) for k in self.knots[:j])
        weights = np.array(self.coef[start : start + max(len(self.knots[j]) - 1, 0)])
        return _ramps(np.asarray(values, dtype=float)[:, None], (self.knots[j],)) @ weights

    def _matrix(self, rows: Sequence[dict[str, float]] | np.ndarray) -> np.ndarray:
        if isinstance(rows, np.ndarray):
            return rows.astype(float).reshape(-1, len(self.features))
        return np.array([[row[name] for name in self.features] for row in rows], dtype=float)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "id": self.id,
            "features": list(self.features),
            "knots": [list(k) for k in self.knots],
            "coef": list(self.coef),
            "intercept": self.intercept,
            "shown_threshold": self.shown_threshold,
            "alpha": self.alpha,
            "samples": self.samples,
            "source": self.source,
        }

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")


def _ramps(x: np.ndarray, knots: Sequence[Sequence[float]]) -> np.ndarray:
    """Each feature cut into ramps between its knots: 0 below a ramp, 1 above, linear inside."""
    columns = []
    for j, edges in enumerate(knots):
        for low, high in pairwise(edges):
            columns.append((np.clip(x[:, j], low, high) - low) / (high - low))
    return np.column_stack(columns) if columns else np.zeros((len(x), 0))


def _knots(values: np.ndarray, pieces: int) -> tuple[float, ...]:
    edges = np.unique(np.quantile(values, np.linspace(0.0, 1.0, pieces + 1)))
    return tuple(float(e) for e in edges) if len(edges) > 1 else ()


def fit(
    rows: Sequence[dict[str, float]],
    scores: Sequence[float],
    alpha: float = 3.0,
    pieces: int = 4,
    source: str = "",
    features: tuple[str, ...] = FEATURES,
    shown_threshold: float | None = None,
) -> Calibration:
    """Fit a calibration on feature rows and their gold 0-5 scores.

    ``shown_threshold``: None to take it from the grades (see the module's docstring).

    Raises:
        CalibrationError: fewer than ``MIN_SAMPLES`` rows, or scores outside 0-5.
    """
    y = np.asarray(scores, dtype=float)
    if len(rows) != len(y):
        raise CalibrationError("feature rows and scores differ in number")
    if len(y) < MIN_SAMPLES:
        raise CalibrationError(f"need at least {MIN_SAMPLES} graded answers, got {len(y)}")
    if np.isnan(y).any() or (y < 0).any() or (y > 5).any():
        raise CalibrationError("gold scores must be numbers from 0 to 5")
    threshold = _shown_threshold(rows, y) if shown_threshold is None else float(shown_threshold)
    # An answer that shows no key point gets a fixed score by rule (design.md 5.4): the curves
    # are fitted on the answers that show one.
    shown = [i for i, row in enumerate(rows) if row.get(BEST_POINT, 1.0) >= threshold]
    if len(shown) < MIN_SAMPLES:
        raise CalibrationError(
            f"need at least {MIN_SAMPLES} graded answers that show a key point, got {len(shown)}"
        )
    x = np.array([[rows[i][name] for name in features] for i in shown], dtype=float)
    samples, y = len(y), y[shown]
    knots = tuple(_knots(x[:, j], pieces) for j in range(x.shape[1]))
    design = _ramps(x, knots)
    m = design.shape[1]
    # Non-negative ramp weights; the intercept is free (as a difference of two non-negatives).
    # The ridge rows pull every ramp weight towards 0, not the intercept.
    ones = np.ones((len(y), 1))
    a = np.vstack(
        [
            np.hstack([design, ones, -ones]),
            np.hstack([np.sqrt(alpha) * np.eye(m), np.zeros((m, 2))]),
        ]
    )
    solution, _ = nnls(a, np.concatenate([y, np.zeros(m)]), maxiter=50 * (m + 2))
    return Calibration(
        features=tuple(features),
        knots=knots,
        coef=tuple(float(c) for c in solution[:m]),
        intercept=float(solution[m] - solution[m + 1]),
        shown_threshold=threshold,
        alpha=alpha,
        samples=samples,
        source=source,
    )


def _shown_threshold(rows: Sequence[dict[str, float]], y: np.ndarray) -> float:
    """The matcher's threshold, or the weakest best match among answers graded ``PASSING`` or
    more when that is lower (never under ``LOWEST_THRESHOLD``)."""
    threshold = shipped_matcher().threshold
    passing = [
        row.get(BEST_POINT, 1.0) for row, gold in zip(rows, y, strict=True) if gold >= PASSING
    ]
    if passing:
        threshold = min(threshold, max(LOWEST_THRESHOLD, min(passing)))
    return round(float(threshold), 4)


def load(path: Path | None = None) -> Calibration:
    """Read a calibration file (default: the one shipped with the package).

    Raises:
        CalibrationError: the file is missing, not JSON, or not a calibration.
    """
    path = path or DEFAULT_PATH
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CalibrationError(f"calibration file {path} does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CalibrationError(f"calibration file {path} is not readable JSON: {exc}") from None
    return from_json(data, str(path))


def from_json(data: object, where: str = "calibration") -> Calibration:
    """A calibration from its JSON form (as ``to_json`` writes it). Raises CalibrationError."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CalibrationError(
            f"{where} is not a calibration of this version (format {FORMAT!r}); "
            "refit it with `python -m assess calibrate`"
        )
    try:
        calibration = Calibration(
            features=tuple(str(f) for f in data["features"]),
            knots=tuple(tuple(float(v) for v in k) for k in data["knots"]),
            coef=tuple(float(c) for c in data["coef"]),
            intercept=float(data["intercept"]),
            shown_threshold=float(data["shown_threshold"]),
            alpha=float(data["alpha"]),
            samples=int(data["samples"]),
            source=str(data.get("source", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CalibrationError(f"{where} is missing or has a bad field: {exc}") from None
    ramps = sum(max(len(k) - 1, 0) for k in calibration.knots)
    if (
        set(calibration.features) - set(FEATURES)
        or len(calibration.knots) != len(calibration.features)
        or len(calibration.coef) != ramps
        or any(c < 0 for c in calibration.coef)
        or any(list(k) != sorted(set(k)) for k in calibration.knots)
        or not 0.0 < calibration.shown_threshold <= 1.0
    ):
        raise CalibrationError(f"{where} does not match this version's features")
    return calibration
