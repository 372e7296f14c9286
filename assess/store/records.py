"""Read the store into the plain records that analytics, charts and reports work on."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from assess.analytics.records import CandidateRecord, FlagRecord, PanelRatingRecord, QuestionRecord
from assess.content.bank import Bank
from assess.errors import UnknownItemError
from assess.store import interviews as iv
from assess.store.panel import panel_ratings
from assess.store.people import candidates as all_candidates
from assess.store.schema import Candidate, Interview


def _question_record(
    session: Session, bank: Bank, interview: Interview, candidate: Candidate, row
) -> QuestionRecord:
    question = None
    if row.question_id:
        try:
            question = bank.question(row.question_id)
        except UnknownItemError:  # retired from the bank since: keep the row, drop the tags
            question = None
    answer = iv.current_answer(session, row.id)
    score = iv.latest_score(session, row.id)
    rating = iv.latest_rating(session, row.id)
    detail = score.detail if score else {}
    fit = detail.get("role_fit") or {}
    tags = question.isa95 if question else None
    return QuestionRecord(
        interview_id=interview.id,
        candidate_id=candidate.id,
        requisition_id=candidate.requisition_id,
        level=interview.level,
        interviewer=interview.interviewer,
        question_id=row.question_id,
        prompt=row.prompt,
        status=row.status,
        competency=question.competency if question else None,
        functional_levels=tuple(tags.functional_levels) if tags else (),
        parts=tuple(tags.parts) if tags else (),
        mom_categories=tuple(tags.mom_categories) if tags else (),
        activities=tuple(tags.activities) if tags else (),
        difficulty=question.difficulty if question else None,
        answer_text=answer.text if answer else "",
        machine_score=score.score if score else None,
        abstained=bool(score and score.abstained),
        abstain_reason=score.abstain_reason if score else "",
        confidence=score.confidence if score else None,
        covered_points=tuple(p["text"] for p in detail.get("covered", ())),
        missed_points=tuple(p["text"] for p in detail.get("missed", ())),
        red_flags=tuple(
            FlagRecord(f["misconception"], f["claim"], f["correction"], f["clause"])
            for f in detail.get("red_flags", ())
        ),
        integrity_flags=tuple(detail.get("integrity_flags", ())),
        role_fit_position=fit.get("position"),
        features=dict(detail.get("features", {})),
        final_rating=rating.rating if rating else None,
        override_reason=rating.reason if rating else "",
    )


def candidate_record(session: Session, bank: Bank, candidate: Candidate) -> CandidateRecord:
    """One candidate with every question of every interview they had."""
    questions = []
    query = select(Interview).where(Interview.candidate_id == candidate.id).order_by(Interview.id)
    for interview in session.scalars(query):
        for row in interview.questions:
            questions.append(_question_record(session, bank, interview, candidate, row))
    return CandidateRecord(
        candidate_id=candidate.id,
        name=candidate.name,
        requisition_id=candidate.requisition_id,
        requisition_title=candidate.requisition.title,
        level=candidate.requisition.level,
        status=candidate.status,
        questions=tuple(questions),
    )


def candidate_records(
    session: Session,
    bank: Bank,
    ids: Iterable[int] | None = None,
    requisition_id: int | None = None,
) -> list[CandidateRecord]:
    wanted = set(ids) if ids is not None else None
    return [
        candidate_record(session, bank, c)
        for c in all_candidates(session, requisition_id)
        if wanted is None or c.id in wanted
    ]


def panel_rating_records(session: Session, requisition_id: int) -> list[PanelRatingRecord]:
    return [
        PanelRatingRecord(r.candidate_id, r.member, r.rating, r.comment)
        for r in panel_ratings(session, requisition_id)
    ]
