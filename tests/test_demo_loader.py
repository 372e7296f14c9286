"""The demo loader's progress callback, its recorded decisions, and the progress line of
``python -m assess demo``. Scores come from the fake encoder: nothing here depends on them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from assess.cli.progress import ProgressLine
from assess.content.bank import Bank
from assess.demo.loader import SAMPLE_FILE, load_demo
from assess.reports import explanation as ex
from assess.reports.letter import letter_html
from assess.scoring.scorer import Scorer
from assess.store import panel, people
from assess.store.db import Store
from tests.cli import db_env, run_cli
from tests.fakes import FakeEncoder

DECLINED = "Sample Candidate - Kwame Mensah"
ADVANCED = "Sample Candidate - Lena Park"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory, real_bank: Bank):
    """(database file, the progress calls) after one load with the fake encoder."""
    db = tmp_path_factory.mktemp("demo") / "assess.db"
    store = Store.open(f"sqlite:///{db}")
    calls: list[tuple[int, int, str]] = []
    load_demo(store, real_bank, Scorer(FakeEncoder(), None), progress=lambda *c: calls.append(c))
    store.dispose()
    return db, calls


def _by_name(db: Path) -> dict[str, int]:
    store = Store.open(f"sqlite:///{db}")
    with store.transaction() as s:
        ids = {c.name: c.id for c in people.candidates(s)}
    store.dispose()
    return ids


def test_progress_counts_every_candidate_then_the_save(loaded) -> None:
    _, calls = loaded
    n = len(yaml.safe_load(SAMPLE_FILE.read_text(encoding="utf-8"))["candidates"])
    assert [done for done, _, _ in calls] == list(range(n + 2))
    assert {total for _, total, _ in calls} == {n + 1}
    assert calls[1][2].startswith("scored Sample Candidate - ")
    assert calls[-1][2] == "saved the sample data"


def test_sample_decisions_are_recorded_with_a_name_and_a_reason(loaded) -> None:
    db, _ = loaded
    store = Store.open(f"sqlite:///{db}")
    with store.transaction() as s:
        decided = {
            c.name: panel.decisions(s, c.id)
            for c in people.candidates(s)
            if panel.decisions(s, c.id)
        }
        statuses = {c.name: c.status for c in people.candidates(s)}
    store.dispose()
    assert set(decided) == {DECLINED, ADVANCED}
    (decline,) = decided[DECLINED]
    assert decline.decision == "decline" and decline.decided_by.startswith("sample.panel.")
    assert "below the bar" in decline.reason
    assert statuses[DECLINED] == "declined" and statuses[ADVANCED] == "advanced"


def test_the_declined_sample_candidate_gets_an_explanation(loaded, real_bank: Bank) -> None:
    db, _ = loaded
    ids = _by_name(db)
    store = Store.open(f"sqlite:///{db}")
    with store.transaction() as s:
        explanation = ex.load_explanation(s, real_bank, ids[DECLINED])
    store.dispose()
    assert explanation.areas, "his ratings put some areas below the enterprise bar"
    assert all(area.rating < 3 for area in explanation.areas)
    page = letter_html(ex.explanation_letter(explanation))
    assert "sample.panel.a" in page and "Sample Candidate - Lena Park" not in page


def test_explain_command_on_the_sample_data(
    loaded, real_bank_snapshot: Path, tmp_path: Path
) -> None:
    db, _ = loaded
    ids = _by_name(db)
    env = db_env(db, real_bank_snapshot)
    out = tmp_path / "explanation.pdf"
    made = run_cli("explain", ids[DECLINED], "--out", out, env=env)
    assert made.returncode == 0, made.stderr
    assert out.read_bytes().startswith(b"%PDF")
    refused = run_cli("explain", ids[ADVANCED], "--out", tmp_path / "no.html", env=env)
    assert refused.returncode == 2 and "'advance'" in refused.stderr


def test_progress_line_one_line_per_step_off_a_terminal() -> None:
    stream = io.StringIO()
    line = ProgressLine(stream, width=10)
    line(0, 4, "starting")
    line(2, 4, "half")
    line(4, 4, "done")
    assert stream.getvalue().splitlines() == [
        "[..........] 0/4 starting",
        "[#####.....] 2/4 half",
        "[##########] 4/4 done",
    ]


def test_progress_line_redraws_in_place_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Tty()
    line = ProgressLine(stream, width=4)
    line(1, 2, "a")
    line(2, 2, "b")
    assert stream.getvalue() == "\r\x1b[2K[##..] 1/2 a\r\x1b[2K[####] 2/2 b\n"


@pytest.mark.model
def test_demo_command_prints_a_progress_line(tmp_path: Path) -> None:
    result = run_cli("demo", env=db_env(tmp_path / "assess.db"))
    assert result.returncode == 0, result.stderr
    steps = result.stderr.splitlines()
    assert steps[0].endswith("loading the scoring model")
    assert any("scored Sample Candidate - " in step for step in steps)
    assert steps[-1].endswith("saved the sample data")
    assert "sample candidates" in result.stdout
