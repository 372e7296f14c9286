"""How far to trust a suggested number, shown only as high, medium or low
(``result.confidence_label``).

It asks how much the number hangs on key points the matcher is unsure of: each point whose
probability sits near the shown-threshold is once taken as clearly shown and once as clearly
missed, and the answer is scored both ways (``Scorer``). A wide spread, a short answer or an
integrity flag (the number is then a cap, not a measure) lowers it; a red flag does not, since
the misconception it quotes is what holds the number down. The labels are checked against
human grades in the benchmarks: how often each one lands within 1 point of the gold score, on
the bank's held-out exemplars, fresh interview answers and the Mohler data.
"""

from __future__ import annotations

import numpy as np

UNSURE = 0.2  # a key point this near the shown-threshold could go either way
SHORT = 8  # fewer content words than this: little to judge by


def unsure(probability: np.ndarray, threshold: float) -> np.ndarray:
    """The key points that could go either way."""
    return np.abs(probability - threshold) < UNSURE


def confidence(spread: float, content_words: int, flagged: bool) -> float:
    """From the spread of the score over the unsure points' two readings (0-5 points)."""
    value = 0.95 - 0.3 * spread - (0.15 if content_words < SHORT else 0.0)
    value -= 0.15 if flagged else 0.0
    return round(float(np.clip(value, 0.05, 0.99)), 2)
