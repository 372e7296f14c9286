"""Fit the shipped default calibration (``assess/scoring/calibration_default.json``) on the
bank's anchored exemplars, exactly as ``python -m assess calibrate`` fits one on a CSV.

Run by hand after a change to the bank or the scorer:
``.venv/bin/python benchmarks/fit_default.py``.
Every exemplar of every active rubric is one graded answer (its anchor score is the gold).
One difference from ``calibrate``: the default keeps the matcher's own shown-threshold, fitted
on labelled clause judgements (a direct measure of "this clause states the point"), instead of
inferring one from the exemplars, which are written to anchor the scale, not to test matching.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess.content.bank import load_bank  # noqa: E402
from assess.embedding import shared_encoder  # noqa: E402
from assess.scoring import Scorer  # noqa: E402
from assess.scoring.calibration import DEFAULT_PATH  # noqa: E402
from assess.scoring.csv_grading import RubricResolver, fit_calibration  # noqa: E402
from assess.scoring.keypoints import shipped_matcher  # noqa: E402


def exemplar_frame() -> pd.DataFrame:
    """One row per exemplar of every active rubric: question_id, level, answer, score."""
    bank = load_bank()
    rows = []
    for question in bank.active_questions():
        for level in question.levels:
            for exemplar in bank.rubric(question.id, level).exemplars:
                rows.append((question.id, level, exemplar.answer, str(exemplar.score)))
    return pd.DataFrame(rows, columns=["question_id", "level", "answer", "score"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args()
    frame = exemplar_frame()
    model, left_out = fit_calibration(
        frame,
        Scorer(shared_encoder()),
        RubricResolver(),
        "the bank's anchored exemplars",
        shown_threshold=shipped_matcher().threshold,
    )
    model.save(args.output)
    print(f"wrote {args.output}: {model!r}; {left_out} exemplars left out (a flag decides them)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
