"""Candidate charts: each builder returns the traces, names and labels expected."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import pytest

from assess.analytics.coverage import STATES, isa95_coverage
from assess.analytics.credibility import credibility
from assess.analytics.profile import competency_profile, question_ratings
from assess.analytics.records import FlagRecord
from assess.analytics.role_fit import role_fit
from assess.charts.candidate import (
    FINAL_NAME,
    FLAG_HEADERS,
    MACHINE_NAME,
    competency_radar,
    coverage_heatmap,
    credibility_parts,
    machine_vs_final,
    plain_text,
    red_flag_table,
    role_fit_axis,
    wrapped,
)
from assess.content.bank import Bank
from tests.records import candidate, question

FLAG = FlagRecord(
    misconception="M3",
    claim="MES and MOM are synonyms.",
    correction="MES is a subset of MOM.",
    clause="<b>MES</b> & MOM are $the same$ thing",
)

ADA = candidate(
    question(
        question_id="Q001",
        competency="mes-mom-scope",
        parts=(1,),
        mom_categories=("production",),
        activities=("dispatching",),
        functional_levels=("L3",),
        machine_score=3.5,
        final_rating=4,
        role_fit_position=-0.6,
        red_flags=(FLAG,),
    ),
    question(
        question_id="Q020",
        competency="order-execution",
        prompt="Walk me through <script>alert(1)</script> an order",
        mom_categories=("production",),
        activities=("tracking",),
        abstained=True,
        final_rating=2,
        role_fit_position=-0.2,
    ),
    question(question_id="Q030", competency="quality-operations", machine_score=2.0),
)


def _by_name(figure: go.Figure) -> dict[str, Any]:
    return {trace.name: trace for trace in figure.data}


# --- competency radar ---------------------------------------------------------------------


def test_radar_has_bar_candidate_and_not_probed_traces(real_bank: Bank) -> None:
    figure = competency_radar(competency_profile(ADA, real_bank))
    traces = _by_name(figure)
    assert set(traces) == {"requisition bar (plant)", "Ada", "Ada: not probed"}
    assert all(isinstance(t, go.Scatterpolar) for t in figure.data)
    plant = [c.name for c in real_bank.competencies.values() if "plant" in c.levels]
    rating = traces["Ada"]
    assert list(rating.theta) == [*plant, plant[0]]  # closed outline
    values = dict(zip(rating.theta, rating.r, strict=True))
    scope = real_bank.competencies["mes-mom-scope"].name
    order = real_bank.competencies["order-execution"].name
    assert values[scope] == 4.0 and values[order] == 2.0
    quality = real_bank.competencies["quality-operations"].name
    assert values[quality] is None  # answered, not rated: a gap, not a zero
    gaps = traces["Ada: not probed"]
    assert set(gaps.theta) == set(plant) - {scope, order}
    assert set(gaps.r) == {0}
    assert all(text.endswith("not probed") for text in gaps.hovertext)
    assert set(traces["requisition bar (plant)"].r) == {3.0}


def test_radar_labels_and_not_probed_annotation(real_bank: Bank) -> None:
    figure = competency_radar(competency_profile(ADA, real_bank))
    assert tuple(figure.layout.polar.radialaxis.range) == (0, 5)
    assert figure.layout.polar.hole > 0  # hollow "not probed" markers at 0 sit on a ring
    assert "against the plant bar (final rating 0-5; overall 3.0)" in figure.layout.title.text
    (note,) = figure.layout.annotations
    assert note.text.startswith("Not probed: ")
    assert real_bank.competencies["ot-security"].name in note.text
    assert real_bank.competencies["multisite-template"].name not in note.text  # no plant bar


def test_radar_escapes_the_candidate_name(real_bank: Bank) -> None:
    profile = competency_profile(candidate(name="<b>Eve</b> $x$"), real_bank)
    names = {t.name for t in competency_radar(profile).data}
    assert "&lt;b&gt;Eve&lt;/b&gt; &#36;x&#36;" in names


def test_long_not_probed_lists_wrap() -> None:
    assert wrapped(["a" * 50, "b" * 30, "c" * 20], width=90) == [
        "a" * 50 + ", " + "b" * 30,
        "c" * 20,
    ]


def test_plain_text_defuses_markup_and_latex() -> None:
    assert plain_text("a < b & c > d") == "a &lt; b &amp; c &gt; d"
    assert plain_text("$x$") == "&#36;x&#36;"
    assert plain_text('say "hi"') == 'say "hi"'


# --- coverage heat map --------------------------------------------------------------------


def test_coverage_heatmap_states_and_not_probed_text() -> None:
    grid = isa95_coverage(ADA).by_activity
    figure = coverage_heatmap(grid)
    (heatmap,) = figure.data
    assert isinstance(heatmap, go.Heatmap)
    assert tuple(heatmap.y) == grid.rows and tuple(heatmap.x) == grid.columns
    row = grid.rows.index("production")
    dispatching = grid.columns.index("dispatching")
    tracking = grid.columns.index("tracking")
    assert heatmap.z[row][dispatching] == STATES.index("shown")
    assert heatmap.text[row][dispatching] == "shown 1/1"
    assert heatmap.z[row][tracking] == STATES.index("missed")
    assert heatmap.text[row][tracking] == "missed 0/1"
    quality = grid.rows.index("quality")
    assert heatmap.text[quality][dispatching] == "not probed"
    assert sum(text == "not probed" for r in heatmap.text for text in r) == 30
    assert list(heatmap.colorbar.ticktext) == list(STATES)
    assert figure.layout.xaxis.title.text == "Part 3 activity"
    assert figure.layout.yaxis.title.text == "MOM category"
    assert figure.layout.title.text == grid.title
    assert figure.layout.title.subtitle.text.startswith("1 answered question(s)")  # Q030


def test_coverage_heatmap_counts_unplaced_questions() -> None:
    figure = coverage_heatmap(isa95_coverage(ADA).by_level)
    # Q020 has a category but no functional level; Q030 has no tags at all.
    assert figure.layout.title.subtitle.text.startswith("2 answered question(s) lack a tag")
    assert figure.layout.yaxis.title.text == "functional level"


def test_coverage_heatmap_not_rated_cell() -> None:
    rows = candidate(question(mom_categories=("quality",), activities=("tracking",)))
    grid = isa95_coverage(rows).by_activity
    heatmap = coverage_heatmap(grid).data[0]
    cell = heatmap.text[grid.rows.index("quality")][grid.columns.index("tracking")]
    assert cell == "not rated (1 asked)"


# --- role fit -----------------------------------------------------------------------------


def test_role_fit_axis_traces() -> None:
    summary = role_fit(candidate(*ADA.questions, level="enterprise"))
    figure = role_fit_axis(summary)
    traces = _by_name(figure)
    assert set(traces) == {"target: enterprise side", "answers", "mean position"}
    assert min(traces["target: enterprise side"].x) == 0.2
    assert max(traces["target: enterprise side"].x) == 1.0
    assert list(traces["answers"].x) == [-0.6, -0.2]
    assert traces["mean position"].x[0] == pytest.approx(-0.4)
    assert figure.layout.title.text == f"Role fit: {summary.verdict}"
    assert "one plant" in figure.layout.xaxis.title.text
    assert list(figure.layout.xaxis.ticktext) == [
        "plant (one site)",
        "between",
        "enterprise (many sites)",
    ]
    assert "&lt;script&gt;" in traces["answers"].hovertext[1]


def test_role_fit_axis_without_evidence_has_no_marker() -> None:
    figure = role_fit_axis(role_fit(candidate(question(final_rating=3))))
    assert [t.name for t in figure.data] == ["target: plant side"]
    assert max(figure.data[0].x) == -0.2
    assert "no role-fit evidence" in figure.layout.title.text


# --- machine vs final ---------------------------------------------------------------------


def test_machine_vs_final_bars_and_missing_markers() -> None:
    figure = machine_vs_final(question_ratings(ADA))
    traces = _by_name(figure)
    assert set(traces) == {
        MACHINE_NAME,
        FINAL_NAME,
        f"{MACHINE_NAME}: not scored",
        f"{FINAL_NAME}: not rated",
    }
    assert list(traces[MACHINE_NAME].x) == ["Q001", "Q020", "Q030"]
    assert list(traces[MACHINE_NAME].y) == [3.5, None, 2.0]
    assert list(traces[FINAL_NAME].y) == [4.0, 2.0, None]
    assert list(traces[f"{MACHINE_NAME}: not scored"].x) == ["Q020"]
    assert list(traces[f"{MACHINE_NAME}: not scored"].text) == ["not scored"]
    assert list(traces[f"{FINAL_NAME}: not rated"].x) == ["Q030"]
    assert figure.layout.xaxis.title.text == "question"
    assert figure.layout.yaxis.title.text == "rating (0-5)"
    assert "<script>" not in traces[MACHINE_NAME].hovertext[1]


def test_machine_vs_final_without_gaps_has_only_bars() -> None:
    figure = machine_vs_final(
        question_ratings(candidate(question(machine_score=1, final_rating=1)))
    )
    assert [t.type for t in figure.data] == ["bar", "bar"]


# --- red flags and credibility ------------------------------------------------------------


def test_red_flag_table_shows_the_quoted_clause_as_text() -> None:
    figure = red_flag_table(credibility(ADA).red_flags)
    (table,) = figure.data
    assert isinstance(table, go.Table)
    assert tuple(table.header.values) == FLAG_HEADERS
    columns = [list(column) for column in table.cells.values]
    assert columns[0] == ["Q001"] and columns[1] == ["M3"]
    assert columns[3] == [
        "\u201c&lt;b&gt;MES&lt;/b&gt; &amp; MOM are &#36;the same&#36; thing\u201d"
    ]
    assert columns[4] == ["MES is a subset of MOM."]
    assert figure.layout.title.text == "Red flags (1)"


def test_red_flag_table_with_no_flags() -> None:
    figure = red_flag_table(())
    assert figure.layout.title.text == "Red flags: none raised"
    assert all(len(column) == 0 for column in figure.data[0].cells.values)


def test_credibility_parts_chart_marks_no_evidence() -> None:
    index = credibility(ADA)
    figure = credibility_parts(index)
    bar, missing = figure.data
    assert list(bar.y) == [p.label for p in index.parts]
    assert list(bar.x) == [p.value for p in index.parts]
    no_evidence = [p.label for p in index.parts if p.value is None]
    assert no_evidence == ["Specificity"]  # no features, no key points stored
    assert list(missing.y) == no_evidence and list(missing.text) == ["no evidence"]
    assert f"{index.index:.0f}/100" in figure.layout.title.text
    assert "not honesty" in figure.layout.title.text
    assert figure.layout.xaxis.title.text == "part value (0-1)"
