"""Candidate and panel analytics on hand-built records whose answers are computable by hand."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

import assess.analytics.credibility as credibility_module
from assess.analytics.coverage import MISSED, NOT_PROBED, NOT_RATED, SHOWN, isa95_coverage
from assess.analytics.credibility import (
    AGREEMENT,
    ARCHITECTURE,
    NO_EVIDENCE,
    RED_FLAGS,
    SPECIFICITY,
    credibility,
)
from assess.analytics.panel import member_comparison, panel_ranking, rater_disagreement
from assess.analytics.profile import competency_profile, question_ratings, requisition_bar
from assess.analytics.records import (
    CandidateRecord,
    FlagRecord,
    PanelRatingRecord,
)
from assess.analytics.role_fit import (
    BETWEEN,
    ENTERPRISE_FOR_PLANT,
    MATCHES_PLANT,
    NO_ROLE_FIT,
    PLANT_FOR_ENTERPRISE,
    role_fit,
)
from assess.content.bank import Bank
from assess.errors import InputError, UnknownItemError
from tests.records import candidate, question

# --- competency profile -------------------------------------------------------------------


def test_requisition_bar_is_three_for_competencies_assessed_at_the_level(real_bank: Bank) -> None:
    plant = requisition_bar(real_bank, "plant")
    enterprise = requisition_bar(real_bank, "enterprise")
    assert set(plant.values()) == {3.0}
    assert "order-execution" in plant and "order-execution" not in enterprise
    assert "multisite-template" in enterprise and "multisite-template" not in plant
    assert set(plant) == {cid for cid, c in real_bank.competencies.items() if "plant" in c.levels}


def test_requisition_bar_rejects_an_unknown_level(real_bank: Bank) -> None:
    with pytest.raises(UnknownItemError, match="site"):
        requisition_bar(real_bank, "site")


def _profile_candidate() -> CandidateRecord:
    return candidate(
        question(question_id="Q001", competency="mes-mom-scope", machine_score=3.5, final_rating=4),
        question(question_id="Q005", competency="mes-mom-scope", machine_score=2.5, final_rating=2),
        question(
            question_id="Q020",
            competency="order-execution",
            abstained=True,
            abstain_reason="too short",
            final_rating=5,
        ),
        question(question_id=None, prompt="And then?", final_rating=1),
        question(question_id="Q030", competency="quality-operations", machine_score=2.0),
        question(question_id="Q031", competency="ot-security", status="pending"),
        question(question_id="Q099", competency="dropped-area", final_rating=3),
    )


def test_profile_rates_each_competency_from_final_ratings(real_bank: Bank) -> None:
    profile = competency_profile(_profile_candidate(), real_bank)
    scope = profile.score("mes-mom-scope")
    assert (scope.rating, scope.n_questions, scope.machine_mean, scope.bar) == (3.0, 2, 3.0, 3.0)
    assert scope.name == real_bank.competencies["mes-mom-scope"].name
    assert scope.gap == 0.0
    order = profile.score("order-execution")
    assert (order.rating, order.n_questions, order.machine_mean) == (5.0, 1, None)


def test_machine_score_never_stands_in_for_a_missing_rating(real_bank: Bank) -> None:
    profile = competency_profile(_profile_candidate(), real_bank)
    quality = profile.score("quality-operations")
    assert quality.rating is None and quality.n_questions == 0
    assert quality.machine_mean == 2.0 and quality.n_machine == 1
    assert profile.n_unrated == 1


def test_profile_lists_every_competency_with_not_probed_and_no_bar(real_bank: Bank) -> None:
    profile = competency_profile(_profile_candidate(), real_bank)
    ids = [s.competency for s in profile.scores]
    assert ids[: len(real_bank.competencies)] == list(real_bank.competencies)
    ot = profile.score("ot-security")  # only pending: not probed
    assert (ot.rating, ot.n_questions, ot.bar, ot.probed) == (None, 0, 3.0, False)
    assert profile.score("multisite-template").bar is None  # enterprise-only, plant role
    assert ot in profile.not_probed
    assert profile.score("multisite-template") not in profile.not_probed


def test_profile_keeps_a_competency_the_bank_no_longer_has(real_bank: Bank) -> None:
    dropped = competency_profile(_profile_candidate(), real_bank).scores[-1]
    assert (dropped.competency, dropped.name, dropped.rating, dropped.bar) == (
        "dropped-area",
        "dropped-area",
        3.0,
        None,
    )


def test_profile_overall_is_the_mean_of_every_rated_question(real_bank: Bank) -> None:
    profile = competency_profile(_profile_candidate(), real_bank)
    assert profile.n_rated == 5  # 4, 2, 5, 1 (ad hoc) and 3
    assert profile.overall == pytest.approx(3.0)


def test_profile_with_nothing_rated_has_no_overall(real_bank: Bank) -> None:
    profile = competency_profile(candidate(question(machine_score=4.0)), real_bank)
    assert profile.overall is None and profile.n_rated == 0
    assert all(s.rating is None for s in profile.scores)


def test_question_ratings_label_ad_hoc_and_repeats(real_bank: Bank) -> None:
    rows = question_ratings(
        candidate(
            question(question_id="Q001", machine_score=3.0, final_rating=4),
            question(question_id=None, final_rating=2),
            question(question_id="Q001", interview_id=2, abstained=True, machine_score=1.0),
            question(question_id="Q002", status="skipped"),
            question(question_id=None, final_rating=3),
        )
    )
    assert [r.label for r in rows] == ["Q001", "ad hoc 1", "Q001 (2)", "ad hoc 2"]
    assert rows[0].difference == 1.0
    assert rows[2].machine_score is None and rows[2].abstained  # abstained: no number shown
    assert rows[1].difference is None


# --- coverage -----------------------------------------------------------------------------


def _coverage_candidate() -> CandidateRecord:
    return candidate(
        question(
            question_id="Q1",
            mom_categories=("production", "quality"),
            activities=("dispatching",),
            functional_levels=("L3",),
            final_rating=4,
        ),
        question(
            question_id="Q2",
            mom_categories=("production",),
            activities=("dispatching", "tracking"),
            functional_levels=("L3",),
            final_rating=1,
        ),
        question(
            question_id="Q3",
            mom_categories=("maintenance",),
            activities=("tracking",),
            functional_levels=("L2",),
        ),
        question(question_id="Q4", functional_levels=("L3",), final_rating=2),
        question(
            question_id="Q5",
            status="skipped",
            mom_categories=("inventory",),
            activities=("tracking",),
            functional_levels=("L3",),
        ),
    )


def test_coverage_by_activity_states_and_counts() -> None:
    grid = isa95_coverage(_coverage_candidate()).by_activity
    assert grid.rows == ("production", "maintenance", "quality", "inventory")
    assert len(grid.columns) == 8 and grid.columns[3] == "dispatching"
    both = grid.cell("production", "dispatching")
    assert (both.state, both.n_asked, both.n_rated, both.n_shown, both.n_missed) == (
        SHOWN,
        2,
        2,
        1,
        1,
    )
    assert both.question_ids == ("Q1", "Q2")
    assert grid.cell("quality", "dispatching").state == SHOWN
    missed = grid.cell("production", "tracking")
    assert (missed.state, missed.n_rated, missed.n_shown) == (MISSED, 1, 0)
    assert grid.cell("maintenance", "tracking").state == NOT_RATED
    assert grid.cell("inventory", "tracking").state == NOT_PROBED  # skipped is not probed
    assert (grid.count(SHOWN), grid.count(MISSED), grid.count(NOT_RATED)) == (2, 1, 1)
    assert grid.count(NOT_PROBED) == 32 - 4
    assert grid.n_unplaced == 1  # Q4: no category, no activity


def test_coverage_by_level_crosses_functional_levels_and_categories() -> None:
    grid = isa95_coverage(_coverage_candidate()).by_level
    assert grid.rows == ("L0", "L1", "L2", "L3", "L4")
    assert grid.columns == ("production", "maintenance", "quality", "inventory")
    assert grid.cell("L3", "production").n_asked == 2
    assert grid.cell("L3", "quality").state == SHOWN
    assert grid.cell("L2", "maintenance").state == NOT_RATED
    assert grid.cell("L4", "production").state == NOT_PROBED
    assert grid.n_unplaced == 1


def test_a_rating_of_three_shows_and_two_misses() -> None:
    tags = {"mom_categories": ("quality",), "activities": ("tracking",)}
    shown = isa95_coverage(candidate(question(final_rating=3, **tags))).by_activity
    missed = isa95_coverage(candidate(question(final_rating=2, **tags))).by_activity
    assert shown.cell("quality", "tracking").state == SHOWN
    assert missed.cell("quality", "tracking").state == MISSED


def test_coverage_cell_lookup_names_a_bad_cell() -> None:
    grid = isa95_coverage(_coverage_candidate()).by_activity
    with pytest.raises(UnknownItemError, match="logistics"):
        grid.cell("logistics", "tracking")


# --- role fit -----------------------------------------------------------------------------


def _positioned(*positions: float | None, level: str) -> CandidateRecord:
    rows = [
        question(question_id=f"Q{i:03d}", role_fit_position=p, final_rating=3)
        for i, p in enumerate(positions, start=1)
    ]
    rows.append(question(question_id="Q900", status="skipped", role_fit_position=-1.0))
    return candidate(*rows, level=level)


def test_plant_answers_for_an_enterprise_role_are_called_out() -> None:
    summary = role_fit(_positioned(-0.8, 0.3, None, -0.4, level="enterprise"))
    assert summary.position == pytest.approx(-0.3)
    assert summary.n == 3
    assert (
        summary.verdict
        == PLANT_FOR_ENTERPRISE
        == "answers pitched at one site for an enterprise role"
    )
    assert summary.mismatch and summary.leaning == "plant"
    # The answers pulling towards the plant side come first.
    assert [d.position for d in summary.drivers] == [-0.8, -0.4, 0.3]
    assert [d.question_id for d in summary.drivers] == ["Q001", "Q004", "Q002"]


def test_the_same_answers_match_a_plant_role() -> None:
    summary = role_fit(_positioned(-0.8, 0.3, None, -0.4, level="plant"))
    assert summary.verdict == MATCHES_PLANT and not summary.mismatch


def test_enterprise_answers_for_a_plant_role_mirror() -> None:
    summary = role_fit(_positioned(0.1, 0.5, level="plant"))
    assert summary.position == pytest.approx(0.3)
    assert summary.verdict == ENTERPRISE_FOR_PLANT and summary.mismatch
    assert [d.position for d in summary.drivers] == [0.5, 0.1]


def test_balanced_answers_sit_between() -> None:
    summary = role_fit(_positioned(0.1, -0.15, 0.05, level="enterprise"))
    assert summary.position == pytest.approx(0.0)
    assert summary.verdict == BETWEEN and not summary.mismatch
    assert [d.position for d in summary.drivers] == [-0.15, 0.1, 0.05]


def test_no_role_fit_evidence_is_said_not_invented() -> None:
    summary = role_fit(_positioned(None, level="enterprise"))
    assert (summary.position, summary.n, summary.drivers) == (None, 0, ())
    assert summary.verdict == NO_ROLE_FIT and not summary.mismatch


def test_role_fit_rejects_an_unknown_level() -> None:
    with pytest.raises(UnknownItemError):
        role_fit(_positioned(0.5, level="global"))


# --- credibility --------------------------------------------------------------------------

FLAG = FlagRecord(
    misconception="M3",
    claim="MES and MOM are synonyms.",
    correction="MES is a subset of MOM.",
    clause="MES and MOM are the same thing",
)


def _credibility_candidate() -> CandidateRecord:
    return candidate(
        question(
            question_id="QA",
            competency="mes-mom-scope",
            parts=(1, 3),
            machine_score=3.0,
            final_rating=4,
            features={"lexical_recall": 0.5, "align_precision": 0.9},
            red_flags=(FLAG,),
        ),
        question(
            question_id="QB",
            competency="order-execution",
            parts=(3,),
            machine_score=2.0,
            final_rating=2,
            covered_points=("release",),
            missed_points=("readiness", "dispatch", "confirmation"),
        ),
        question(
            question_id="QC",
            competency="isa95-foundations",
            abstained=True,
            final_rating=5,
        ),
        question(question_id=None, final_rating=3),
        question(question_id="QE", competency="mes-mom-scope", status="pending", final_rating=None),
    )


def test_credibility_parts_by_hand() -> None:
    index = credibility(_credibility_candidate())
    architecture = index.part(ARCHITECTURE)  # QA 4/5 and QC 5/5 (architecture competencies)
    assert (architecture.value, architecture.n) == (pytest.approx(0.9), 2)
    flags = index.part(RED_FLAGS)  # judged: QA, QB; flagged: QA
    assert (flags.value, flags.n) == (0.5, 2)
    assert "MES and MOM are the same thing" in flags.evidence[0]
    specificity = index.part(SPECIFICITY)  # QA lexical_recall 0.5; QB 1 of 4 points
    assert (specificity.value, specificity.n) == (pytest.approx(0.375), 2)
    assert any("1 of 4 key points" in line for line in specificity.evidence)
    agreement = index.part(AGREEMENT)  # |3-4| and |2-2|: mean 0.5 -> 1 - 0.5 / 5
    assert (agreement.value, agreement.n) == (pytest.approx(0.9), 2)
    assert index.index == pytest.approx(100 * (0.9 + 0.5 + 0.375 + 0.9) / 4)


def test_credibility_lists_the_quoted_clause() -> None:
    (flag,) = credibility(_credibility_candidate()).red_flags
    assert (flag.question_id, flag.misconception, flag.clause) == ("QA", "M3", FLAG.clause)
    assert flag.correction == FLAG.correction


def test_parts_without_evidence_are_left_out_not_zero() -> None:
    only_architecture = candidate(
        question(question_id="QC", competency="isa95-foundations", abstained=True, final_rating=4)
    )
    index = credibility(only_architecture)
    assert index.part(ARCHITECTURE).value == pytest.approx(0.8)
    for key in (RED_FLAGS, SPECIFICITY, AGREEMENT):
        part = index.part(key)
        assert part.value is None and part.n == 0 and part.shown == NO_EVIDENCE
    assert index.index == pytest.approx(80.0)


def test_no_evidence_at_all_gives_no_index() -> None:
    index = credibility(candidate(question(question_id=None, final_rating=3)))
    assert index.index is None
    assert all(not part.has_evidence for part in index.parts)


def test_clean_answers_say_so_in_the_red_flag_evidence() -> None:
    index = credibility(candidate(question(machine_score=3.0), question(machine_score=4.0)))
    part = index.part(RED_FLAGS)
    assert part.value == 1.0
    assert part.evidence == ("no misconception asserted in 2 judged answers",)


def test_credibility_says_it_describes_evidence_not_honesty() -> None:
    assert "honesty" in (credibility_module.__doc__ or "")
    assert "never the candidate's honesty" in " ".join((credibility.__doc__ or "").split())


# --- panel ranking ------------------------------------------------------------------------


def _rated(candidate_id: int, name: str, *values: int) -> CandidateRecord:
    rows = [
        question(candidate_id=candidate_id, question_id=f"Q{i:03d}", final_rating=v)
        for i, v in enumerate(values, start=1)
    ]
    return candidate(*rows, candidate_id=candidate_id, name=name)


def test_ranking_orders_by_mean_with_intervals() -> None:
    shortlist = [
        _rated(2, "Bo", 1, 2, 1),
        _rated(1, "Ada", 5, 5, 4, 5),
        _rated(4, "Dee"),
        _rated(3, "Cy", 3, 3, 3),
    ]
    ranking = panel_ranking(shortlist)
    assert [c.name for c in ranking.candidates] == ["Ada", "Cy", "Bo", "Dee"]
    assert [c.rank for c in ranking.candidates] == [1, 2, 3, None]
    ada, cy, bo, dee = ranking.candidates
    assert ada.mean == 4.75 and ada.n == 4
    assert 4.0 <= ada.low <= ada.mean <= ada.high <= 5.0
    assert (cy.low, cy.mean, cy.high) == (3.0, 3.0, 3.0)  # no spread, no interval width
    assert 1.0 <= bo.low <= bo.high <= 2.0
    assert (dee.mean, dee.low, dee.high, dee.n) == (None, None, None, 0)
    assert not ada.overlaps_next and not cy.overlaps_next and not bo.overlaps_next


def test_bootstrap_interval_of_two_values_by_hand() -> None:
    # Resampling [0, 4] gives means 0, 2, 4 with chances 1/4, 1/2, 1/4: a 90% interval
    # runs from 0 to 4 (each tail holds 25% > 5%).
    (row,) = panel_ranking([_rated(1, "Ada", 0, 4)]).candidates
    assert (row.low, row.mean, row.high) == (0.0, 2.0, 4.0)


def test_overlapping_intervals_are_flagged_and_ties_go_by_id() -> None:
    ranking = panel_ranking([_rated(9, "Wide", 5, 1, 5, 1), _rated(8, "Tight", 3, 3, 4, 2)])
    first, second = ranking.candidates
    assert (first.name, second.name) == ("Tight", "Wide")  # equal means: lower id first
    assert first.overlaps_next and not second.overlaps_next


def test_ranking_is_deterministic_and_independent_of_order() -> None:
    shortlist = [_rated(1, "Ada", 5, 3, 4, 2, 5), _rated(2, "Bo", 1, 4, 2, 3)]
    once = panel_ranking(shortlist, seed=7)
    assert once == panel_ranking(list(reversed(shortlist)), seed=7)
    assert panel_ranking(shortlist[:1], seed=7).candidates[0] == replace(
        once.candidates[0], overlaps_next=False
    )
    assert (once.seed, once.resamples, once.confidence) == (7, 1000, 0.9)


def test_wider_confidence_gives_a_wider_interval() -> None:
    shortlist = [_rated(1, "Ada", 5, 3, 4, 2, 5, 1, 4)]
    (narrow,) = panel_ranking(shortlist, confidence=0.5).candidates
    (wide,) = panel_ranking(shortlist, confidence=0.99).candidates
    assert wide.low < narrow.low and narrow.high < wide.high


def test_ranking_rejects_nonsense_settings() -> None:
    with pytest.raises(InputError, match="resamples=0"):
        panel_ranking([], resamples=0)
    with pytest.raises(InputError, match=r"confidence=1\.0"):
        panel_ranking([], confidence=1.0)


# --- rater disagreement -------------------------------------------------------------------

PANEL = [
    PanelRatingRecord(candidate_id=1, member="alice", rating=4, comment="clear on ISA-95"),
    PanelRatingRecord(candidate_id=1, member="bob", rating=2),
    PanelRatingRecord(candidate_id=1, member="carol", rating=3),
    PanelRatingRecord(candidate_id=2, member="bob", rating=3),
    PanelRatingRecord(candidate_id=2, member="alice", rating=3),
]


def test_disagreement_matrix_by_hand() -> None:
    result = rater_disagreement(PANEL, {1: "Ada", 2: "Bo"})
    assert result.members == ("alice", "bob", "carol")
    assert result.candidate_ids == (1, 2)
    assert result.candidate_names == ("Ada", "Bo")
    assert result.panel_means == (3.0, 3.0)
    assert result.matrix == ((1.0, 0.0), (1.0, 0.0), (0.0, None))


def test_disagreement_names_who_differed_and_by_how_much() -> None:
    differed = rater_disagreement(PANEL).differed
    assert [(d.member, d.candidate_id, d.difference) for d in differed] == [
        ("alice", 1, 1.0),
        ("bob", 1, -1.0),
    ]
    assert differed[0].comment == "clear on ISA-95"


def test_disagreement_uses_ids_where_names_are_missing() -> None:
    assert rater_disagreement(PANEL, {1: "Ada"}).candidate_names == ("Ada", "2")


def test_member_comparison_for_one_candidate() -> None:
    rows = member_comparison(PANEL, 1)
    assert [(r.member, r.rating, r.panel_mean) for r in rows] == [
        ("alice", 4, 3.0),
        ("bob", 2, 3.0),
        ("carol", 3, 3.0),
    ]
    assert [r.differs for r in rows] == [True, True, False]
    assert member_comparison(PANEL, 99) == ()


def test_a_member_rating_a_candidate_twice_is_refused() -> None:
    twice = [*PANEL, PanelRatingRecord(candidate_id=2, member="bob", rating=5)]
    with pytest.raises(ValueError, match="bob"):
        rater_disagreement(twice)


def test_disagreement_differences_are_signed_against_the_mean() -> None:
    result = rater_disagreement(PANEL)
    alice = result.difference("alice", 1)
    assert alice is not None and math.isclose(alice.difference, 1.0)
    assert result.difference("carol", 2) is None
