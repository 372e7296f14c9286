"""Accuracy on the Mohler et al. (2011) short-answer data, through what users get.

Run by hand: ``OMP_NUM_THREADS=1 .venv/bin/python benchmarks/accuracy_mohler.py [--repeats 1]``.
Reads ../shared/data/mohler/mohler.csv in place (never copied into the project). Five folds
grouped by question: each fold is calibrated on the other folds' answers, as ``calibrate``
does, and graded through ``score_many`` with that calibration, so relevance, caps, flags and
abstention all count. Every answer is counted; an abstention counts as 0.
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

from assess.embedding import Encoder, load_default_encoder  # noqa: E402
from assess.scoring import ad_hoc  # noqa: E402
from assess.scoring.evaluation import agreement, cross_validated_scores  # noqa: E402
from assess.scoring.result import confidence_label  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "mohler" / "mohler.csv"


def load_rows(path: Path = DATA) -> pd.DataFrame:
    # Ids as text: read as numbers, 11.1 and 11.10 (12.1 and 12.10) would be one question.
    frame = pd.read_csv(path, dtype={"question_id": str})
    return frame[frame["ignored_in_published_work"] == 0].reset_index(drop=True)


def measure(frame: pd.DataFrame, encoder: Encoder, folds: int = 5, seed: int = 0) -> dict:
    """Pearson, RMSE and abstentions with every answer counted, and how often each confidence
    label is within 1 point of the gold score."""
    rubrics = {
        qid: ad_hoc(group["question"].iloc[0], group["reference_answer"].iloc[0], question_id=qid)
        for qid, group in frame.groupby("question_id")
    }
    items = [(a, rubrics[q]) for a, q in zip(frame["answer"], frame["question_id"], strict=True)]
    gold = frame["score"].astype(float).tolist()
    groups = frame["question_id"].astype(str).tolist()
    scores = cross_validated_scores(encoder, items, gold, groups, folds, seed)
    predicted = [0.0 if s.score is None else s.score for s in scores]
    metrics = agreement(predicted, gold)
    metrics["abstain_rate"] = float(np.mean([s.abstained for s in scores]))
    # Where the error comes from: what the abstentions were worth, and why they happened.
    abstained = [
        (s.abstain_reason.split(":")[0].split(" (")[0], g)
        for s, g in zip(scores, gold, strict=True)
        if s.abstained
    ]
    metrics["abstained_mean_gold"] = float(np.mean([g for _, g in abstained])) if abstained else 0.0
    metrics["abstain_reasons"] = dict(pd.Series([r for r, _ in abstained]).value_counts())
    scored = [(s.score, g) for s, g in zip(scores, gold, strict=True) if s.score is not None]
    metrics["scored_only"] = agreement([p for p, _ in scored], [g for _, g in scored])
    by_label: dict[str, list[bool]] = {}
    for score, truth in zip(scores, gold, strict=True):
        if score.score is not None:
            label = confidence_label(score.confidence)
            by_label.setdefault(label, []).append(abs(score.score - truth) <= 1)
    metrics["within_1_by_confidence"] = {
        k: {"n": len(v), "within_1": round(float(np.mean(v)), 3)} for k, v in by_label.items()
    }
    return metrics


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=1, help="question shuffles to average")
    args = parser.parse_args()
    frame = load_rows()
    encoder = load_default_encoder()
    start = time.perf_counter()
    runs = [measure(frame, encoder, args.folds, seed) for seed in range(args.repeats)]
    summary = {
        "answers": len(frame),
        "questions": int(frame["question_id"].nunique()),
        "folds": args.folds,
        "repeats": args.repeats,
        "seconds": round(time.perf_counter() - start, 1),
        "pearson": round(float(np.mean([r["pearson"] for r in runs])), 3),
        "rmse": round(float(np.mean([r["rmse"] for r in runs])), 3),
        "abstain_rate": round(float(np.mean([r["abstain_rate"] for r in runs])), 3),
        "seed0": runs[0],
    }
    print(json.dumps(summary, indent=2, default=float))
    return 0 if np.isfinite(summary["pearson"]) else 1


if __name__ == "__main__":
    sys.exit(main())
