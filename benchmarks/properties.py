"""The scorer's properties over the whole bank, through the one scoring path users get.

Run by hand: ``OMP_NUM_THREADS=1 .venv/bin/python benchmarks/properties.py [--only cross ...]``.
Every figure comes from ``Scorer.score_many`` with the shipped scorer (``default_scorer``): no
feature-only path, no cap or abstention switched off. An abstention counts as 0 wherever a
number is needed. Targets are issue 11's; the floor tests (tests/test_scoring_properties.py)
check the same functions on fixed subsets.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess.content.bank import Bank, load_bank  # noqa: E402
from assess.errors import UnknownItemError  # noqa: E402
from assess.scoring.evaluation import _pearson, _ranks  # noqa: E402
from assess.scoring.result import KEYWORD_STUFFING, Score, confidence_label  # noqa: E402
from assess.scoring.scorer import Scorer  # noqa: E402
from assess.scoring.spec import ScoringRubric, ad_hoc, from_bank  # noqa: E402
from assess.scoring.suggest import default_scorer  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
# Written apart from the scorer, on rubrics the other files leave alone (its own README says how).
HOLDOUT = DATA / "holdout"
LEVELS = ("plant", "enterprise")


def value(score: Score) -> float:
    return 0.0 if score.score is None else float(score.score)


def low(score: Score) -> bool:
    return score.abstained or value(score) <= 1.0


def bank_rubrics(bank: Bank) -> dict[tuple[str, str], ScoringRubric]:
    rubrics = {}
    for question in bank.active_questions():
        for level in LEVELS:
            try:
                rubrics[(question.id, level)] = from_bank(bank, question.id, level)
            except UnknownItemError:
                continue
    return rubrics


def auc(positives: list[float], negatives: list[float]) -> float:
    pos, neg = np.array(positives), np.array(negatives)
    greater = (pos[:, None] > neg[None, :]).mean()
    ties = (pos[:, None] == neg[None, :]).mean()
    return float(greater + 0.5 * ties)


def spearman(a: list[float], b: list[float]) -> float:
    return _pearson(_ranks(np.array(a, dtype=float)), _ranks(np.array(b, dtype=float)))


def cross(scorer: Scorer, rubrics: dict, every: int = 1, others: int = 3) -> dict:
    """Good exemplars (score 3+) on their own rubric and on other questions' rubrics."""
    rng = random.Random(0)
    own_items, other_items = [], []
    for index, ((qid, level), rubric) in enumerate(sorted(rubrics.items())):
        if index % every:
            continue
        pool = sorted(k for k in rubrics if k[1] == level and k[0] != qid)
        for score, answer in rubric.exemplars:
            if score >= 3:
                own_items.append((answer, rubric, None))
                for key in rng.sample(pool, min(others, len(pool))):
                    other_items.append((answer, rubrics[key], None))
    own = scorer.score_many(own_items)
    other = scorer.score_many(other_items)
    worst = sorted(zip(other, other_items, strict=True), key=lambda p: -value(p[0]))[:5]
    return {
        "gradings": len(other),
        "low_share": float(np.mean([low(s) for s in other])),
        "auc": auc([value(s) for s in own], [value(s) for s in other]),
        "max_other": max(value(s) for s in other),
        "worst": [f"{r.question_id}/{r.level} {value(s)}: {a[:60]}" for s, (a, r, _) in worst],
    }


def offtopic(
    scorer: Scorer, rubrics: dict, texts: int | None = None, every: int = 1, data: Path = DATA
) -> dict:
    items_off = yaml.safe_load((data / "offtopic.yaml").read_text(encoding="utf-8"))[:texts]
    keys = sorted(rubrics)[::every]
    items = [(t["text"], rubrics[k], None) for t in items_off for k in keys]
    scores = scorer.score_many(items)
    values = [value(s) for s in scores]
    worst = sorted(zip(values, items, strict=True), key=lambda p: -p[0])[:5]
    return {
        "gradings": len(scores),
        "low_share": float(np.mean([low(s) for s in scores])),
        "max": max(values),
        "worst": [f"{r.question_id}/{r.level} {v}: {a[:60]}" for v, (a, r, _) in worst],
    }


def leave_one_out(scorer: Scorer, rubrics: dict, every: int = 1) -> dict:
    """Each exemplar graded on its rubric with that exemplar removed from the anchors."""
    items, labels = [], []
    for index, (_, rubric) in enumerate(sorted(rubrics.items())):
        if index % every:
            continue
        for i, (label, answer) in enumerate(rubric.exemplars):
            items.append((answer, _without(rubric, i), None))
            labels.append(float(label))
    return {"exemplars": len(items), **_against(scorer.score_many(items), labels)}


def _without(rubric: ScoringRubric, i: int) -> ScoringRubric:
    """The rubric with its exemplar ``i`` taken out of the anchors."""
    kept = rubric.exemplars[:i] + rubric.exemplars[i + 1 :]
    return replace(rubric, exemplars=kept, fingerprint="")


def _against(scores: list[Score], gold: list[float]) -> dict:
    """Within 1 point of the gold score, rank order, and how often each confidence label is
    within 1 point."""
    predicted = [value(s) for s in scores]
    within = [abs(p - g) <= 1 for p, g in zip(predicted, gold, strict=True)]
    by_label: dict[str, list[bool]] = {}
    for score, ok in zip(scores, within, strict=True):
        if not score.abstained:
            by_label.setdefault(confidence_label(score.confidence), []).append(ok)
    return {
        "within_1": float(np.mean(within)),
        "spearman": spearman(predicted, gold),
        "within_1_by_confidence": {
            k: {"n": len(v), "within_1": round(float(np.mean(v)), 3)}
            for k, v in sorted(by_label.items())
        },
    }


def monotone(scorer: Scorer, bank: Bank, limit: int | None = None, data: Path = DATA) -> dict:
    pairs = yaml.safe_load((data / "evidence_pairs.yaml").read_text(encoding="utf-8"))[:limit]
    base_items, more_items = [], []
    for pair in pairs:
        rubric = from_bank(bank, pair["question_id"], pair["level"])
        base_items.append((pair["base"], rubric, None))
        more_items.append((pair["base"] + " " + pair["added"], rubric, None))
    base = [value(s) for s in scorer.score_many(base_items)]
    more = [value(s) for s in scorer.score_many(more_items)]
    drops = [
        f"{p['question_id']}/{p['level']} +{p['key_point_id']}: {b} -> {m}"
        for p, b, m in zip(pairs, base, more, strict=True)
        if m < b
    ]
    return {
        "pairs": len(pairs),
        "drops": len(drops),
        "rise_share": float(np.mean([m > b for b, m in zip(base, more, strict=True)])),
        "largest_drop": max([b - m for b, m in zip(base, more, strict=True)] + [0.0]),
        "drops_over_0.5": sum(b - m > 0.5 for b, m in zip(base, more, strict=True)),
        "drop_examples": drops[:8],
    }


def notes(scorer: Scorer, bank: Bank, data: Path = DATA) -> dict:
    rows = yaml.safe_load((data / "notes_rewrites.yaml").read_text(encoding="utf-8"))
    kept, drifted = [], 0
    for row in rows:
        rubric = from_bank(bank, row["question_id"], row["level"])
        if row["prose"] in {answer for _, answer in rubric.exemplars}:
            kept.append((row, rubric))
        else:
            drifted += 1
    prose = scorer.score_many([(row["prose"], r, None) for row, r in kept])
    typed = scorer.score_many([(row["notes"], r, None) for row, r in kept])
    return {
        "rewrites": len(kept),
        "rubrics": len({(row["question_id"], row["level"]) for row, _ in kept}),
        "skipped_drifted": drifted,
        "within_1_of_prose": float(
            np.mean([abs(value(a) - value(b)) <= 1 for a, b in zip(prose, typed, strict=True)])
        ),
        "stuffing_flags": sum(KEYWORD_STUFFING in s.integrity_flags for s in typed),
    }


def adhoc(
    scorer: Scorer, bank: Bank, texts: int | None = None, every: int = 1, data: Path = DATA
) -> dict:
    """The bank's questions as ad-hoc rubrics (question and reference answer only, no bank
    around them, as ``grade`` gets them): off-topic texts, and each question's good exemplars
    on its own ad-hoc rubric and on three other questions' ones."""
    rubrics = bank_rubrics(bank)
    plain = {
        key: ad_hoc(rubric.question, rubric.reference) for key, rubric in sorted(rubrics.items())
    }
    off = offtopic(scorer, plain, texts, every, data)
    rng = random.Random(0)
    own_items, other_items = [], []
    for key in sorted(rubrics)[::every]:
        pool = sorted(k for k in plain if k[0] != key[0])
        for score, answer in rubrics[key].exemplars:
            if score >= 3:
                own_items.append((answer, plain[key], None))
                other_items += [(answer, plain[k], None) for k in rng.sample(pool, 3)]
    own = scorer.score_many(own_items)
    other = scorer.score_many(other_items)
    return {
        "offtopic_gradings": off["gradings"],
        "offtopic_low_share": off["low_share"],
        "offtopic_max": off["max"],
        "offtopic_worst": off["worst"],
        "cross_gradings": len(other),
        "cross_low_share": float(np.mean([low(s) for s in other])),
        "own_auc": auc([value(s) for s in own], [value(s) for s in other]),
        "own_mean": float(np.mean([value(s) for s in own])),
    }


def keypoints(scorer: Scorer, bank: Bank, split: str = "test", data: Path = DATA) -> dict:
    with (data / "keypoints.csv").open(encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["split"] == split]
    scores = scorer.score_many(
        [(r["clause"], from_bank(bank, r["question_id"], r["level"]), None) for r in rows]
    )
    predicted = np.array(
        [r["key_point_id"] in {p.id for p in s.covered} for r, s in zip(rows, scores, strict=True)]
    )
    gold = np.array([r["shown"] == "1" for r in rows])
    hits = int((predicted & gold).sum())
    return {
        "split": split,
        "judgements": len(rows),
        "precision": hits / max(int(predicted.sum()), 1),
        "recall": hits / max(int(gold.sum()), 1),
    }


def graded(scorer: Scorer, bank: Bank, data: Path = HOLDOUT) -> dict:
    """Fresh interview answers graded 0-5 by hand against the rubric (``holdout/``): how many
    land within 1 point, the rank order, and how often each confidence label is right."""
    with (data / "graded_answers.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    scores = scorer.score_many(
        [(r["answer"], from_bank(bank, r["question_id"], r["level"]), None) for r in rows]
    )
    return {"answers": len(rows), **_against(scores, [float(r["score"]) for r in rows])}


def leave_one_out_cv(encoder: object, bank: Bank, rubrics: dict, folds: int = 5) -> dict:
    """The stricter leave-one-out: each exemplar also held out of the calibration, which is
    refitted (as ``fit_default.py`` fits the shipped one) on the other folds' questions."""
    from assess.scoring import calibration as cal
    from assess.scoring.evaluation import grouped_folds
    from assess.scoring.keypoints import shipped_matcher

    keys = sorted(rubrics)
    exemplars = [(k, i, a, g) for k in keys for i, (g, a) in enumerate(rubrics[k].exemplars)]
    features = Scorer(encoder).features_many([(a, rubrics[k]) for k, _, a, _ in exemplars])
    fold_of = grouped_folds([k[0] for k, _, _, _ in exemplars], folds)
    scores: list[Score | None] = [None] * len(exemplars)
    for fold in range(folds):
        train = [j for j, f in enumerate(features) if f is not None and fold_of[j] != fold]
        model = cal.fit(
            [features[j] for j in train],  # type: ignore[misc]
            [float(exemplars[j][3]) for j in train],
            shown_threshold=shipped_matcher().threshold,
        )
        test = [j for j in range(len(exemplars)) if fold_of[j] == fold]
        items = [
            (exemplars[j][2], _without(rubrics[exemplars[j][0]], exemplars[j][1]), None)
            for j in test
        ]
        for j, score in zip(test, Scorer(encoder, model).score_many(items), strict=True):
            scores[j] = score
    labels = [float(g) for _, _, _, g in exemplars]
    return {"exemplars": len(exemplars), **_against(scores, labels)}  # type: ignore[arg-type]


TARGETS: dict[str, Callable[[dict], bool]] = {
    "cross": lambda r: r["low_share"] >= 0.95 and r["auc"] >= 0.98,
    "offtopic": lambda r: r["low_share"] >= 0.97 and r["max"] <= 1.5,
    "loo": lambda r: r["within_1"] >= 0.80 and r["spearman"] >= 0.8,
    "monotone": lambda r: r["drops"] == 0 and r["rise_share"] >= 0.90,
    "notes": lambda r: r["within_1_of_prose"] >= 0.85 and r["stuffing_flags"] == 0,
    "keypoints": lambda r: r["precision"] >= 0.85 and r["recall"] >= 0.80,
    # issue 11, item 7: off-topic text on an ad-hoc rubric as on a bank one
    "adhoc": lambda r: r["offtopic_low_share"] >= 0.97 and r["offtopic_max"] <= 1.5,
    # beyond the list: fresh answers, and exemplars held out of the calibration too
    "graded": lambda r: r["within_1"] >= 0.80 and r["spearman"] >= 0.8,
    "loo_cv": lambda r: r["within_1"] >= 0.80 and r["spearman"] >= 0.8,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", choices=sorted(TARGETS), default=sorted(TARGETS))
    parser.add_argument(
        "--holdout",
        action="store_true",
        help="read the off-topic texts, notes, pairs and key points from benchmarks/data/holdout/",
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    bank = load_bank()
    rubrics = bank_rubrics(bank)
    scorer = default_scorer()
    data = HOLDOUT if args.holdout else DATA
    split = "holdout" if args.holdout else "test"
    checks = {
        "cross": lambda: cross(scorer, rubrics),
        "offtopic": lambda: offtopic(scorer, rubrics, data=data),
        "loo": lambda: leave_one_out(scorer, rubrics),
        "monotone": lambda: monotone(scorer, bank, data=data),
        "notes": lambda: notes(scorer, bank, data),
        "keypoints": lambda: keypoints(scorer, bank, split, data),
        "adhoc": lambda: adhoc(scorer, bank, data=data),
        "graded": lambda: graded(scorer, bank),
        "loo_cv": lambda: leave_one_out_cv(scorer.encoder, bank, rubrics),
    }
    results = {}
    for name in args.only:
        start = time.perf_counter()
        result = checks[name]()
        if name == "keypoints" and not args.holdout:
            result["dev"] = keypoints(scorer, bank, "dev")
        result["seconds"] = round(time.perf_counter() - start, 1)
        result["target_met"] = TARGETS[name](result)
        results[name] = result
        print(name, json.dumps(result, indent=1, default=float), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=float), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
