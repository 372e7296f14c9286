"""Live coverage and "what to ask next" on hand-built records and a hand-built bank.

The bank here is built in code so every expected area, question and probe can be read off
the test: three plant areas of different sizes, one enterprise-only area, a retired question.
"""

from __future__ import annotations

from types import MappingProxyType

import pytest

from assess.analytics.interview_plan import (
    EVIDENCE,
    GAP,
    NOT_PROBED,
    PROBE,
    PROBED,
    QUESTION,
    interview_coverage,
    missed_key_points,
    next_question,
    shows_evidence,
    suggestions,
    target_difficulty,
)
from assess.content.bank import Bank
from assess.content.models import Competency, Exemplar, KeyPoint, Question, RedFlag, Rubric
from assess.errors import UnknownItemError
from tests.records import question


def _competency(cid: str, *levels: str) -> Competency:
    return Competency(id=cid, name=f"Area {cid}", levels=levels, description="a test area here")


def _question(qid: str, area: str, difficulty: int, retired: bool = False) -> Question:
    return Question(
        id=qid,
        text=f"Question {qid} about {area}, asked in a test interview.",
        competency=area,
        levels=("plant", "enterprise"),
        difficulty=difficulty,
        minutes=5,
        retired=retired,
    )


def _rubric(qid: str, level: str) -> Rubric:
    return Rubric(
        question=qid,
        level=level,
        version=1,
        key_points=(
            KeyPoint(id="light", text=f"{qid} light point", weight=1, probe=f"Probe light {qid}?"),
            KeyPoint(id="heavy", text=f"{qid} heavy point", weight=3, probe=f"Probe heavy {qid}?"),
            KeyPoint(id="mid", text=f"{qid} middle point", weight=2, probe=f"Probe mid {qid}?"),
        ),
        exemplars=tuple(Exemplar(score=s, answer=f"exemplar answer {s}") for s in (1, 3, 5)),
        red_flags=(
            RedFlag(
                misconception="M1", claim="a wrong claim here", correction="the correction of it"
            ),
        ),
    )


# Plant areas: "big" has 4 questions, "mid" 2, "small" 1 (plus a retired one); "ent" is
# enterprise-only. Q010-Q019 are "big", Q020s "mid", Q030s "small", Q040 "ent".
QUESTIONS = (
    _question("Q010", "big", 1),
    _question("Q011", "big", 2),
    _question("Q012", "big", 3),
    _question("Q013", "big", 2),
    _question("Q020", "mid", 1),
    _question("Q021", "mid", 3),
    _question("Q030", "small", 2),
    _question("Q031", "small", 2, retired=True),
    _question("Q040", "ent", 2),
)


@pytest.fixture
def bank() -> Bank:
    competencies = {
        "small": _competency("small", "plant"),
        "big": _competency("big", "plant"),
        "mid": _competency("mid", "plant", "enterprise"),
        "ent": _competency("ent", "enterprise"),
    }
    return Bank(
        questions=MappingProxyType({q.id: q for q in QUESTIONS}),
        rubrics=MappingProxyType(
            {(q.id, level): _rubric(q.id, level) for q in QUESTIONS for level in q.levels}
        ),
        competencies=MappingProxyType(competencies),
        misconceptions=MappingProxyType({}),
    )


def asked(qid: str, area: str, difficulty: int = 2, **fields):
    """An answered record of bank question ``qid`` in ``area``."""
    return question(
        question_id=qid, prompt=f"Question {qid}", competency=area, difficulty=difficulty, **fields
    )


# --- evidence of one answer -------------------------------------------------------------------


def test_the_persons_rating_wins_over_the_machines_key_points() -> None:
    shown_by_machine = asked("Q010", "big", machine_score=3.5, covered_points=("x",))
    assert shows_evidence(shown_by_machine) is True
    assert (
        shows_evidence(
            asked("Q010", "big", machine_score=3.5, covered_points=("x",), final_rating=2)
        )
        is False
    )
    assert shows_evidence(asked("Q010", "big", machine_score=1.0, final_rating=3)) is True
    assert shows_evidence(asked("Q010", "big", machine_score=1.0, missed_points=("x",))) is False
    assert shows_evidence(asked("Q010", "big", abstained=True, machine_score=None)) is None
    assert shows_evidence(asked("Q010", "big")) is None


# --- the coverage map ---------------------------------------------------------------------------


def test_map_rows_are_the_areas_assessed_at_the_level_in_bank_order(bank: Bank) -> None:
    plant = interview_coverage([], bank, "plant")
    assert [row.competency for row in plant.areas] == ["small", "big", "mid"]
    assert plant.count(NOT_PROBED) == 3
    enterprise = interview_coverage([], bank, "enterprise")
    assert [row.competency for row in enterprise.areas] == ["mid", "ent"]


def test_each_state_from_the_answers_in_its_area(bank: Bank) -> None:
    records = [
        asked("Q010", "big", machine_score=4.0, covered_points=("a",)),  # evidence
        asked("Q020", "mid", machine_score=1.0, missed_points=("a",)),  # judged, nothing shown
        asked("Q030", "small"),  # typed, not yet scored or rated
    ]
    coverage = interview_coverage(records, bank, "plant")
    assert coverage.states() == {"small": PROBED, "big": EVIDENCE, "mid": GAP}
    assert coverage.area("big").question_ids == ("Q010",)


def test_one_answer_that_shows_ground_makes_the_area_evidence(bank: Bank) -> None:
    records = [
        asked("Q010", "big", final_rating=1),
        asked("Q011", "big", final_rating=4),
    ]
    assert interview_coverage(records, bank, "plant").area("big").state == EVIDENCE
    assert interview_coverage(records[:1], bank, "plant").area("big").state == GAP


def test_skipped_and_planned_questions_do_not_probe_an_area(bank: Bank) -> None:
    records = [asked("Q010", "big", status="skipped"), asked("Q020", "mid", status="pending")]
    assert interview_coverage(records, bank, "plant").count(NOT_PROBED) == 3


def test_map_changes_as_the_answer_is_scored_then_rated(bank: Bank) -> None:
    typed = asked("Q020", "mid")
    scored = asked("Q020", "mid", machine_score=2.5, covered_points=("a",))
    rated_low = asked("Q020", "mid", machine_score=2.5, covered_points=("a",), final_rating=1)
    states = [
        interview_coverage([r], bank, "plant").area("mid").state for r in (typed, scored, rated_low)
    ]
    assert states == [PROBED, EVIDENCE, GAP]


def test_an_area_not_assessed_at_the_level_is_listed_when_answered(bank: Bank) -> None:
    coverage = interview_coverage([asked("Q040", "ent", final_rating=4)], bank, "plant")
    row = coverage.area("ent")
    assert row.state == EVIDENCE and not row.assessed
    assert [r.competency for r in coverage.areas][-1] == "ent"


def test_unknown_level_is_a_typed_error(bank: Bank) -> None:
    with pytest.raises(UnknownItemError):
        interview_coverage([], bank, "site")


# --- difficulty steps -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "expected"),
    [
        ((), 2),
        ((4,), 2),
        ((4, 5), 3),
        ((2, 4, 5), 3),
        ((5, 4, 1), 2),
        ((1, 2), 1),
        ((3, 2, 0), 1),
        ((2, 3), 2),
    ],
)
def test_target_difficulty_steps_after_two_ratings(ratings: tuple[int, ...], expected: int) -> None:
    records = [asked(f"Q01{i}", "big", difficulty=2, final_rating=r) for i, r in enumerate(ratings)]
    assert target_difficulty(records) == expected


def test_target_difficulty_stays_within_one_to_three() -> None:
    hard = [asked("Q012", "big", difficulty=3, final_rating=5) for _ in range(2)]
    easy = [asked("Q010", "big", difficulty=1, final_rating=0) for _ in range(2)]
    assert target_difficulty(hard) == 3
    assert target_difficulty(easy) == 1


def test_unrated_answers_do_not_break_a_run_of_ratings() -> None:
    records = [
        asked("Q010", "big", final_rating=5),
        asked("Q011", "big"),  # answered, not rated: not a rating
        asked("Q012", "big", final_rating=4),
    ]
    assert target_difficulty(records) == 3


# --- the next bank question -----------------------------------------------------------------


def test_next_question_covers_the_largest_unprobed_area(bank: Bank) -> None:
    pick = next_question([], bank, "plant")
    assert pick is not None and pick.kind == QUESTION
    assert pick.competency == "big" and pick.question_id in {"Q011", "Q013"}
    assert pick.question_id == "Q011"  # nearest to difficulty 2, then lowest id
    assert "Area big" in pick.reason and "not probed" in pick.reason


def test_next_question_never_repeats_one_in_the_interview(bank: Bank) -> None:
    records = [asked("Q020", "mid", final_rating=3)]
    records += [asked("Q011", "big", status="skipped"), asked("Q013", "big", status="skipped")]
    pick = next_question(records, bank, "plant")
    assert pick is not None and pick.question_id not in {"Q020", "Q011", "Q013"}


def test_next_question_steps_up_after_two_strong_answers(bank: Bank) -> None:
    records = [
        asked("Q020", "mid", difficulty=2, final_rating=4),
        asked("Q030", "small", difficulty=2, final_rating=5),
    ]
    pick = next_question(records, bank, "plant")
    assert pick is not None and pick.question_id == "Q012" and pick.difficulty == 3
    assert "harder" in pick.reason


def test_next_question_steps_down_after_two_weak_answers(bank: Bank) -> None:
    records = [
        asked("Q020", "mid", difficulty=2, final_rating=2),
        asked("Q030", "small", difficulty=2, final_rating=0),
    ]
    pick = next_question(records, bank, "plant")
    assert pick is not None and pick.question_id == "Q010" and pick.difficulty == 1
    assert "easier" in pick.reason


def test_next_question_skips_retired_questions(bank: Bank) -> None:
    # "small" has Q030 and the retired Q031; with Q030 asked elsewhere the area has none left.
    records = [
        asked(q.id, q.competency, final_rating=3) for q in QUESTIONS if q.competency != "small"
    ]
    records.append(asked("Q030", "other", status="pending"))  # Q030 is planned (under any area)
    assert next_question(records, bank, "plant") is None


def test_an_area_with_a_planned_question_comes_after_one_without(bank: Bank) -> None:
    pick = next_question([asked("Q010", "big", status="pending")], bank, "plant")
    assert pick is not None and pick.competency == "mid"


def test_no_next_question_when_every_area_is_probed(bank: Bank) -> None:
    records = [asked("Q010", "big", final_rating=1), asked("Q020", "mid"), asked("Q030", "small")]
    assert next_question(records, bank, "plant") is None


# --- suggestions ----------------------------------------------------------------------------


def test_missed_key_points_heaviest_first(bank: Bank) -> None:
    current = asked(
        "Q020",
        "mid",
        machine_score=1.5,
        missed_points=("Q020 light point", "Q020 heavy point", "Q020 middle point"),
    )
    assert [kp.id for kp in missed_key_points(current, bank, "plant")] == ["heavy", "mid", "light"]


def test_no_missed_points_before_scoring_or_when_abstained(bank: Bank) -> None:
    assert (
        missed_key_points(asked("Q020", "mid", missed_points=("Q020 heavy point",)), bank, "plant")
        == ()
    )
    abstained = asked(
        "Q020", "mid", abstained=True, machine_score=None, missed_points=("Q020 heavy point",)
    )
    assert missed_key_points(abstained, bank, "plant") == ()
    assert missed_key_points(question(question_id=None, machine_score=2.0), bank, "plant") == ()


def test_suggestions_probe_missed_points_then_the_next_question(bank: Bank) -> None:
    current = asked(
        "Q020",
        "mid",
        machine_score=1.5,
        covered_points=(),
        missed_points=("Q020 light point", "Q020 heavy point", "Q020 middle point"),
    )
    got = suggestions([current], bank, "plant", current)
    assert [s.kind for s in got] == [PROBE, PROBE, QUESTION]
    assert [s.text for s in got[:2]] == ["Probe heavy Q020?", "Probe mid Q020?"]
    assert got[0].weight == 3 and "weight 3 of 6" in got[0].reason
    assert "Q020 heavy point" in got[0].reason
    assert got[2].question_id == "Q011"


def test_three_probes_when_there_is_no_next_question(bank: Bank) -> None:
    current = asked(
        "Q020",
        "mid",
        machine_score=1.5,
        missed_points=("Q020 light point", "Q020 heavy point", "Q020 middle point"),
    )
    records = [
        current,
        asked("Q010", "big", final_rating=3),
        asked("Q030", "small", final_rating=3),
    ]
    got = suggestions(records, bank, "plant", current)
    assert [s.key_point for s in got] == ["heavy", "mid", "light"]


def test_a_probe_already_added_as_a_follow_up_is_not_suggested_again(bank: Bank) -> None:
    current = asked(
        "Q020", "mid", machine_score=1.5, missed_points=("Q020 heavy point", "Q020 middle point")
    )
    follow_up = question(question_id=None, prompt="Probe heavy Q020?", status="pending")
    got = suggestions([current, follow_up], bank, "plant", current)
    assert [s.key_point for s in got if s.kind == PROBE] == ["mid"]


def test_no_suggestion_at_all_is_an_empty_tuple(bank: Bank) -> None:
    records = [
        asked("Q010", "big", final_rating=3),
        asked("Q020", "mid", final_rating=4),
        asked("Q030", "small", final_rating=3),
    ]
    assert suggestions(records, bank, "plant", records[-1]) == ()


def test_a_pending_question_with_a_saved_or_scored_answer_is_probed(bank: Bank) -> None:
    # The store marks a question answered only when it is rated; the map moves before that.
    typed = asked("Q020", "mid", status="pending", answer_text="MES dispatches the order.")
    scored = asked("Q020", "mid", status="pending", machine_score=2.5, covered_points=("a",))
    missed = asked("Q020", "mid", status="pending", machine_score=1.0)
    states = [
        interview_coverage([r], bank, "plant").area("mid").state for r in (typed, scored, missed)
    ]
    assert states == [PROBED, EVIDENCE, GAP]
    skipped = asked("Q020", "mid", status="skipped", answer_text="typed, then skipped")
    assert interview_coverage([skipped], bank, "plant").area("mid").state == NOT_PROBED
