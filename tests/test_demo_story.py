"""The sample data's story under the real scorer (issue 11): the strong candidates score high,
the wrong-level candidates lean the other way, the buzzword ones stay low, and red flags come
only from the two candidates written to assert misconceptions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from assess.content.bank import Bank
from assess.content.yamlio import read_yaml
from assess.scoring import Score
from assess.scoring.suggest import default_scorer, rubric_pair

pytestmark = pytest.mark.model

SAMPLE = Path(__file__).resolve().parents[1] / "assess" / "demo" / "sample_interviews.yaml"
PREFIX = "Sample Candidate - "


@pytest.fixture(scope="module")
def scored(real_bank: Bank) -> dict[str, list[Score]]:
    content = read_yaml(SAMPLE)
    levels = {r["key"]: r["level"] for r in content["requisitions"]}
    scorer = default_scorer()
    out = {}
    for candidate in content["candidates"]:
        level = levels[candidate["requisition"]]
        answers = [a for a in candidate["answers"] if not a.get("skipped")]
        items = [(a["answer"], *rubric_pair(real_bank, a["question"], level)) for a in answers]
        out[candidate["name"].removeprefix(PREFIX)] = scorer.score_many(items)
    return out


def _values(scores: list[Score]) -> Iterator[float]:
    return (s.score for s in scores if s.score is not None)


def _mean(scores: list[Score]) -> float:
    return float(np.mean(list(_values(scores))))


def _position(scores: list[Score]) -> float:
    return float(np.mean([s.role_fit.position for s in scores if s.role_fit is not None]))


@pytest.mark.parametrize("name", ["Amara Osei", "Lena Park"])
def test_the_strong_candidates_score_high(scored, name: str) -> None:
    assert _mean(scored[name]) >= 4.0, [s.score for s in scored[name]]


@pytest.mark.parametrize("name", ["Rafael Quintero", "Oliver Grant"])
def test_buzzwords_score_low(scored, name: str) -> None:
    assert _mean(scored[name]) <= 1.5, [s.score for s in scored[name]]


@pytest.mark.parametrize("name", ["Daniel Cho", "Sofia Navarro"])
def test_the_solid_middle_stays_in_the_middle(scored, name: str) -> None:
    assert 2.5 <= _mean(scored[name]) <= 3.8, [s.score for s in scored[name]]


def test_the_wrong_level_candidates_lean_the_other_way(scored) -> None:
    # Marco is an enterprise architect interviewed for the plant role, Kwame the reverse.
    assert _position(scored["Marco Bellandi"]) > 0.2
    assert _position(scored["Kwame Mensah"]) < -0.2
    assert _mean(scored["Marco Bellandi"]) < _mean(scored["Amara Osei"]) - 1.0
    assert _mean(scored["Kwame Mensah"]) < _mean(scored["Lena Park"]) - 1.0


def test_red_flags_only_where_a_misconception_is_asserted(scored) -> None:
    flagged = {name for name, scores in scored.items() if any(s.red_flags for s in scores)}
    assert flagged == {"Jordan Ashby", "Hannah Kowalski"}
    for name in flagged:
        assert sum(bool(s.red_flags) for s in scored[name]) >= 3, name
