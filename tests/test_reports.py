"""Candidate report, panel debrief (HTML and PDF), CSV exports and their command line.

The database is filled by the demo loader with the fake encoder, plus one candidate whose
name starts with a spreadsheet formula and whose answer carries a script tag.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
from pathlib import Path

import pypdf
import pytest

from assess.analytics.records import CandidateRecord
from assess.cli import main as cli_main
from assess.content.bank import Bank
from assess.demo.loader import load_demo
from assess.reports.candidate import CandidateReport, load_candidate_report
from assess.reports.exports import candidates_csv, panel_csv, ratings_csv
from assess.reports.footer import DECISION_SUPPORT
from assess.reports.html import candidate_html, panel_html
from assess.reports.panel import (
    ALL_RATED,
    DOES_NOT_DECIDE,
    SHORTLISTED,
    PanelReport,
    load_panel_report,
    shortlist,
)
from assess.reports.pdf import candidate_pdf, panel_pdf
from assess.scoring.scorer import Scorer
from assess.scoring.suggest import rubric_pair
from assess.store import interviews, panel, people
from assess.store.db import Store
from assess.store.records import candidate_records
from tests.cli import db_env, run_cli
from tests.fakes import FakeEncoder

CANARY_NAME = "=cmd() Canary Quillfeather"
CANARY_WORD = "zanzibarquux"  # in the answer only: must never reach the audit log
SCRIPT = "<script>alert(1)</script>"
ANSWER = (
    f"MES runs production at Level 3 {SCRIPT} and MOM covers production, quality, "
    f"maintenance and inventory operations across the site; {CANARY_WORD}."
)
INTERVIEWER = "test.interviewer"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, real_bank: Bank) -> tuple[Path, int, int]:
    """(database file, canary candidate id, its requisition id)."""
    path = tmp_path_factory.mktemp("reports") / "assess.db"
    store = Store.open(f"sqlite:///{path}")
    scorer = Scorer(FakeEncoder(), None)
    load_demo(store, real_bank, scorer)
    with store.transaction() as s:
        requisition = next(r for r in people.requisitions(s) if r.level == "plant")
        candidate = people.create_candidate(s, CANARY_NAME, requisition.id, "test")
        interview = interviews.start_interview(
            s, real_bank, candidate.id, "plant", ["Q001", "Q040"], INTERVIEWER
        )
        first, second = interview.questions
        version = interviews.save_answer(s, first.id, ANSWER, INTERVIEWER, "t", 0).version
        stored = interviews.record_score(
            s, version, scorer.score(ANSWER, *rubric_pair(real_bank, "Q001", "plant")), INTERVIEWER
        )
        interviews.rate(s, first.id, 4, INTERVIEWER, "clear on the Level 3 scope", score=stored)
        interviews.save_answer(s, second.id, "ERP releases the order.", INTERVIEWER, "t", 0)
        interviews.rate(s, second.id, 2, INTERVIEWER)
        people.set_shortlisted(s, candidate.id, True, "test")
        panel.rate_candidate(s, candidate.id, "sample.panel.a", 3, "solid")
        panel.decide(s, candidate.id, "hold", "sample.panel.a", "wait for the second round")
        ids = (candidate.id, requisition.id)
    store.dispose()
    return path, *ids


@pytest.fixture(scope="module")
def store(built: tuple[Path, int, int]):
    opened = Store.open(f"sqlite:///{built[0]}")
    yield opened
    opened.dispose()


@pytest.fixture(scope="module")
def report(store: Store, real_bank: Bank, built: tuple[Path, int, int]) -> CandidateReport:
    with store.transaction() as s:
        return load_candidate_report(s, real_bank, built[1])


@pytest.fixture(scope="module")
def debrief(store: Store, real_bank: Bank, built: tuple[Path, int, int]) -> PanelReport:
    with store.transaction() as s:
        return load_panel_report(s, real_bank, built[2])


def q001_plant_version(bank: Bank) -> str:
    return f"Q001/plant/v{bank.rubric('Q001', 'plant').version}"


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


# --- the report model -----------------------------------------------------------------------


def test_candidate_report_model(report: CandidateReport, real_bank: Bank) -> None:
    assert report.name == CANARY_NAME
    assert [q.rating.final_rating for q in report.questions] == [4, 2]
    assert report.overall == pytest.approx(3.0)
    assert report.questions[0].answer == ANSWER
    assert [d.decision for d in report.decisions] == ["hold"]
    assert report.footer.model_ids == ("fake-onehot",)
    # Q040 was rated, not scored; the version is the bank's, whatever the current one is
    assert report.footer.rubric_versions == (q001_plant_version(real_bank),)
    assert report.footer.statement == DECISION_SUPPORT


# --- HTML -----------------------------------------------------------------------------------


def test_candidate_html_shows_name_rating_and_escapes_answer(
    report: CandidateReport, real_bank: Bank
) -> None:
    page = candidate_html(report)
    assert f"Candidate report: {CANARY_NAME}" in page
    assert "3.00" in page  # the overall rating, two decimals
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert SCRIPT not in page
    assert "alert(1)</script>" not in page  # not even inside a figure's JSON
    assert "Plotly.newPlot" in page and "<script src" not in page  # charts, plotly.js inline
    assert page.count("plotly.js v") == 1  # the library is included once
    assert DECISION_SUPPORT.replace("'", "&#39;") in page
    assert "fake-onehot" in page and q001_plant_version(real_bank) in page


def test_panel_html_names_shortlist_and_says_it_does_not_decide(debrief: PanelReport) -> None:
    page = panel_html(debrief)
    names = [c.name for c in debrief.candidates]
    assert CANARY_NAME in names and len(names) >= 2
    for name in names:
        assert name in page
    assert DOES_NOT_DECIDE.replace("'", "&#39;") in page
    assert "wait for the second round" in page  # the decision with its reason


def test_panel_shortlist_falls_back_to_rated_candidates(
    store: Store, real_bank: Bank, built: tuple[Path, int, int]
) -> None:
    with store.transaction() as s:
        records = candidate_records(s, real_bank, requisition_id=built[2])
    unrated = CandidateRecord(999, "Nobody Rated", built[2], "t", "plant", "new")
    chosen, basis = shortlist([*records, unrated], set())
    assert basis == ALL_RATED
    assert {r.candidate_id for r in chosen} == {r.candidate_id for r in records}
    chosen, basis = shortlist([*records, unrated], {built[1]})
    assert basis == SHORTLISTED and [r.candidate_id for r in chosen] == [built[1]]


# --- PDF ------------------------------------------------------------------------------------


def test_candidate_pdf_opens_with_name_and_final_ratings(report: CandidateReport) -> None:
    data = candidate_pdf(report)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert CANARY_NAME in text
    assert SCRIPT in text  # shown as typed: escaped for reportlab's markup, not parsed
    table = text[text.rindex("override reason") : text.index("Red flags")]
    labels = [line.rating.label for line in report.questions]
    starts = [table.index(f"\n{label}\n") for label in labels]  # rows in asked order
    for line, start, end in zip(report.questions, starts, [*starts[1:], len(table)], strict=True):
        q = line.rating
        machine = "not scored" if q.machine_score is None else f"{q.machine_score:.1f}"
        assert f"\n{machine}\n{q.final_rating}\n" in table[start:end], q.label
    assert "Decision support, not a decision" in text


def test_panel_pdf_names_shortlist_and_says_it_does_not_decide(debrief: PanelReport) -> None:
    data = panel_pdf(debrief)
    assert data.startswith(b"%PDF")
    text = flat(pdf_text(data))
    for candidate in debrief.candidates:
        assert candidate.name in text
    assert flat(DOES_NOT_DECIDE) in text


# --- CSV ------------------------------------------------------------------------------------


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_exports_neutralise_formula_text(
    store: Store, real_bank: Bank, report: CandidateReport, debrief: PanelReport
) -> None:
    with store.transaction() as s:
        records = candidate_records(s, real_bank)
    rows = _csv_rows(candidates_csv(records))
    mine = next(r for r in rows if r["name"].endswith("Canary Quillfeather"))
    assert mine["name"] == "'" + CANARY_NAME
    assert mine["overall_rating"] == "3.0"
    assert all(not r["name"].startswith("=") for r in rows)
    panel_rows = _csv_rows(panel_csv(debrief))
    assert "'" + CANARY_NAME in [r["name"] for r in panel_rows]
    rating_rows = _csv_rows(ratings_csv(report))
    assert [r["final_rating"] for r in rating_rows] == ["4", "2"]
    assert rating_rows[1]["machine_score"] == ""  # not scored: empty, never 0


# --- command line ---------------------------------------------------------------------------


def run(db: Path, bank_root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(*args, env=db_env(db, bank_root), timeout=300)


@pytest.fixture
def db_copy(built: tuple[Path, int, int], tmp_path: Path) -> Path:
    """A private copy, so commands that log events do not change the shared database."""
    copy = tmp_path / "assess.db"
    with sqlite3.connect(built[0]) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


def test_cli_report_pdf_and_panel_html(
    db_copy: Path, real_bank_snapshot: Path, built: tuple[Path, int, int], tmp_path: Path
) -> None:
    out = tmp_path / "report.pdf"
    result = run(
        db_copy, real_bank_snapshot, "report", str(built[1]), "--format", "pdf", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert CANARY_NAME in pdf_text(out.read_bytes())
    page = tmp_path / "panel.html"
    result = run(
        db_copy, real_bank_snapshot, "panel", str(built[2]), "--format", "html", "-o", str(page)
    )
    assert result.returncode == 0, result.stderr
    assert CANARY_NAME in page.read_text(encoding="utf-8")


def test_cli_export_candidates_csv(db_copy: Path, real_bank_snapshot: Path, tmp_path: Path) -> None:
    out = tmp_path / "candidates.csv"
    result = run(db_copy, real_bank_snapshot, "export", "candidates", "-o", str(out))
    assert result.returncode == 0, result.stderr
    names = [r["name"] for r in _csv_rows(out.read_text(encoding="utf-8"))]
    assert "'" + CANARY_NAME in names and len(names) >= 9


def test_cli_unknown_id_exits_2_with_one_line(
    db_copy: Path, real_bank_snapshot: Path, tmp_path: Path
) -> None:
    out = tmp_path / "x.html"
    result = run(db_copy, real_bank_snapshot, "report", "9999", "-o", str(out))
    assert result.returncode == 2
    assert result.stderr.strip() == "error: no candidate with id 9999"
    assert not out.exists()


def test_cli_bad_format_rejected_by_argparse(
    db_copy: Path, real_bank_snapshot: Path, tmp_path: Path
) -> None:
    result = run(
        db_copy, real_bank_snapshot, "panel", "1", "--format", "docx", "-o", str(tmp_path / "x")
    )
    assert result.returncode == 2
    assert "invalid choice: 'docx'" in result.stderr


def test_reports_leave_no_names_or_answer_text_in_the_audit_log(
    db_copy: Path,
    real_bank_snapshot: Path,
    built: tuple[Path, int, int],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSESS_DATABASE_URL", f"sqlite:///{db_copy}")
    monkeypatch.setenv("ASSESS_BANK_DIR", str(real_bank_snapshot / "question_bank"))
    monkeypatch.setenv("ASSESS_RUBRICS_DIR", str(real_bank_snapshot / "rubrics"))
    candidate, requisition = str(built[1]), str(built[2])
    commands = [
        ["report", candidate, "--format", "html", "-o", str(tmp_path / "r.html")],
        ["report", candidate, "--format", "pdf", "-o", str(tmp_path / "r.pdf")],
        ["panel", requisition, "--format", "pdf", "-o", str(tmp_path / "p.pdf")],
        ["export", "ratings", candidate, "-o", str(tmp_path / "r.csv")],
        ["export", "panel", requisition, "-o", str(tmp_path / "p.csv")],
        ["export", "candidates", "-o", str(tmp_path / "c.csv")],
    ]
    for argv in commands:
        assert cli_main(argv) == 0, argv
    assert CANARY_WORD in (tmp_path / "r.html").read_text(encoding="utf-8")  # the canary is shown
    with sqlite3.connect(db_copy) as conn:
        events = conn.execute("SELECT actor, action, subject, detail FROM events").fetchall()
        pseudonym = conn.execute(
            "SELECT pseudonym FROM candidates WHERE id = ?", (built[1],)
        ).fetchone()[0]
    exports = [e for e in events if e[1] == "report.export"]
    assert len(exports) == len(commands)
    assert sum(e[2] == pseudonym for e in exports) == 3  # the candidate's own files
    dump = json.dumps(events)
    for canary in ("Quillfeather", "=cmd()", CANARY_WORD, "alert(1)"):
        assert canary not in dump
