"""Calibration: the mapping from scoring features to the 0-5 scale, fitted on graded answers.

The model is a ridge regression over the standardised features, their squares and their
pairwise products: small enough to ship as JSON and read by a person, flexible enough to
capture that, say, a long answer with low coverage is padding. The shipped default was fitted
on the Mohler et al. (2011) short-answer data (see benchmarks/); ``fit`` refits it on a
team's own graded answers.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assess.errors import CalibrationError
from assess.scoring.features import FEATURES

DEFAULT_PATH = Path(__file__).with_name("calibration_default.json")
MIN_SAMPLES = 20
FORMAT = "quadratic-ridge/1"


def _expand(z: np.ndarray) -> np.ndarray:
    """Standardised features -> [features, squares and pairwise products]."""
    n = z.shape[1]
    pairs = [z[:, i] * z[:, j] for i in range(n) for j in range(i, n)]
    return np.column_stack([z, *pairs]) if pairs else z


@dataclass(frozen=True)
class Calibration:
    """A fitted mapping from feature vectors to scores in [0, 5]."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    expanded_mean: tuple[float, ...]
    expanded_scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    alpha: float
    samples: int
    source: str

    @property
    def id(self) -> str:
        payload = json.dumps([self.coef, self.intercept, self.mean, self.scale]).encode()
        return f"cal-{hashlib.sha256(payload).hexdigest()[:10]}"

    def __repr__(self) -> str:
        return (
            f"Calibration(id={self.id!r}, features={len(self.features)}, "
            f"samples={self.samples}, alpha={self.alpha}, source={self.source!r})"
        )

    def predict(self, rows: Sequence[dict[str, float]] | np.ndarray) -> np.ndarray:
        """Scores in [0, 5] for feature dicts (or a matrix in ``features`` order)."""
        x = self._matrix(rows)
        z = (x - np.array(self.mean)) / np.array(self.scale)
        e = (_expand(z) - np.array(self.expanded_mean)) / np.array(self.expanded_scale)
        return np.clip(e @ np.array(self.coef) + self.intercept, 0.0, 5.0)

    def _matrix(self, rows: Sequence[dict[str, float]] | np.ndarray) -> np.ndarray:
        if isinstance(rows, np.ndarray):
            return rows.astype(float).reshape(-1, len(self.features))
        return np.array([[row[name] for name in self.features] for row in rows], dtype=float)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "id": self.id,
            "features": list(self.features),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "expanded_mean": list(self.expanded_mean),
            "expanded_scale": list(self.expanded_scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
            "alpha": self.alpha,
            "samples": self.samples,
            "source": self.source,
        }

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), indent=2) + "\n", encoding="utf-8")


def fit(
    rows: Sequence[dict[str, float]],
    scores: Sequence[float],
    alpha: float = 30.0,
    source: str = "",
    features: tuple[str, ...] = FEATURES,
) -> Calibration:
    """Fit a calibration on feature rows and their gold 0-5 scores.

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
    x = np.array([[row[name] for name in features] for row in rows], dtype=float)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    expanded = _expand((x - mean) / scale)
    e_mean, e_scale = expanded.mean(axis=0), expanded.std(axis=0)
    e_scale[e_scale == 0] = 1.0
    e = (expanded - e_mean) / e_scale
    intercept = float(y.mean())
    coef = np.linalg.solve(e.T @ e + alpha * np.eye(e.shape[1]), e.T @ (y - intercept))
    return Calibration(
        features=tuple(features),
        mean=tuple(float(v) for v in mean),
        scale=tuple(float(v) for v in scale),
        expanded_mean=tuple(float(v) for v in e_mean),
        expanded_scale=tuple(float(v) for v in e_scale),
        coef=tuple(float(v) for v in coef),
        intercept=intercept,
        alpha=alpha,
        samples=len(y),
        source=source,
    )


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
        raise CalibrationError(f"{where} is not a calibration file (format {FORMAT!r})")
    try:
        calibration = Calibration(
            features=tuple(data["features"]),
            mean=tuple(data["mean"]),
            scale=tuple(data["scale"]),
            expanded_mean=tuple(data["expanded_mean"]),
            expanded_scale=tuple(data["expanded_scale"]),
            coef=tuple(data["coef"]),
            intercept=float(data["intercept"]),
            alpha=float(data["alpha"]),
            samples=int(data["samples"]),
            source=str(data.get("source", "")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CalibrationError(f"{where} is missing or has a bad field: {exc}") from None
    n = len(calibration.features)
    if set(calibration.features) - set(FEATURES) or len(calibration.coef) != n + n * (n + 1) // 2:
        raise CalibrationError(f"{where} does not match this version's features")
    return calibration
