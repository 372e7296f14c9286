"""Scoring features: how an embedded answer relates to an embedded rubric.

Every feature is defined for any rubric (key points, a reference answer, or both), so one
calibration serves the bank and ad-hoc rubrics alike. "Demoted" words are those already in
the question: repeating the question earns nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from assess.embedding import Embedded
from assess.scoring.text import NEGATIONS, content_stems, is_content, stem

FEATURES = (
    "sim_reference",
    "align_recall",
    "align_precision",
    "lexical_recall",
    "log_words",
    "length_ratio",
    "log_reference_words",
)


@dataclass(frozen=True)
class PreparedText:
    """An embedded rubric text with its demoted content words picked out."""

    embedded: Embedded
    content_rows: np.ndarray  # indices of content words not in the question
    stems: frozenset[str]


def content_rows(embedded: Embedded, demoted: frozenset[str]) -> np.ndarray:
    """Rows of content words not in ``demoted``; all content words if that leaves none."""
    content = [i for i, w in enumerate(embedded.words) if is_content(w)]
    kept = [i for i in content if stem(w := embedded.words[i]) not in demoted and w not in demoted]
    return np.array(kept or content, dtype=np.int64)


def prepare(embedded: Embedded, text: str, question_stems: frozenset[str]) -> PreparedText:
    # A negation is polarity, not subject matter: "not my area" shares nothing with "they are
    # not MES transactions".
    own = content_stems(text) - NEGATIONS
    stems = frozenset(own - question_stems) or frozenset(own)
    return PreparedText(embedded, content_rows(embedded, question_stems), stems)


def similarity_matrix(reference: PreparedText, answer: Embedded, rows: np.ndarray) -> np.ndarray:
    """Cosine of each reference content word (rows) with each answer word in ``rows``."""
    if len(reference.content_rows) == 0 or len(rows) == 0:
        return np.zeros((len(reference.content_rows), len(rows)), dtype=np.float32)
    return reference.embedded.word_vectors[reference.content_rows] @ answer.word_vectors[rows].T


def recall(matrix: np.ndarray) -> float:
    """Mean over reference words of their best match in the answer."""
    if matrix.size == 0:
        return 0.0
    return float(np.clip(matrix.max(axis=1), 0.0, 1.0).mean())


def lexical_recall(point: PreparedText, answer_stems: set[str]) -> float:
    if not point.stems:
        return 0.0
    return len(point.stems & answer_stems) / len(point.stems)


def feature_vector(
    answer: Embedded,
    answer_rows: np.ndarray,
    answer_stems: set[str],
    reference: PreparedText,
    points: list[PreparedText],
    weights: list[float],
    point_recalls: list[float],
) -> dict[str, float]:
    """The calibration's inputs for one answer against one rubric."""
    total = sum(weights)
    answer_words = sum(1 for w in answer.words if any(ch.isalnum() for ch in w))
    reference_words = sum(1 for w in reference.embedded.words if any(ch.isalnum() for ch in w))
    reference_matrix = similarity_matrix(reference, answer, answer_rows)
    precision = (
        float(np.clip(reference_matrix.max(axis=0), 0.0, 1.0).mean())
        if reference_matrix.size
        else 0.0
    )
    return {
        "sim_reference": float(answer.vector @ reference.embedded.vector),
        "align_recall": sum(w * r for w, r in zip(weights, point_recalls, strict=True)) / total,
        "align_precision": precision,
        "lexical_recall": sum(
            w * lexical_recall(p, answer_stems) for w, p in zip(weights, points, strict=True)
        )
        / total,
        "log_words": math.log1p(answer_words),
        "length_ratio": math.log((answer_words + 1) / (reference_words + 1)),
        "log_reference_words": math.log1p(reference_words),
    }
