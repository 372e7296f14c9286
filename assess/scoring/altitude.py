"""Altitude: whether an answer is pitched at one plant or at the enterprise.

A question's plant rubric and enterprise rubric differ in what they ask, and the direction
from one's content to the other's is the question's own axis from plant to enterprise. A
rubric's few key points do not always carry the plain signs of altitude ("on our line", "across
all sites"), so the axis is tilted towards a generic one, taken from the short sentences below
that speak as a plant engineer and as an enterprise architect. They were written for this
project and hold no domain claim; they only give the model the two voices.
"""

from __future__ import annotations

import numpy as np

from assess.embedding import Encoder

PLANT_VOICE = (
    "At my plant, on this line, with our operators and shift supervisors.",
    "On the shop floor of one site, the MES runs the orders of our lines.",
    "I configured the system for our plant's equipment, machines and operators.",
    "During the night shift at the plant the line stopped and we fixed it locally.",
)
ENTERPRISE_VOICE = (
    "Across all our sites, one common template governed by a central design authority.",
    "The enterprise architecture and roadmap for every plant in the company.",
    "A multi-site programme with rollout waves, global standards and local extensions.",
    "Governance, vendor strategy and master data shared across the business network.",
)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def generic_axis(encoder: Encoder) -> np.ndarray:
    """The unit direction from the plant voice to the enterprise voice under ``encoder``."""
    plant = _unit(np.mean([e.vector for e in encoder.embed(PLANT_VOICE)], axis=0))
    enterprise = _unit(np.mean([e.vector for e in encoder.embed(ENTERPRISE_VOICE)], axis=0))
    return _unit(enterprise - plant)


def question_axis(
    plant_centroid: np.ndarray, enterprise_centroid: np.ndarray, generic: np.ndarray, tilt: float
) -> np.ndarray:
    """The question's plant-to-enterprise direction, tilted by ``tilt`` towards ``generic``
    (in proportion to its own length, so the tilt means the same for every question)."""
    own = enterprise_centroid - plant_centroid
    return own + tilt * float(np.linalg.norm(own)) * generic


def position(altitude: float, plant_bar: float, enterprise_bar: float, min_gap: float) -> float:
    """-1 at the plant bar's altitude, +1 at the enterprise bar's, clipped to [-1, 1]."""
    gap = max(enterprise_bar - plant_bar, min_gap)
    middle = (plant_bar + enterprise_bar) / 2
    return float(np.clip(2 * (altitude - middle) / gap, -1.0, 1.0))


def score_difference(plant_score: float, enterprise_score: float) -> float:
    """The fallback position where the bars cannot be told apart: the enterprise score minus
    the plant score, over half the 0-5 scale, clipped to [-1, 1]."""
    return float(np.clip((enterprise_score - plant_score) / 2.5, -1.0, 1.0))
