"""Agreement between suggested and gold scores, and question-grouped cross-validation.

Like sentence-transformers' evaluators, ``agreement`` returns a dict of metrics and names its
primary metric (Pearson r).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from assess.scoring import calibration as cal
from assess.scoring.altitude import score_difference
from assess.scoring.suggest import rubric_pair

if TYPE_CHECKING:
    from assess.content.bank import Bank
    from assess.embedding import Encoder
    from assess.scoring.result import Score
    from assess.scoring.scorer import Scorer
    from assess.scoring.spec import ScoringRubric

PRIMARY_METRIC = "pearson"


def _ranks(values: np.ndarray) -> np.ndarray:
    order = values.argsort(kind="mergesort")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(len(values))
    for value in np.unique(values):  # average ranks over ties
        tied = values == value
        ranks[tied] = ranks[tied].mean()
    return ranks


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    if len(a) < 2 or a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def quadratic_weighted_kappa(a: np.ndarray, b: np.ndarray, levels: int = 6) -> float:
    """Cohen's kappa with quadratic weights on scores rounded to 0..levels-1."""
    x = np.clip(np.rint(a), 0, levels - 1).astype(int)
    y = np.clip(np.rint(b), 0, levels - 1).astype(int)
    observed = np.zeros((levels, levels))
    np.add.at(observed, (x, y), 1)
    expected = np.outer(observed.sum(1), observed.sum(0)) / max(len(x), 1)
    i, j = np.indices((levels, levels))
    weights = (i - j) ** 2 / (levels - 1) ** 2
    denominator = (weights * expected).sum()
    return float(1 - (weights * observed).sum() / denominator) if denominator else float("nan")


def agreement(predicted: Sequence[float | None], gold: Sequence[float]) -> dict[str, float]:
    """Pearson, Spearman, RMSE and QWK over scored answers, plus the abstain rate.

    ``None`` predictions are abstentions: counted in ``abstain_rate``, left out of the rest.
    """
    mask = np.array([p is not None for p in predicted])
    p = np.array([v for v in predicted if v is not None], dtype=float)
    g = np.asarray(gold, dtype=float)[mask]
    return {
        "pearson": _pearson(p, g),
        "spearman": _pearson(_ranks(p), _ranks(g)) if len(p) else float("nan"),
        "rmse": float(np.sqrt(np.mean((p - g) ** 2))) if len(p) else float("nan"),
        "qwk": quadratic_weighted_kappa(p, g) if len(p) else float("nan"),
        "abstain_rate": float(1 - mask.mean()) if len(mask) else 0.0,
        "n": len(mask),
        "scored": int(mask.sum()),
    }


def grouped_folds(groups: Sequence[str], folds: int, seed: int = 0) -> np.ndarray:
    """Assign whole groups to folds, shuffled with ``seed``: the fold index of each row."""
    unique = sorted(set(groups))
    if folds < 2 or folds > len(unique):
        raise ValueError(f"folds must be between 2 and the number of groups ({len(unique)})")
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {unique[k]: position % folds for position, k in enumerate(order)}
    return np.array([fold_of[g] for g in groups])


def cross_validated_predictions(
    features: Sequence[dict[str, float] | None],
    gold: Sequence[float],
    groups: Sequence[str],
    folds: int = 5,
    seed: int = 0,
) -> list[float | None]:
    """Predict each row with a calibration fitted only on the other folds' groups."""
    fold_of = grouped_folds(groups, folds, seed)
    out: list[float | None] = [None] * len(features)
    for fold in range(folds):
        train = [i for i in range(len(features)) if fold_of[i] != fold and features[i] is not None]
        test = [i for i in range(len(features)) if fold_of[i] == fold and features[i] is not None]
        model = cal.fit([features[i] for i in train], [gold[i] for i in train])  # type: ignore[misc]
        if test:
            for i, value in zip(test, model.predict([features[i] for i in test]), strict=True):  # type: ignore[misc]
                out[i] = float(value)
    return out


def role_fit_separation(positions: Sequence[float], enterprise: Sequence[bool]) -> dict[str, float]:
    """How well role-fit positions tell enterprise-pitched answers from plant-pitched ones.

    Returns ``auc`` (the chance an enterprise answer sits right of a plant answer; the primary
    metric), ``sign_accuracy`` (on the right side of 0), ``leaning_accuracy`` (past the 0.2
    that counts as leaning, on the right side), the mean position of each group, and ``n``.
    """
    x = np.asarray(positions, dtype=float)
    is_enterprise = np.asarray(enterprise, dtype=bool)
    right, left = x[is_enterprise], x[~is_enterprise]
    if not len(right) or not len(left):
        raise ValueError("role-fit separation needs answers pitched at both levels")
    wins = (right[:, None] > left[None, :]).mean() + 0.5 * (right[:, None] == left[None, :]).mean()
    return {
        "auc": float(wins),
        "sign_accuracy": float(np.mean((x > 0) == is_enterprise)),
        "leaning_accuracy": float(np.mean(np.where(is_enterprise, x > 0.2, x < -0.2))),
        "mean_enterprise": float(right.mean()),
        "mean_plant": float(left.mean()),
        "n": float(len(x)),
    }


def held_out_role_fit(
    bank: Bank, scorer: Scorer, score: int = 3
) -> tuple[list[float], list[float], list[bool]]:
    """Role-fit positions of every exemplar with ``score`` of a question that has both rubrics:
    the scorer's, the score difference / 2.5 (clipped), and whether it was written for the
    enterprise level. Give the scorer a ``bar_min_exemplar_score`` above ``score`` to keep
    these exemplars out of the bars."""
    altitude, difference, enterprise = [], [], []
    for question in bank.active_questions():
        if set(question.levels) != {"plant", "enterprise"}:
            continue
        for level in ("plant", "enterprise"):
            rubric, other = rubric_pair(bank, question.id, level)
            for exemplar_score, answer in rubric.exemplars:
                if exemplar_score != score:
                    continue
                fit = scorer.score(answer, rubric, other).role_fit
                if fit is None:  # an exemplar the scorer abstains on says nothing here
                    continue
                altitude.append(fit.position)
                difference.append(score_difference(fit.plant, fit.enterprise))
                enterprise.append(level == "enterprise")
    return altitude, difference, enterprise


def cross_validated_scores(
    encoder: Encoder,
    items: Sequence[tuple[str, ScoringRubric]],
    gold: Sequence[float],
    groups: Sequence[str],
    folds: int = 5,
    seed: int = 0,
) -> list[Score]:
    """What users get on unseen questions: for each fold, ``calibrate`` on the other folds'
    answers, then grade the fold's answers with that calibration through ``score_many``
    (relevance, caps, flags and abstention included). One encoder serves every fold."""
    from assess.scoring.scorer import Scorer

    features = Scorer(encoder, None).features_many(items)
    fold_of = grouped_folds(groups, folds, seed)
    out: list[Score | None] = [None] * len(items)
    for fold in range(folds):
        train = [i for i in range(len(items)) if fold_of[i] != fold and features[i] is not None]
        test = [i for i in range(len(items)) if fold_of[i] == fold]
        model = cal.fit([features[i] for i in train], [gold[i] for i in train])  # type: ignore[misc]
        scored = Scorer(encoder, model).score_many([(*items[i], None) for i in test])
        for i, score in zip(test, scored, strict=True):
            out[i] = score
    return [score for score in out if score is not None]
