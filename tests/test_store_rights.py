"""Export, erase and purge, checked by reading the database afterwards (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from assess.content.bank import Bank
from assess.errors import InputError
from assess.store import audit, interviews, panel, people, rights
from assess.store.schema import (
    AnswerVersion,
    Candidate,
    Demographics,
    Event,
    Interview,
    Rating,
    ScoreRow,
)
from tests.test_store import _score

NAME = "Grace Canary-7Q"
ANSWER = "CANARY-ANSWER-91 the MES sits at level 3"


def _filled(session, bank: Bank, retention: int | None = None, name: str = NAME):
    req = people.create_requisition(
        session, "MOM Architect", "enterprise", "rec", retention_days=retention, panel=["pa"]
    )
    cand = people.create_candidate(session, name, req.id, "rec", email="g@example.org")
    people.record_demographics(session, cand.id, "female", "Asian", "admin")
    qids = [q.id for q in bank.active_questions() if "enterprise" in q.levels][:2]
    interview = interviews.start_interview(session, bank, cand.id, "enterprise", qids, "ivan")
    first = interview.questions[0].id
    version = interviews.save_answer(session, first, ANSWER, "ivan", "t", 0).version
    score = interviews.record_score(session, version, _score(3.0), "ivan")
    interviews.rate(session, first, 3, "ivan", score=score)
    interviews.add_note(session, interview.id, "ivan", "private", first)
    panel.rate_candidate(session, cand.id, "pa", 4)
    panel.decide(session, cand.id, "hold", "pa", "wait for the second round")
    return cand


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_export_holds_everything_and_zip_is_safe_csv(store, real_bank: Bank) -> None:
    with store.transaction() as s:
        cand = _filled(s, real_bank)
        people.create_candidate(s, '=HYPERLINK("http://x")', cand.requisition_id, "rec")
    with store.transaction() as s:
        tables = rights.export_candidate(s, cand.id, "admin")
    assert tables["candidate"][0]["name"] == NAME
    assert tables["demographics"][0]["race_ethnicity"] == "Asian"
    assert [v["text"] for v in tables["answer_versions"]] == [ANSWER]
    assert len(tables["scores"]) == 1 and len(tables["ratings"]) == 1
    assert tables["decisions"][0]["decision"] == "hold"
    assert any(e["action"] == "candidate.create" for e in tables["events"])
    archive = zipfile.ZipFile(io.BytesIO(rights.export_zip(tables)))
    assert "answer_versions.csv" in archive.namelist()
    rows = list(csv.DictReader(io.StringIO(archive.read("candidate.csv").decode())))
    assert rows[0]["name"] == NAME
    with store.transaction() as s:
        assert audit.events(s, action="candidate.export")[0].subject == cand.pseudonym


def test_formula_text_is_neutralised_in_csv() -> None:
    from assess.store.csv_safe import to_csv

    text = to_csv(
        [{"a": "=1+1", "b": "@SUM(A1)", "c": -1.5, "d": "+x", "e": "fine"}],
        ["a", "b", "c", "d", "e"],
    )
    row = next(csv.DictReader(io.StringIO(text)))
    assert row == {"a": "'=1+1", "b": "'@SUM(A1)", "c": "-1.5", "d": "'+x", "e": "fine"}


def test_delete_removes_every_row_and_log_keeps_only_the_pseudonym(store, real_bank: Bank) -> None:
    with store.transaction() as s:
        cand = _filled(s, real_bank)
        other = people.create_candidate(s, "Someone Else", cand.requisition_id, "rec")
    with store.transaction() as s, pytest.raises(InputError):
        rights.delete_candidate(s, cand.id, "admin", "")
    with store.transaction() as s:
        pseudonym = rights.delete_candidate(s, cand.id, "admin", "erasure request 2026-11-20")
    with store.transaction() as s:
        assert s.get(Candidate, cand.id) is None
        for model in (Interview, AnswerVersion, ScoreRow, Rating, Demographics):
            assert _count(s, model) == 0, model.__tablename__
        assert s.get(Candidate, other.id) is not None
        events = s.scalars(select(Event)).all()
        assert any(e.action == "candidate.delete" and e.subject == pseudonym for e in events)
        dumped = " ".join(f"{e.actor} {e.action} {e.subject} {e.detail}" for e in events)
        assert "Canary-7Q" not in dumped and "CANARY-ANSWER-91" not in dumped


def test_purge_erases_only_past_retention_and_records_it(store, real_bank: Bank) -> None:
    with store.transaction() as s:
        old = _filled(s, real_bank, retention=30, name="Old Candidate")
        keep = _filled(s, real_bank, retention=None, name="No Retention")
    later = datetime.now(UTC) + timedelta(days=31)
    with store.transaction() as s:
        preview = rights.purge(s, "admin", now=later, dry_run=True)
        assert preview.purged == (old.pseudonym,) and s.get(Candidate, old.id) is not None
    with store.transaction() as s:
        assert rights.purge(s, "admin", now=datetime.now(UTC)).purged == ()
        result = rights.purge(s, "admin", now=later)
    assert result.purged == (old.pseudonym,) and result.checked == 1
    with store.transaction() as s:
        assert s.get(Candidate, old.id) is None and s.get(Candidate, keep.id) is not None
        record = audit.events(s, action="purge")[0]
        assert record.detail["purged"] == [old.pseudonym]
