"""The bank coverage heatmap: its counts agree with bank_stats and with a recount."""

from __future__ import annotations

import subprocess
import sys
from types import MappingProxyType

import plotly.graph_objects as go
import pytest

from assess.charts.bank import NOT_ASSESSED, coverage_figure
from assess.content.bank import Bank, load_bank
from assess.content.stats import bank_stats
from assess.content.vocabulary import ROLE_LEVELS


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def _heatmap(figure: go.Figure) -> go.Heatmap:
    heatmaps = [trace for trace in figure.data if trace.type == "heatmap"]
    assert len(heatmaps) == 1
    return heatmaps[0]


def test_axes_are_levels_and_competencies(bank: Bank) -> None:
    heatmap = _heatmap(coverage_figure(bank))
    assert tuple(heatmap.x) == ROLE_LEVELS
    assert list(heatmap.y) == [c.name for c in bank.competencies.values()]


def test_column_totals_match_bank_stats(bank: Bank) -> None:
    heatmap = _heatmap(coverage_figure(bank))
    stats = bank_stats(bank)
    for column, level in enumerate(heatmap.x):
        total = sum(row[column] or 0 for row in heatmap.z)
        assert total == stats["levels"][level]
    assert sum(n or 0 for row in heatmap.z for n in row) == stats["rubrics"]


def test_cells_match_a_recount(bank: Bank) -> None:
    heatmap = _heatmap(coverage_figure(bank))
    active = {q.id: q for q in bank.active_questions()}
    for row, competency in enumerate(bank.competencies.values()):
        for column, level in enumerate(heatmap.x):
            cell = heatmap.z[row][column]
            if level not in competency.levels:
                assert cell is None
                assert heatmap.text[row][column] == NOT_ASSESSED
                continue
            expected = sum(
                1
                for (qid, lvl) in bank.rubrics
                if lvl == level and qid in active and active[qid].competency == competency.id
            )
            assert cell == expected
            assert heatmap.text[row][column] == str(expected)


def test_empty_cells_show_zero(bank: Bank) -> None:
    """With only Q001, every other assessed cell is a visible 0, not a gap."""
    q001 = bank.question("Q001")
    small = Bank(
        questions=MappingProxyType({"Q001": q001}),
        rubrics=MappingProxyType({k: r for k, r in bank.rubrics.items() if k[0] == "Q001"}),
        competencies=bank.competencies,
        misconceptions=bank.misconceptions,
    )
    heatmap = _heatmap(coverage_figure(small))
    names = list(heatmap.y)
    q001_row = names.index(bank.competencies[q001.competency].name)
    zeros = 0
    for row, competency in enumerate(bank.competencies.values()):
        for column, level in enumerate(heatmap.x):
            if level not in competency.levels:
                continue
            expected = int(row == q001_row and level in q001.levels)
            assert heatmap.z[row][column] == expected
            zeros += expected == 0
            if expected == 0:
                assert heatmap.text[row][column] == "0"
    assert zeros > 0
    # Zero has its own colour at the bottom of the scale.
    assert heatmap.zmin == 0
    assert heatmap.colorscale[0][1] != heatmap.colorscale[-1][1]


def test_core_modules_do_not_import_streamlit() -> None:
    code = "import sys, assess.charts.bank, assess.content.search; sys.exit('streamlit' in sys.modules)"  # noqa: E501
    result = subprocess.run([sys.executable, "-c", code], check=False)
    assert result.returncode == 0
