"""Which key points an answer shows, and in which clause: the matcher.

Each clause, and each pair of adjacent clauses (a point may be stated across two), is compared
with each key point three ways: the meaning of the whole clause (cosine of the vectors), how
many of the point's own words find a close word in the clause (contextual word vectors; words
of the question do not count, since repeating the question shows nothing) and how many of its
terms the clause names. A logistic model of the three, fitted on labelled clause x key-point
judgements (``benchmarks/fit_matcher.py``, stored in ``matcher.json``), gives the probability
that the clause states the point. Both the probability and every part of it can only grow
when a clause is added to an answer.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from assess.embedding import Embedded
from assess.scoring import text as T
from assess.scoring.clauses import Clauses, unit

MATCHER_PATH = Path(__file__).with_name("matcher.json")
PARTS = ("cosine", "alignment", "terms")
PAIR_PENALTY = 0.5  # taken off the log-odds of a point stated across two clauses
PAIR_GAIN = 1.0  # a pair is quoted as the evidence when it beats the best clause by this


@dataclass(frozen=True)
class PreparedPoint:
    """A key point ready for matching: its vector, its own words' vectors and its terms."""

    vector: np.ndarray
    word_vectors: np.ndarray  # its content words that are not in the question
    stems: frozenset[str]


@dataclass(frozen=True)
class Matcher:
    """The fitted logistic model over ``PARTS``; ``threshold`` is where a point counts as shown."""

    coef: tuple[float, ...]
    intercept: float
    threshold: float
    source: str

    def probability(self, parts: np.ndarray) -> np.ndarray:
        """``parts``: (..., len(PARTS)) -> probabilities of the same leading shape."""
        z = parts @ np.array(self.coef, dtype=np.float32) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@lru_cache(maxsize=1)
def shipped_matcher(path: Path = MATCHER_PATH) -> Matcher:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Matcher(
        tuple(float(c) for c in data["coef"]),
        float(data["intercept"]),
        float(data["threshold"]),
        str(data.get("source", "")),
    )


def prepare_point(embedded: Embedded, text: str, question_stems: frozenset[str]) -> PreparedPoint:
    rows = own_word_rows(embedded.words, question_stems)
    return PreparedPoint(
        embedded.vector, embedded.word_vectors[rows], own_stems(text, question_stems)
    )


def own_word_rows(
    words: Sequence[str], leave_out: frozenset[str], fallback: bool = True
) -> np.ndarray:
    """Rows of the content words whose stem is not in ``leave_out`` (the question's, say);
    all the content words if that leaves none and ``fallback``."""
    content = [i for i, w in enumerate(words) if T.is_content(w)]
    kept = [i for i in content if T.stem(words[i]) not in leave_out]
    return np.array(kept or (content if fallback else []), dtype=np.int64)


def own_stems(text: str, question_stems: frozenset[str]) -> frozenset[str]:
    """A text's content stems beyond the question's. A negation is polarity, not subject
    matter: "not my area" shares nothing with "they are not MES transactions"."""
    stems = T.content_stems(text) - T.NEGATIONS
    return frozenset(stems - question_stems) or frozenset(stems)


@dataclass(frozen=True)
class Matches:
    """Every unit against every key point.

    ``units`` are (first, last) clause indices: each clause, then each adjacent pair.
    ``parts`` has shape (units, points, len(PARTS)); ``probability`` (units, points).
    """

    units: tuple[tuple[int, int], ...]
    parts: np.ndarray
    probability: np.ndarray

    def best_unit(self, point: int) -> tuple[int, int] | None:
        """The unit that states ``point`` best: a single clause unless a pair is clearly
        better (by ``PAIR_GAIN`` in log-odds; a pair also holds the clause that states it)."""
        if not self.units:
            return None
        odds = _logit(self.probability[:, point])
        best = int(np.argmax(odds))
        singles = [i for i, (a, b) in enumerate(self.units) if a == b]
        best_single = max(singles, key=lambda i: odds[i])
        return self.units[best_single if odds[best_single] >= odds[best] - PAIR_GAIN else best]

    @property
    def per_point(self) -> np.ndarray:
        """Each point's best probability over units (zeros for an empty answer)."""
        if not self.units:
            return np.zeros(self.probability.shape[1], dtype=np.float32)
        return self.probability.max(axis=0)

    def best_parts(self) -> np.ndarray:
        """Each part's best value over units, per point: (points, len(PARTS))."""
        if not self.units:
            return np.zeros((self.parts.shape[1], len(PARTS)), dtype=np.float32)
        return self.parts.max(axis=0)


def match(clauses: Clauses, points: Sequence[PreparedPoint], matcher: Matcher) -> Matches:
    """Compare every clause and adjacent pair of ``clauses`` with every key point."""
    n = len(clauses)
    units = tuple([(i, i) for i in range(n)] + [(i, i + 1) for i in range(n - 1)])
    if not units or not points:
        empty = np.zeros((len(units), len(points), len(PARTS)), dtype=np.float32)
        return Matches(units, empty, np.zeros((len(units), len(points)), dtype=np.float32))
    cosine = _unit_vectors(clauses, n) @ np.array([p.vector for p in points]).T
    alignment = _alignment(clauses, points, n)
    terms = _terms(clauses, points, n)
    parts = np.stack([cosine, alignment, terms], axis=-1).astype(np.float32)
    probability = matcher.probability(parts)
    if n > 1:  # a point stated across two clauses needs a little more than one stated in one
        probability[n:] = 1.0 / (1.0 + np.exp(-(_logit(probability[n:]) - PAIR_PENALTY)))
    return Matches(units, parts, probability)


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1.0 - p))


def _unit_vectors(clauses: Clauses, n: int) -> np.ndarray:
    """Each clause's vector, then each adjacent pair's (their size-weighted mean)."""
    weighted = clauses.vectors * clauses.sizes[:, None]
    pairs = [unit(weighted[i] + weighted[i + 1]) for i in range(n - 1)]
    return np.concatenate([clauses.vectors, np.array(pairs).reshape(-1, clauses.vectors.shape[1])])


def _alignment(clauses: Clauses, points: Sequence[PreparedPoint], n: int) -> np.ndarray:
    """Per unit and point: the mean, over the point's own words, of the closest word's cosine."""
    content = np.array([T.is_content(w) for w in clauses.words], dtype=bool)
    words = clauses.word_vectors[content]
    owner = clauses.word_clause[content]
    out = np.zeros((2 * n - 1, len(points)), dtype=np.float32)
    if not len(words):
        return out
    for k, point in enumerate(points):
        if not len(point.word_vectors):
            continue
        sims = point.word_vectors @ words.T  # (point words, answer words)
        best = np.full((n, len(point.word_vectors)), 0.0, dtype=np.float32)
        for i in range(n):
            mine = owner == i
            if mine.any():
                best[i] = np.clip(sims[:, mine].max(axis=1), 0.0, 1.0)
        pairs = np.maximum(best[:-1], best[1:])
        out[:, k] = np.concatenate([best, pairs]).mean(axis=1)
    return out


def _terms(clauses: Clauses, points: Sequence[PreparedPoint], n: int) -> np.ndarray:
    """Per unit and point: the share of the point's terms that the unit names."""
    out = np.zeros((2 * n - 1, len(points)), dtype=np.float32)
    for k, point in enumerate(points):
        if not point.stems:
            continue
        named = [point.stems & stems for stems in clauses.stems]
        size = len(point.stems)
        for i in range(n):
            out[i, k] = len(named[i]) / size
            if i + 1 < n:
                out[n + i, k] = len(named[i] | named[i + 1]) / size
    return out
