"""Interviewer calibration, item analysis and weak items, with their charts, by hand."""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go
import pytest

from assess.analytics.records import QuestionRecord
from assess.analytics.team import interviewer_calibration, item_analysis, weak_items
from assess.charts.team import (
    NO_DATA,
    VS_MACHINE,
    VS_OTHERS,
    calibration_chart,
    item_analysis_chart,
)
from assess.content.bank import Bank


def record(candidate_id: int, question_id: str | None, **fields: Any) -> QuestionRecord:
    base: dict[str, Any] = {
        "interview_id": candidate_id,
        "candidate_id": candidate_id,
        "requisition_id": 1,
        "level": "plant",
        "interviewer": "ann",
        "question_id": question_id,
        "prompt": "prompt",
        "status": "answered",
    }
    base.update(fields)
    return QuestionRecord(**base)


# --- interviewer calibration --------------------------------------------------------------

CALIBRATION = [
    record(1, "Q001", interviewer="ann", machine_score=3.0, final_rating=4),
    record(1, "Q002", interviewer="ann", machine_score=3.0, final_rating=2),
    record(2, "Q001", interviewer="ben", machine_score=3.5, final_rating=5),
    record(2, "Q003", interviewer="ben", abstained=True, final_rating=3),
    record(3, "Q001", interviewer="cy", machine_score=2.0),  # not rated yet
]


def test_bias_and_spread_against_the_machine() -> None:
    ann, ben, cy = interviewer_calibration(CALIBRATION)
    assert (ann.interviewer, ann.n_rated, ann.n_paired) == ("ann", 2, 2)
    assert ann.bias == 0.0  # +1 and -1
    assert ann.spread == pytest.approx(math.sqrt(2))  # sample std of (+1, -1)
    assert ann.direction == "in line with the machine"
    assert (ben.n_rated, ben.n_paired, ben.bias, ben.spread) == (2, 1, 1.5, None)
    assert ben.direction == "rates above the machine"
    assert (cy.n_rated, cy.n_paired, cy.bias) == (0, 0, None)
    assert cy.direction == "no machine scores to compare"


def test_difference_to_other_interviewers_on_the_same_question() -> None:
    ann, ben, cy = interviewer_calibration(CALIBRATION)
    # Q001: ann 4 vs ben 5 -> -1; Q002 has nobody else, so it is not compared.
    assert (ann.vs_others, ann.n_compared) == (-1.0, 1)
    assert (ben.vs_others, ben.n_compared) == (1.0, 1)
    assert (cy.vs_others, cy.n_compared) == (None, 0)


def test_per_question_breakdown() -> None:
    ann = interviewer_calibration(CALIBRATION)[0]
    q1, q2 = ann.per_question
    assert (q1.question_id, q1.n_rated, q1.mean_rating, q1.bias) == ("Q001", 1, 4.0, 1.0)
    assert (q1.others_mean, q1.vs_others) == (5.0, -1.0)
    assert (q2.question_id, q2.bias, q2.others_mean, q2.vs_others) == ("Q002", -1.0, None, None)


def test_rating_below_the_machine_is_called_down() -> None:
    (low,) = interviewer_calibration([record(1, "Q001", machine_score=4.0, final_rating=3)])
    assert low.bias == -1.0 and low.direction == "rates below the machine"


# --- item analysis ------------------------------------------------------------------------

# Four candidates on three items; Q103 gets 3 from everyone. Candidates 1-2 are plant-level
# interviews, 3-4 enterprise-level.
GRID = {1: (5, 4, 3), 2: (4, 4, 3), 3: (2, 1, 3), 4: (1, 3, 3)}


def _items_records() -> list[QuestionRecord]:
    rows = []
    for cid, values in GRID.items():
        level = "plant" if cid <= 2 else "enterprise"
        for qid, value in zip(("Q101", "Q102", "Q103"), values, strict=True):
            rows.append(record(cid, qid, level=level, final_rating=value, machine_score=2.0))
    rows.append(record(5, "Q101", status="skipped"))
    rows.append(record(5, "Q101", machine_score=1.0))  # asked, not rated
    rows.append(record(5, None, final_rating=5))  # ad hoc: not an item
    return rows


def test_item_counts_and_means() -> None:
    q101 = item_analysis(_items_records())[0]
    assert q101.question_id == "Q101"
    assert (q101.times_asked, q101.n_rated, q101.mean_rating) == (5, 4, 3.0)
    assert q101.machine_mean == pytest.approx((2.0 * 4 + 1.0) / 5)


def test_corrected_item_total_discrimination_by_hand() -> None:
    q101, q102, q103 = item_analysis(_items_records())
    # Q101 = (5, 4, 2, 1); the rest, mean of Q102 and Q103 = (3.5, 3.5, 2, 3).
    # Deviations (2, 1, -1, -2) and (.5, .5, -1, 0): r = 2.5 / sqrt(10 * 1.5).
    assert q101.discrimination == pytest.approx(2.5 / math.sqrt(15))
    assert q101.n_discrimination == 4
    # Q102 = (4, 4, 1, 3); the rest = (4, 3.5, 2.5, 2): r = 2.5 / sqrt(6 * 2.5).
    assert q102.discrimination == pytest.approx(2.5 / math.sqrt(15))
    assert q103.discrimination is None and q103.uniform_rating
    assert "same rating" in q103.discrimination_note


def test_plant_and_enterprise_means() -> None:
    q101 = item_analysis(_items_records())[0]
    assert (q101.plant_mean, q101.enterprise_mean) == (4.5, 1.5)
    assert (q101.n_plant, q101.n_enterprise) == (2, 2)
    assert q101.level_gap == -3.0


def test_discrimination_needs_three_candidates() -> None:
    rows = [record(c, q, final_rating=v) for c, q, v in [(1, "Q1", 5), (1, "Q2", 4), (2, "Q1", 1)]]
    rows.append(record(2, "Q2", final_rating=2))
    q1, _ = item_analysis(rows)
    assert q1.discrimination is None and q1.n_discrimination == 2
    assert "needs 3" in q1.discrimination_note
    assert weak_items([q1]) == ()  # too little data is not a verdict


def test_an_item_that_runs_against_the_rest_is_weak() -> None:
    rows = []
    for cid, (good, bad) in {1: (5, 1), 2: (3, 3), 3: (1, 5)}.items():
        rows += [record(cid, "Q201", final_rating=good), record(cid, "Q202", final_rating=bad)]
    items = item_analysis(rows)
    assert [i.discrimination for i in items] == [pytest.approx(-1.0), pytest.approx(-1.0)]
    reasons = {w.question_id: w.reason for w in weak_items(items)}
    assert set(reasons) == {"Q201", "Q202"}
    assert "-1.00 < 0.2" in reasons["Q201"]


def test_weak_items_list_uniform_and_never_rated(tiny_bank: Bank) -> None:
    items = item_analysis(_items_records(), bank=tiny_bank)
    ids = [i.question_id for i in items]
    assert ids == ["Q001", "Q002", "Q003", "Q101", "Q102", "Q103"]
    never = items[0]
    assert (never.times_asked, never.n_rated, never.mean_rating, never.discrimination) == (
        0,
        0,
        None,
        None,
    )
    reasons = {w.question_id: w.reason for w in weak_items(items)}
    assert reasons == {
        "Q001": "never rated (never asked)",
        "Q002": "never rated (never asked)",
        "Q003": "never rated (never asked)",
        "Q103": "every one of 4 candidates got the same rating: it does not separate strong "
        "from weak",
    }


def test_asked_but_never_rated_says_how_often() -> None:
    (item,) = item_analysis([record(1, "Q300", machine_score=2.0), record(2, "Q300")])
    assert weak_items([item])[0].reason == "never rated (asked 2 times)"


def test_threshold_is_a_parameter() -> None:
    items = item_analysis(_items_records())
    assert [w.question_id for w in weak_items(items, threshold=0.7)] == ["Q101", "Q102", "Q103"]


# --- charts -------------------------------------------------------------------------------


def test_calibration_chart_traces_and_labels() -> None:
    figure = calibration_chart(interviewer_calibration(CALIBRATION))
    bars = [t for t in figure.data if t.type == "bar"]
    assert [b.name for b in bars] == [VS_MACHINE, VS_OTHERS]
    assert list(bars[0].x) == ["ann", "ben", "cy"]
    assert list(bars[0].y) == [0.0, 1.5, None]
    assert list(bars[0].error_y.array)[:2] == [pytest.approx(math.sqrt(2)), None]
    assert list(bars[1].y) == [-1.0, 1.0, None]
    gaps = {t.name: list(t.x) for t in figure.data if t.type == "scatter"}
    assert gaps == {f"{VS_MACHINE}: {NO_DATA}": ["cy"], f"{VS_OTHERS}: {NO_DATA}": ["cy"]}
    assert figure.layout.xaxis.title.text == "interviewer"
    assert "difference" in figure.layout.yaxis.title.text


def test_calibration_chart_escapes_interviewer_names() -> None:
    (one,) = interviewer_calibration([record(1, "Q1", interviewer="<i>x</i>", final_rating=3)])
    figure = calibration_chart([one])
    assert list(figure.data[0].x) == ["&lt;i&gt;x&lt;/i&gt;"]


def test_item_analysis_chart_plots_only_items_with_a_discrimination() -> None:
    figure = item_analysis_chart(item_analysis(_items_records()))
    (scatter,) = figure.data
    assert isinstance(scatter, go.Scatter)
    assert list(scatter.text) == ["Q101", "Q102"]
    assert list(scatter.y) == [pytest.approx(2.5 / math.sqrt(15))] * 2
    assert figure.layout.xaxis.title.text == "mean final rating (0-5)"
    assert "discrimination" in figure.layout.yaxis.title.text
    notes = [a.text for a in figure.layout.annotations]
    assert any("1 question(s) without a discrimination" in n for n in notes)
    assert figure.layout.shapes[0].y0 == 0.2
