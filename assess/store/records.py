"""Read the store into the plain records that analytics, charts and reports work on.

Reads are batched: however many candidates are asked for, their interviews, questions,
current answers, latest scores and latest ratings come in one query each (latest-row
subqueries), so the Candidates page, the profiles and the panel cost a fixed number of
statements.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from assess.content.bank import Bank
from assess.content.models import Question
from assess.errors import UnknownItemError
from assess.store.panel import panel_ratings
from assess.store.people import candidates as all_candidates
from assess.store.record_types import (
    CandidateRecord,
    FlagRecord,
    PanelRatingRecord,
    QuestionRecord,
)
from assess.store.schema import (
    AnswerVersion,
    Candidate,
    Interview,
    InterviewQuestion,
    Rating,
    ScoreRow,
)


def _latest(model: Any, order: Any, question_ids: Select[Any]) -> Select[Any]:
    """The newest row of ``model`` per interview question (largest ``order``), for the
    questions ``question_ids`` selects."""
    newest = (
        select(model.interview_question_id, func.max(order).label("top"))
        .where(model.interview_question_id.in_(question_ids))
        .group_by(model.interview_question_id)
        .subquery()
    )
    return select(model).join(
        newest,
        (model.interview_question_id == newest.c.interview_question_id) & (order == newest.c.top),
    )


def _bank_question(bank: Bank, question_id: str | None) -> Question | None:
    if not question_id:
        return None
    try:
        return bank.question(question_id)
    except UnknownItemError:  # retired from the bank since: keep the row, drop the tags
        return None


def _question_record(
    bank: Bank,
    interview: Interview,
    candidate: Candidate,
    row: InterviewQuestion,
    answer: AnswerVersion | None,
    score: ScoreRow | None,
    rating: Rating | None,
) -> QuestionRecord:
    question = _bank_question(bank, row.question_id)
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


def candidate_records_for(
    session: Session, bank: Bank, candidates: Sequence[Candidate]
) -> dict[int, CandidateRecord]:
    """Each of ``candidates`` (with their requisitions loaded) as a record, by id, with every
    question of every interview they had: five queries, whatever the number of candidates."""
    ids = [c.id for c in candidates]
    if not ids:
        return {}
    interviews = session.scalars(
        select(Interview).where(Interview.candidate_id.in_(ids)).order_by(Interview.id)
    ).all()
    interview_ids = select(Interview.id).where(Interview.candidate_id.in_(ids))
    question_ids = select(InterviewQuestion.id).where(
        InterviewQuestion.interview_id.in_(interview_ids)
    )
    questions: dict[int, list[InterviewQuestion]] = defaultdict(list)
    for row in session.scalars(
        select(InterviewQuestion)
        .where(InterviewQuestion.interview_id.in_(interview_ids))
        .order_by(InterviewQuestion.interview_id, InterviewQuestion.position)
    ):
        questions[row.interview_id].append(row)
    answers = {
        a.interview_question_id: a
        for a in session.scalars(_latest(AnswerVersion, AnswerVersion.version, question_ids))
    }
    scores = {
        s.interview_question_id: s
        for s in session.scalars(_latest(ScoreRow, ScoreRow.id, question_ids))
    }
    ratings = {
        r.interview_question_id: r
        for r in session.scalars(_latest(Rating, Rating.id, question_ids))
    }
    by_candidate: dict[int, list[QuestionRecord]] = defaultdict(list)
    owners = {c.id: c for c in candidates}
    for interview in interviews:
        candidate = owners[interview.candidate_id]
        for row in questions[interview.id]:
            by_candidate[candidate.id].append(
                _question_record(
                    bank,
                    interview,
                    candidate,
                    row,
                    answers.get(row.id),
                    scores.get(row.id),
                    ratings.get(row.id),
                )
            )
    return {
        c.id: CandidateRecord(
            candidate_id=c.id,
            name=c.name,
            requisition_id=c.requisition_id,
            requisition_title=c.requisition.title,
            level=c.requisition.level,
            status=c.status,
            questions=tuple(by_candidate[c.id]),
        )
        for c in candidates
    }


def candidate_record(session: Session, bank: Bank, candidate: Candidate) -> CandidateRecord:
    """One candidate with every question of every interview they had."""
    return candidate_records_for(session, bank, [candidate])[candidate.id]


def candidate_records(
    session: Session,
    bank: Bank,
    ids: Iterable[int] | None = None,
    requisition_id: int | None = None,
) -> list[CandidateRecord]:
    """The records of every candidate (of ``requisition_id``, among ``ids``), in id order."""
    wanted = set(ids) if ids is not None else None
    chosen = [
        c for c in all_candidates(session, requisition_id) if wanted is None or c.id in wanted
    ]
    records = candidate_records_for(session, bank, chosen)
    return [records[c.id] for c in chosen]


def panel_rating_records(session: Session, requisition_id: int) -> list[PanelRatingRecord]:
    """Every panel member's own rating of the requisition's candidates."""
    return [
        PanelRatingRecord(r.candidate_id, r.member, r.rating, r.comment)
        for r in panel_ratings(session, requisition_id)
    ]
