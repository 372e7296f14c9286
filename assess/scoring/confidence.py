"""How far to trust a suggested number: a heuristic in [0, 1], shown only as high, medium or
low (``result.confidence_label``). Its labels are checked against human grades in the
benchmarks: how often each one lands within 1 point of the gold score.
"""

from __future__ import annotations

import numpy as np

from assess.scoring.evidence import Evidence

DECISIVE = 0.3  # a key point this far from the shown-threshold is clearly shown or missed
FULL_LENGTH = 25  # content words from which length adds nothing more


def confidence(evidence: Evidence, threshold: float, content_words: int, flagged: bool) -> float:
    """Higher when each key point is clearly shown or clearly missed and the answer says
    enough to judge; lower with any flag."""
    p = evidence.probability
    decisive = float(np.mean(np.minimum(1.0, np.abs(p - threshold) / DECISIVE))) if len(p) else 0.0
    length = min(1.0, content_words / FULL_LENGTH)
    value = 0.3 + 0.35 * decisive + 0.3 * length - (0.25 if flagged else 0.0)
    return round(float(np.clip(value, 0.05, 0.99)), 2)
