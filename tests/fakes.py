"""Test doubles: a one-hot bag-of-words encoder whose cosines are computable by hand."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from assess.embedding import Embedded
from assess.scoring import calibration
from assess.scoring.calibration import Calibration
from assess.scoring.evidence import FEATURES

DIM = 2048
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def word_index(word: str, dim: int = DIM) -> int:
    """The one-hot position of a (lower-case) word."""
    return int(hashlib.sha256(word.encode("utf-8")).hexdigest(), 16) % dim


class FakeEncoder:
    """Each distinct lower-case word is a one-hot vector; a text is their normalised sum."""

    def __init__(self, dim: int = DIM) -> None:
        self.dim = dim
        self.calls: list[list[str]] = []

    @property
    def model_id(self) -> str:
        return "fake-onehot"

    def embed(self, texts: Sequence[str]) -> list[Embedded]:
        self.calls.append(list(texts))
        return [self._one(text) for text in texts]

    def _one(self, text: str) -> Embedded:
        matches = list(_WORD.finditer(text))
        words = tuple(m.group().lower() for m in matches)
        spans = tuple(m.span() for m in matches)
        rows = np.zeros((len(words), self.dim), dtype=np.float32)
        for i, word in enumerate(words):
            rows[i, word_index(word, self.dim)] = 1.0
        total = rows.sum(axis=0) if len(words) else np.zeros(self.dim, dtype=np.float32)
        norm = float(np.linalg.norm(total))
        vector = total / norm if norm else total
        return Embedded(vector.astype(np.float32), words, spans, rows)


def synthetic_rows(n: int = 60, seed: int = 0) -> tuple[list[dict[str, float]], list[float]]:
    """Feature rows with y a known linear function of two features plus small noise."""
    rng = np.random.default_rng(seed)
    rows, ys = [], []
    for _ in range(n):
        row = {name: float(rng.uniform(0, 1)) for name in FEATURES}
        y = 0.5 + 2.5 * row["align_recall"] + 1.5 * row["lexical_recall"]
        y += float(rng.normal(0, 0.1))
        rows.append(row)
        ys.append(float(np.clip(y, 0, 5)))
    return rows, ys


def identity_calibration() -> Calibration:
    """A calibration fitted on synthetic rows (coverage drives the score)."""
    rows, ys = synthetic_rows()
    return calibration.fit(rows, ys, alpha=1.0, source="synthetic")
