"""Panel charts: overlaid radars, grouped bars, ranking with intervals, disagreement."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from assess.analytics.panel import panel_ranking, rater_disagreement
from assess.analytics.profile import CompetencyProfile, competency_profile
from assess.analytics.records import CandidateRecord, PanelRatingRecord, QuestionRecord
from assess.charts.panel import (
    competency_bars,
    disagreement_heatmap,
    overlaid_radars,
    ranking_chart,
    ranking_labels,
)
from assess.content.bank import Bank


def question(candidate_id: int, competency: str, rating: int | None) -> QuestionRecord:
    return QuestionRecord(
        interview_id=candidate_id,
        candidate_id=candidate_id,
        requisition_id=1,
        level="plant",
        interviewer="ann",
        question_id="Q001",
        prompt="prompt",
        status="answered",
        competency=competency,
        final_rating=rating,
    )


def candidate(candidate_id: int, name: str, *rated: tuple[str, int]) -> CandidateRecord:
    return CandidateRecord(
        candidate_id=candidate_id,
        name=name,
        requisition_id=1,
        requisition_title="MES Engineer",
        level="plant",
        status="interviewed",
        questions=tuple(question(candidate_id, c, r) for c, r in rated),
    )


SHORTLIST = [
    candidate(1, "Ada", ("mes-mom-scope", 4), ("order-execution", 5), ("order-execution", 4)),
    candidate(2, "Bo", ("mes-mom-scope", 2), ("ot-security", 3)),
    candidate(3, "Cy"),
]


@pytest.fixture
def profiles(real_bank: Bank) -> list[CompetencyProfile]:
    return [competency_profile(c, real_bank) for c in SHORTLIST]


def _names(figure: go.Figure) -> list[str]:
    return [trace.name for trace in figure.data]


def test_overlaid_radars_one_trace_pair_per_candidate(
    profiles: list[CompetencyProfile], real_bank: Bank
) -> None:
    figure = overlaid_radars(profiles)
    assert _names(figure) == [
        "requisition bar (plant)",
        "Ada",
        "Ada: not probed",
        "Bo",
        "Bo: not probed",
        "Cy",
        "Cy: not probed",
    ]
    traces = {t.name: t for t in figure.data}
    name = {cid: c.name for cid, c in real_bank.competencies.items()}
    ada = dict(zip(traces["Ada"].theta, traces["Ada"].r, strict=True))
    assert ada[name["order-execution"]] == 4.5
    assert ada[name["ot-security"]] is None
    assert name["ot-security"] not in traces["Bo: not probed"].theta
    assert name["ot-security"] in traces["Ada: not probed"].theta
    plant = [c.name for c in real_bank.competencies.values() if "plant" in c.levels]
    assert sorted(traces["Cy: not probed"].theta) == sorted(plant)
    (note,) = figure.layout.annotations  # probed by nobody on the shortlist
    assert name["mes-mom-scope"] not in note.text and name["quality-operations"] in note.text
    assert tuple(figure.layout.polar.radialaxis.range) == (0, 5)


def test_competency_bars_grouped_with_not_probed_markers(
    profiles: list[CompetencyProfile], real_bank: Bank
) -> None:
    figure = competency_bars(profiles)
    bars = [t for t in figure.data if t.type == "bar"]
    assert [b.name for b in bars] == ["Ada", "Bo", "Cy"]
    assert {b.orientation for b in bars} == {"h"}
    name = {cid: c.name for cid, c in real_bank.competencies.items()}
    ada = dict(zip(bars[0].y, bars[0].x, strict=True))
    bo = dict(zip(bars[1].y, bars[1].x, strict=True))
    assert (ada[name["mes-mom-scope"]], bo[name["mes-mom-scope"]]) == (4.0, 2.0)
    assert ada[name["order-execution"]] == 4.5
    assert ada[name["ot-security"]] is None
    markers = {t.name: t for t in figure.data if t.type == "scatter"}
    assert name["ot-security"] in markers["Ada: not probed"].y
    assert name["ot-security"] not in markers["Bo: not probed"].y
    assert set(markers["Ada: not probed"].text) == {"not probed"}
    assert len(markers["Cy: not probed"].y) == len(bars[2].y)
    assert set(markers["requisition bar (plant)"].x) == {3.0}
    assert figure.layout.barmode == "group"
    assert figure.layout.yaxis.title.text == "competency"
    assert figure.layout.xaxis.title.text == "mean final rating (0-5)"


def test_ranking_chart_error_bars_follow_the_intervals() -> None:
    shortlist = [
        candidate(1, "Ada", ("mes-mom-scope", 5), ("mes-mom-scope", 4), ("ot-security", 5)),
        candidate(2, "Bo", ("mes-mom-scope", 2), ("ot-security", 4), ("ot-security", 3)),
        candidate(3, "Cy"),
    ]
    ranking = panel_ranking(shortlist)
    figure = ranking_chart(ranking)
    assert _names(figure) == ["mean final rating", "not rated"]
    ranked, unrated = figure.data
    ada, bo, _ = ranking.candidates
    assert list(ranked.y) == ["1. Ada", "2. Bo"]
    assert list(ranked.x) == [ada.mean, bo.mean]
    assert list(ranked.error_x.array) == pytest.approx([ada.high - ada.mean, bo.high - bo.mean])
    assert list(ranked.error_x.arrayminus) == pytest.approx([ada.mean - ada.low, bo.mean - bo.low])
    assert list(ranked.text) == ["overlaps next" if ada.overlaps_next else "", ""]
    assert list(unrated.y) == ["- Cy (id 3)"] and list(unrated.text) == ["no rated question"]
    assert list(figure.layout.yaxis.categoryarray) == ranking_labels(ranking)
    assert "90% bootstrap interval" in figure.layout.title.text
    assert figure.layout.xaxis.title.text == "mean final rating (0-5)"
    assert figure.layout.yaxis.title.text == "candidate (rank order)"


def test_ranking_chart_labels_overlap() -> None:
    shortlist = [
        candidate(1, "Wide", *[("mes-mom-scope", v) for v in (5, 1, 5, 1)]),
        candidate(2, "Tight", *[("mes-mom-scope", v) for v in (3, 3, 4, 2)]),
    ]
    figure = ranking_chart(panel_ranking(shortlist))
    assert list(figure.data[0].text) == ["overlaps next", ""]
    assert len(figure.data) == 1  # nobody unrated


PANEL = [
    PanelRatingRecord(candidate_id=1, member="alice", rating=4),
    PanelRatingRecord(candidate_id=1, member="bob", rating=2),
    PanelRatingRecord(candidate_id=1, member="carol", rating=3),
    PanelRatingRecord(candidate_id=2, member="bob", rating=3),
    PanelRatingRecord(candidate_id=2, member="alice", rating=3),
]


def test_disagreement_heatmap_cells() -> None:
    disagreement = rater_disagreement(PANEL, {1: "Ada", 2: "<b>Bo</b>"})
    figure = disagreement_heatmap(disagreement)
    (heatmap,) = figure.data
    assert isinstance(heatmap, go.Heatmap)
    assert list(heatmap.x) == ["Ada", "&lt;b&gt;Bo&lt;/b&gt;"]
    assert list(heatmap.y) == ["alice", "bob", "carol"]
    assert [list(row) for row in heatmap.z] == [[1.0, 0.0], [1.0, 0.0], [0.0, None]]
    assert [list(row) for row in heatmap.text] == [
        ["4 (+1.0)", "3 (+0.0)"],
        ["2 (-1.0)", "3 (+0.0)"],
        ["3 (+0.0)", "not rated"],
    ]
    assert figure.layout.xaxis.title.text == "candidate"
    assert figure.layout.yaxis.title.text == "panel member"
    assert figure.layout.title.subtitle.text == "panel means: Ada: 3.0, &lt;b&gt;Bo&lt;/b&gt;: 3.0"


def test_disagreement_heatmap_keeps_namesakes_apart() -> None:
    figure = disagreement_heatmap(rater_disagreement(PANEL, {1: "Sam", 2: "Sam"}))
    assert list(figure.data[0].x) == ["Sam (1)", "Sam (2)"]
