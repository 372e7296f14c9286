"""``python -m assess notice`` and ``explain``, run as a user would (tests/cli.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from assess.content.bank import load_bank
from assess.store import audit, interviews, panel, people
from assess.store.db import Store
from tests.cli import db_env, run_cli

PRIVATE_NOTE = "Canary-cli-private-note-tansy"


@pytest.fixture
def setup(tmp_path: Path, tiny_bank_dir: Path) -> tuple[Path, dict[str, str], dict[str, int]]:
    """A database with one declined, one advanced and one undecided candidate."""
    db = tmp_path / "assess.db"
    bank = load_bank(tiny_bank_dir / "question_bank", tiny_bank_dir / "rubrics")
    store = Store.open(f"sqlite:///{db}")
    with store.transaction() as s:
        req = people.create_requisition(s, "MES Engineer", "plant", "rec", retention_days=90)
        ids = {}
        for name, decision in (("Dee Clined", "decline"), ("Ava Vance", "advance"), ("Una", "")):
            cand = people.create_candidate(s, name, req.id, "rec")
            interview = interviews.start_interview(s, bank, cand.id, "plant", ["Q001"], "ivy")
            (row,) = interview.questions
            interviews.save_answer(s, row.id, "MES is part of MOM at Level 3.", "ivy", "t", 0)
            interviews.rate(s, row.id, 1, "ivy", "")
            interviews.add_note(s, interview.id, "ivy", PRIVATE_NOTE)
            if decision:
                panel.decide(s, cand.id, decision, "Pat Panel", "the panel's reason here")
            ids[decision or "none"] = cand.id
    store.dispose()
    return db, db_env(db, tiny_bank_dir), ids


def test_notice_writes_html_and_pdf_by_suffix_and_logs_the_time(setup, tmp_path: Path) -> None:
    db, env, ids = setup
    html, pdf = tmp_path / "notice.html", tmp_path / "notice.PDF"
    first = run_cli("notice", ids["none"], "--out", html, env=env)
    second = run_cli("notice", ids["none"], "-o", pdf, env=env)
    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "People decide" in page
    assert "kept for 90 days" in page and PRIVATE_NOTE not in page
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "People decide" in text and PRIVATE_NOTE not in text
    store = Store.open(f"sqlite:///{db}")
    with store.transaction() as s:
        events = audit.events(s, action="notice.given")
        assert [e.detail["format"] for e in events] == ["pdf", "html"]
        assert all(e.actor.startswith("cli") and e.detail["given_at"] for e in events)
    store.dispose()


def test_explain_a_declined_candidate_then_release_it(setup, tmp_path: Path) -> None:
    db, env, ids = setup
    out = tmp_path / "explanation.html"
    draft = run_cli("explain", ids["decline"], "--out", out, env=env)
    assert draft.returncode == 0, draft.stderr
    assert "draft" in draft.stdout and "DRAFT" in out.read_text(encoding="utf-8")
    assert "the panel's reason here" in out.read_text(encoding="utf-8").replace("&#39;", "'")

    refused = run_cli("explain", ids["decline"], "--out", out, "--release", env=env)
    assert refused.returncode == 2 and "--reviewed-by" in refused.stderr
    released = run_cli(
        "explain", ids["decline"], "--out", out, "--release", "--reviewed-by", "Rita", env=env
    )
    assert released.returncode == 0, released.stderr
    page = out.read_text(encoding="utf-8")
    assert "released" in released.stdout and "DRAFT" not in page and "released by Rita" in page
    store = Store.open(f"sqlite:///{db}")
    with store.transaction() as s:
        (event,) = audit.events(s, action="explanation.release")
        assert event.detail["released_by"] == "Rita"
    store.dispose()


@pytest.mark.parametrize(("who", "says"), [("none", "no decision"), ("advance", "'advance'")])
def test_explain_refuses_no_decision_or_a_decision_to_proceed(
    setup, tmp_path: Path, who: str, says: str
) -> None:
    _, env, ids = setup
    out = tmp_path / "x.pdf"
    result = run_cli("explain", ids[who], "--out", out, env=env)
    assert result.returncode == 2
    assert says in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_unknown_candidate_is_a_one_line_error(setup, tmp_path: Path) -> None:
    _, env, _ = setup
    for command in ("notice", "explain"):
        result = run_cli(command, "9999", "--out", tmp_path / "x.html", env=env)
        assert result.returncode == 2 and "no candidate with id 9999" in result.stderr
