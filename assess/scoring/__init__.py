"""Scoring answers against rubrics. See ``assess.scoring.scorer.Scorer``."""

from __future__ import annotations

from assess.scoring.result import KeyPointResult, RedFlagHit, RoleFit, Score
from assess.scoring.scorer import Scorer, ScoringConfig
from assess.scoring.spec import ScoringRubric, ad_hoc, from_bank

__all__ = [
    "KeyPointResult",
    "RedFlagHit",
    "RoleFit",
    "Score",
    "Scorer",
    "ScoringConfig",
    "ScoringRubric",
    "ad_hoc",
    "from_bank",
]
