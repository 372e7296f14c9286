"""Accuracy on the Mohler et al. (2011) short-answer data: 5-fold CV grouped by question.

Run by hand: ``.venv/bin/python benchmarks/accuracy_mohler.py [--repeats 5] [--write-default]``.
Reads ../shared/data/mohler/mohler.csv in place (never copied into the project). Every fold's
calibration is fitted only on the other folds' questions. ``--write-default`` then fits on all
2,273 answers and writes assess/scoring/calibration_default.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess.embedding import load_default_encoder  # noqa: E402
from assess.scoring import Scorer, ScoringConfig, ad_hoc  # noqa: E402
from assess.scoring import calibration as cal  # noqa: E402
from assess.scoring.evaluation import agreement, cross_validated_predictions  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "mohler" / "mohler.csv"


def load_rows() -> pd.DataFrame:
    frame = pd.read_csv(DATA)
    return frame[frame["ignored_in_published_work"] == 0].reset_index(drop=True)


def features(frame: pd.DataFrame, scorer: Scorer) -> list[dict[str, float] | None]:
    rubrics = {
        qid: ad_hoc(group["question"].iloc[0], group["reference_answer"].iloc[0], question_id=qid)
        for qid, group in frame.groupby("question_id")
    }
    items = [(a, rubrics[q]) for a, q in zip(frame["answer"], frame["question_id"], strict=True)]
    return scorer.features_many(items)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=5, help="question shuffles to average")
    parser.add_argument("--write-default", action="store_true")
    args = parser.parse_args()

    frame = load_rows()
    encoder = load_default_encoder()
    scorer = Scorer(encoder, calibration=None)
    start = time.perf_counter()
    rows = features(frame, scorer)
    seconds = time.perf_counter() - start
    # The same answers with abstention switched off: what the scorer would say for every one.
    never_abstain = ScoringConfig(min_content_words=0, off_topic_similarity=-1.0)
    all_rows = features(frame, Scorer(encoder, None, never_abstain))
    gold = frame["score"].tolist()
    groups = frame["question_id"].astype(str).tolist()
    runs = []
    for seed in range(args.repeats):
        predicted = cross_validated_predictions(rows, gold, groups, args.folds, seed)
        every = agreement(
            cross_validated_predictions(all_rows, gold, groups, args.folds, seed), gold
        )
        runs.append(
            {
                **agreement(predicted, gold),
                "pearson_no_abstain": every["pearson"],
                "rmse_no_abstain": every["rmse"],
            }
        )
    table = pd.DataFrame(runs)
    summary = {
        "answers": len(frame),
        "questions": frame["question_id"].nunique(),
        "folds": args.folds,
        "repeats": args.repeats,
        "feature_seconds": round(seconds, 1),
        "mean": table.mean().round(3).to_dict(),
        "worst_pearson": round(float(table["pearson"].min()), 3),
        "worst_rmse": round(float(table["rmse"].max()), 3),
        "seed0": table.iloc[0].round(3).to_dict(),
    }
    print(json.dumps(summary, indent=2))
    if args.write_default:
        keep = [i for i, r in enumerate(rows) if r is not None]
        model = cal.fit(
            [rows[i] for i in keep],  # type: ignore[misc]
            [gold[i] for i in keep],
            source=f"Mohler et al. 2011 short answers ({len(keep)} answers, 79 questions)",
        )
        model.save(cal.DEFAULT_PATH)
        print(f"wrote {cal.DEFAULT_PATH} ({model!r})")
    return 0 if np.isfinite(summary["mean"]["pearson"]) else 1


if __name__ == "__main__":
    sys.exit(main())
