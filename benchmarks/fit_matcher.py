"""Fit the key-point matcher (``assess/scoring/matcher.json``) on the labelled judgements.

Run by hand: ``.venv/bin/python benchmarks/fit_matcher.py``. Reads the ``dev`` split of
``benchmarks/data/keypoints.csv`` and ``benchmarks/data/holdout/keypoints.csv`` (clause x
key-point judgements written as interview notes and prose, over 66 rubrics), computes for each
the three parts the matcher reads (``assess/scoring/keypoints.py``) at the unit of the clause
that is nearest the point, and fits a logistic regression with a small ridge by Newton's
method. The threshold is the one with the best F1 on these judgements. The fixed ``test``
split is never read here: it measures the result (``benchmarks/properties.py --only
keypoints``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess.content.bank import load_bank  # noqa: E402
from assess.embedding import load_default_encoder  # noqa: E402
from assess.scoring import text as T  # noqa: E402
from assess.scoring.clauses import embed_clauses  # noqa: E402
from assess.scoring.keypoints import MATCHER_PATH, PARTS, Matcher, match  # noqa: E402
from assess.scoring.prepared import Preparer  # noqa: E402
from assess.scoring.spec import from_bank  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
SOURCES = ((DATA / "keypoints.csv", "dev"), (DATA / "holdout" / "keypoints.csv", "holdout"))
RIDGE = 1.0


def labelled_parts() -> tuple[np.ndarray, np.ndarray]:
    """The matcher's parts and the 0/1 label of every training judgement."""
    rows = []
    for path, split in SOURCES:
        with path.open(encoding="utf-8") as handle:
            rows += [r for r in csv.DictReader(handle) if r["split"] == split]
    bank, encoder = load_bank(), load_default_encoder()
    preparer = Preparer(encoder, context=[])
    clauses = embed_clauses(encoder.inner, [T.normalize(r["clause"])[0] for r in rows])
    neutral = Matcher((0.0,) * len(PARTS), 0.0, 0.5, "")
    x, y = [], []
    for row, answer in zip(rows, clauses, strict=True):
        rubric = preparer.rubric(from_bank(bank, row["question_id"], row["level"]))
        k = [p.id for p in rubric.spec.key_points].index(row["key_point_id"])
        parts = match(answer, rubric.points, neutral).parts[:, k, :]
        x.append(parts[int(np.argmax(parts[:, 0]))])
        y.append(int(row["shown"]))
    return np.array(x, dtype=float), np.array(y, dtype=float)


def logistic(x: np.ndarray, y: np.ndarray, ridge: float) -> tuple[np.ndarray, float]:
    """Ridge logistic regression (the intercept not penalised) by Newton's method."""
    a = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(a.shape[1])
    penalty = ridge * np.diag([1.0] * x.shape[1] + [0.0])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-a @ w))
        gradient = a.T @ (p - y) + penalty @ w
        hessian = a.T @ (a * (p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w[:-1], float(w[-1])


def threshold_for(probability: np.ndarray, y: np.ndarray) -> float:
    """The threshold (in steps of 0.05) with the best F1 on the judgements: a key point shown
    and a key point missed cost the interviewer alike (a wrong tick, a wasted probe)."""
    best, best_f1 = 0.5, -1.0
    for threshold in np.arange(0.2, 0.81, 0.05):
        ticked = probability >= threshold
        hits = float((ticked & (y == 1)).sum())
        f1 = 2 * hits / (ticked.sum() + (y == 1).sum())
        if f1 > best_f1 + 1e-9:
            best, best_f1 = round(float(threshold), 2), f1
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=MATCHER_PATH)
    args = parser.parse_args()
    x, y = labelled_parts()
    coef, intercept = logistic(x, y, RIDGE)
    probability = 1.0 / (1.0 + np.exp(-(x @ coef + intercept)))
    threshold = threshold_for(probability, y)
    ticked = probability >= threshold
    data = {
        "parts": list(PARTS),
        "coef": [round(float(c), 6) for c in coef],
        "intercept": round(intercept, 6),
        "threshold": threshold,
        "source": f"keypoints.csv dev split and holdout/keypoints.csv ({len(y)} judgements, "
        f"{int(y.sum())} shown); ridge {RIDGE}; at the threshold, precision "
        f"{y[ticked].mean():.3f} and recall {ticked[y == 1].mean():.3f} on them",
    }
    args.output.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(data, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
