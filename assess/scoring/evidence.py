"""What an answer shows of one rubric: per key point, and summed up as the calibration's inputs.

Every feature is a weighted sum or a best value over the answer's clauses, so none can fall
when a clause is added: with the calibration's non-negative weights (``calibration.py``) a
further key point stated never lowers the score. Words already in the question earn nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assess.scoring import text as T
from assess.scoring.clauses import Clauses
from assess.scoring.keypoints import Matcher, Matches, PreparedPoint, match

FEATURES = (
    "coverage",
    "point_similarity",
    "align_recall",
    "lexical_recall",
    "reference_recall",
    "reference_terms",
    "log_words",
)
# A clause bears on the rubric when some key point is at least this likely in it; only such
# clauses count towards the answer's length, so padding it with other matter earns nothing.
BEARING = 0.05
# Reported beside the features, not an input of the score: the best single key point's
# probability, which ``calibrate`` reads to learn how weak a match its graders still passed.
BEST_POINT = "best_point"


@dataclass(frozen=True)
class Reference:
    """The rubric's model answer: its own words' vectors and terms (question words left out)."""

    word_vectors: np.ndarray
    stems: frozenset[str]


@dataclass(frozen=True)
class Evidence:
    """One answer against one rubric."""

    matches: Matches
    probability: np.ndarray  # per key point: the best unit's probability that it is stated
    weights: np.ndarray  # per key point, summing to 1
    features: dict[str, float]

    def share_bearing(self, clauses: Clauses, threshold: float) -> float:
        """The share of the answer's content words in clauses that show some key point (alone
        or with a neighbour) at ``threshold``: how much of the answer is about this rubric."""
        if not len(clauses) or not self.matches.probability.size:
            return 0.0
        showing = self.matches.probability.max(axis=1) >= threshold
        bearing = np.zeros(len(clauses), dtype=bool)
        for (first, last), shows in zip(self.matches.units, showing, strict=True):
            if shows:
                bearing[first : last + 1] = True
        return float(clauses.sizes[bearing].sum() / clauses.sizes.sum())

    @property
    def best(self) -> float:
        return float(self.probability.max()) if len(self.probability) else 0.0


def gather(
    clauses: Clauses,
    points: tuple[PreparedPoint, ...],
    weights: np.ndarray,
    reference: Reference,
    matcher: Matcher,
) -> Evidence:
    """Match the answer's clauses to the key points and sum the evidence up."""
    matches = match(clauses, points, matcher)
    probability = matches.per_point
    best = matches.best_parts()
    total = float(weights.sum()) or 1.0
    content = np.array([T.is_content(w) for w in clauses.words], dtype=bool)
    words = clauses.word_vectors[content]
    stems = frozenset().union(*clauses.stems) if len(clauses) else frozenset()
    features = {
        "coverage": float(weights @ probability) / total,
        "point_similarity": float(weights @ np.clip(best[:, 0], 0.0, 1.0)) / total,
        "align_recall": float(weights @ best[:, 1]) / total,
        "lexical_recall": float(weights @ best[:, 2]) / total,
        "reference_recall": _recall(reference.word_vectors, words),
        "reference_terms": (
            len(reference.stems & stems) / len(reference.stems) if reference.stems else 0.0
        ),
        "log_words": math.log1p(_bearing_words(clauses, matches)),
        BEST_POINT: float(probability.max()) if len(probability) else 0.0,
    }
    return Evidence(matches, probability, weights / total, features)


def _bearing_words(clauses: Clauses, matches: Matches) -> int:
    """Content words in the clauses that bear on the rubric."""
    single = matches.probability[: len(clauses)]
    if not single.size:
        return 0
    return sum(
        len(stems)
        for stems, p in zip(clauses.stems, single.max(axis=1), strict=True)
        if p >= BEARING
    )


def _recall(reference: np.ndarray, answer: np.ndarray) -> float:
    """Mean over the reference's words of the closest answer word's cosine (0 if none)."""
    if not len(reference) or not len(answer):
        return 0.0
    return float(np.clip((reference @ answer.T).max(axis=1), 0.0, 1.0).mean())
