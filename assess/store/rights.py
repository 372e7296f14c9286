"""Candidate data rights: export everything held on a candidate, erase them, purge by retention.

Erasure deletes every row about the candidate (answers, scores, ratings, notes, demographics,
panel ratings, decisions). The event log is append-only and never held names or answer text:
its rows stay, still pointing at the candidate's pseudonym, which no longer resolves to anyone.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from assess.errors import InputError
from assess.limits import DELETE_REASON_CHARS, check_length
from assess.store import audit
from assess.store.csv_safe import to_csv
from assess.store.people import get_candidate
from assess.store.schema import (
    AnswerVersion,
    Base,
    Candidate,
    Decision,
    Demographics,
    Event,
    Interview,
    InterviewQuestion,
    Note,
    PanelRating,
    Rating,
    Requisition,
    ScoreRow,
    as_utc,
)


def _row(obj: Base) -> dict[str, Any]:
    data = {}
    for column in inspect(obj).mapper.column_attrs:
        value = getattr(obj, column.key)
        data[column.key] = value.isoformat() if isinstance(value, datetime) else value
    return data


def export_candidate(session: Session, candidate_id: int, actor: str) -> dict[str, list[dict]]:
    """Every row held on the candidate, table by table (what a subject-access request gets)."""
    candidate = get_candidate(session, candidate_id)
    interview_ids = list(
        session.scalars(select(Interview.id).where(Interview.candidate_id == candidate_id))
    )
    question_ids = list(
        session.scalars(
            select(InterviewQuestion.id).where(InterviewQuestion.interview_id.in_(interview_ids))
        )
    )

    def rows(model: type[Base], *where: Any) -> list[dict]:
        return [_row(o) for o in session.scalars(select(model).where(*where))]

    tables = {
        "candidate": [_row(candidate)],
        "requisition": rows(Requisition, Requisition.id == candidate.requisition_id),
        "demographics": rows(Demographics, Demographics.candidate_id == candidate_id),
        "interviews": rows(Interview, Interview.id.in_(interview_ids)),
        "interview_questions": rows(InterviewQuestion, InterviewQuestion.id.in_(question_ids)),
        "answer_versions": rows(
            AnswerVersion, AnswerVersion.interview_question_id.in_(question_ids)
        ),
        "scores": rows(ScoreRow, ScoreRow.interview_question_id.in_(question_ids)),
        "ratings": rows(Rating, Rating.interview_question_id.in_(question_ids)),
        "notes": rows(Note, Note.interview_id.in_(interview_ids)),
        "panel_ratings": rows(PanelRating, PanelRating.candidate_id == candidate_id),
        "decisions": rows(Decision, Decision.candidate_id == candidate_id),
        "events": rows(Event, Event.subject == candidate.pseudonym),
    }
    audit.log(
        session,
        actor,
        "candidate.export",
        candidate.pseudonym,
        tables=sorted(k for k, v in tables.items() if v),
    )
    return tables


def export_zip(tables: dict[str, list[dict]]) -> bytes:
    """The export as a zip of CSV files, one per table (formula text neutralised)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables.items():
            columns = sorted({key for row in rows for key in row}) or ["(none)"]
            flat = [{k: _cell(v) for k, v in row.items()} for row in rows]
            archive.writestr(f"{name}.csv", to_csv(flat, columns))
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def delete_candidate(session: Session, candidate_id: int, actor: str, reason: str) -> str:
    """Erase the candidate and everything about them; returns the pseudonym the log keeps."""
    reason = reason.replace("\x00", "").strip()
    if len(reason) < 5:
        raise InputError("say why the candidate is deleted (e.g. 'erasure request of 2026-11-02')")
    check_length(reason, "the reason for a deletion", DELETE_REASON_CHARS)
    candidate = get_candidate(session, candidate_id)
    pseudonym = candidate.pseudonym
    _erase(session, [candidate])
    audit.log(session, actor, "candidate.delete", pseudonym, reason=reason)
    return pseudonym


def _erase(session: Session, candidates: Sequence[Candidate]) -> None:
    # ORM deletes in dependency order, so it works whether or not the database enforces
    # ON DELETE CASCADE (SQLite only does with foreign_keys=ON).
    for candidate in candidates:
        for model, column in (
            (PanelRating, PanelRating.candidate_id),
            (Decision, Decision.candidate_id),
            (Demographics, Demographics.candidate_id),
        ):
            for obj in session.scalars(select(model).where(column == candidate.id)):
                session.delete(obj)
        interviews = session.scalars(
            select(Interview).where(Interview.candidate_id == candidate.id)
        )
        for interview in interviews:
            ids = [q.id for q in interview.questions]
            for model, column in (
                (Rating, Rating.interview_question_id),
                (ScoreRow, ScoreRow.interview_question_id),
                (AnswerVersion, AnswerVersion.interview_question_id),
                (Note, Note.interview_question_id),
            ):
                for obj in session.scalars(select(model).where(column.in_(ids))):
                    session.delete(obj)
            for note in session.scalars(select(Note).where(Note.interview_id == interview.id)):
                session.delete(note)
            session.flush()
            session.delete(interview)
        session.flush()
        session.delete(candidate)
    session.flush()


@dataclass(frozen=True)
class PurgeResult:
    """What a purge removed: pseudonyms only."""

    purged: tuple[str, ...]
    checked: int
    dry_run: bool


def _last_activity(session: Session, candidate: Candidate) -> datetime:
    times = [candidate.created_at]
    latest = session.scalar(
        select(func.max(Interview.created_at)).where(Interview.candidate_id == candidate.id)
    )
    finished = session.scalar(
        select(func.max(Interview.finished_at)).where(Interview.candidate_id == candidate.id)
    )
    decided = session.scalar(
        select(func.max(Decision.created_at)).where(Decision.candidate_id == candidate.id)
    )
    times += [t for t in (latest, finished, decided) if t is not None]
    return max(as_utc(t) for t in times)


def purge(
    session: Session, actor: str, now: datetime | None = None, dry_run: bool = False
) -> PurgeResult:
    """Erase candidates whose requisition's retention period has passed since their last
    activity (created, interviewed, decided). Requisitions without a period keep everything."""
    now = now or datetime.now(UTC)
    query = select(Candidate).join(Requisition).where(Requisition.retention_days.is_not(None))
    due = []
    checked = 0
    for candidate in session.scalars(query).all():
        checked += 1
        keep_for = timedelta(days=candidate.requisition.retention_days or 0)
        if _last_activity(session, candidate) + keep_for < now:
            due.append(candidate)
    pseudonyms = tuple(c.pseudonym for c in due)
    if not dry_run:
        _erase(session, due)
        audit.log(
            session, actor, "purge", purged=list(pseudonyms), checked=checked, at=now.isoformat()
        )
    return PurgeResult(pseudonyms, checked, dry_run)
