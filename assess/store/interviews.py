"""Interviews as the console runs them: questions, answer versions, scores, ratings, notes.

Nothing here rewrites history: an answer edit is a new version, a new rating is a new row.
The newest row is what the console shows; the others are the record.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.content.bank import Bank
from assess.content.vocabulary import ROLE_LEVELS
from assess.errors import InputError, UnknownItemError
from assess.limits import (
    ANSWER_CHARS,
    FOLLOW_UP_CHARS,
    NOTE_CHARS,
    RATING_REASON_CHARS,
    check_length,
)
from assess.scoring.result import Score
from assess.store import audit
from assess.store.people import get_candidate
from assess.store.schema import (
    AnswerVersion,
    Interview,
    InterviewQuestion,
    Note,
    Rating,
    ScoreRow,
    utcnow,
)

REASON_NEEDED_AT = 1.0  # |final - suggested| at or above this needs a written reason


def start_interview(
    session: Session,
    bank: Bank,
    candidate_id: int,
    level: str,
    question_ids: Sequence[str],
    interviewer: str,
    kit_minutes: int | None = None,
    kit_seed: int | None = None,
) -> Interview:
    """Create an interview with its running order; the question texts are copied in."""
    if level not in ROLE_LEVELS:
        raise InputError(f"level must be one of {', '.join(ROLE_LEVELS)}")
    if not question_ids:
        raise InputError("an interview needs at least one question")
    candidate = get_candidate(session, candidate_id)
    interview = Interview(
        candidate_id=candidate_id,
        level=level,
        interviewer=interviewer,
        kit_minutes=kit_minutes,
        kit_seed=kit_seed,
    )
    interview.questions = [
        InterviewQuestion(position=i, question_id=qid, prompt=bank.question(qid).text)
        for i, qid in enumerate(question_ids)
    ]
    session.add(interview)
    if candidate.status == "new":
        candidate.status = "interviewing"
    session.flush()
    audit.log(
        session,
        interviewer,
        "interview.start",
        candidate.pseudonym,
        interview=interview.id,
        level=level,
        questions=list(question_ids),
    )
    return interview


def get_interview(session: Session, interview_id: int) -> Interview:
    interview = session.get(Interview, interview_id)
    if interview is None:
        raise UnknownItemError(f"no interview with id {interview_id}")
    return interview


def interviews(
    session: Session, interviewer: str | None = None, candidate_id: int | None = None
) -> Sequence[Interview]:
    query = select(Interview).order_by(Interview.id.desc())
    if interviewer is not None:
        query = query.where(Interview.interviewer == interviewer)
    if candidate_id is not None:
        query = query.where(Interview.candidate_id == candidate_id)
    return session.scalars(query).all()


def get_question(session: Session, interview_question_id: int) -> InterviewQuestion:
    row = session.get(InterviewQuestion, interview_question_id)
    if row is None:
        raise UnknownItemError(f"no interview question with id {interview_question_id}")
    return row


def add_follow_up(
    session: Session,
    parent_id: int,
    prompt: str,
    actor: str,
    question_id: str | None = None,
    suggested: bool = False,
) -> InterviewQuestion:
    """Insert a follow-up right after its parent question.

    ``question_id`` keeps a bank question added as a follow-up as that question (scored
    against its rubric, counted in its area); None is a typed follow-up. ``suggested`` marks
    one the console's copilot proposed (recorded in the audit entry).
    """
    prompt = prompt.replace("\x00", "").strip()
    if not prompt:
        raise InputError("type the follow-up question first")
    check_length(prompt, "a follow-up question", FOLLOW_UP_CHARS)
    parent = get_question(session, parent_id)
    later = select(InterviewQuestion).where(
        InterviewQuestion.interview_id == parent.interview_id,
        InterviewQuestion.position > parent.position,
    )
    for row in session.scalars(later):
        row.position += 1
    follow_up = InterviewQuestion(
        interview_id=parent.interview_id,
        position=parent.position + 1,
        question_id=question_id,
        prompt=prompt,
        kind="follow_up",
        parent_id=parent.id,
    )
    session.add(follow_up)
    session.flush()
    extra: dict[str, object] = {"question": question_id} if question_id else {}
    if suggested:
        extra["suggested"] = True
    audit.log(session, actor, "interview.follow_up", interview=parent.interview_id, **extra)
    return follow_up


def set_skipped(session: Session, interview_question_id: int, skipped: bool, actor: str) -> None:
    row = get_question(session, interview_question_id)
    row.status = "skipped" if skipped else "pending"
    audit.log(
        session,
        actor,
        "question.skip" if skipped else "question.unskip",
        interview=row.interview_id,
        question=row.question_id,
    )


@dataclass(frozen=True)
class Saved:
    """The outcome of an autosave: the version now current, and a conflict if there was one."""

    version: AnswerVersion
    created: bool
    overwrote: AnswerVersion | None  # someone else's version this save was not based on


def current_answer(session: Session, interview_question_id: int) -> AnswerVersion | None:
    query = (
        select(AnswerVersion)
        .where(AnswerVersion.interview_question_id == interview_question_id)
        .order_by(AnswerVersion.version.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def answer_history(session: Session, interview_question_id: int) -> Sequence[AnswerVersion]:
    query = (
        select(AnswerVersion)
        .where(AnswerVersion.interview_question_id == interview_question_id)
        .order_by(AnswerVersion.version)
    )
    return session.scalars(query).all()


def save_answer(
    session: Session,
    interview_question_id: int,
    text: str,
    author: str,
    editor: str,
    base_version: int,
) -> Saved:
    """Append a version of the answer notes, unless it equals the current one.

    Args:
        base_version: the version the author's screen showed before this edit (0 for none).
            When another editor saved a newer version in between, both are kept, the newer
            one is current, and ``Saved.overwrote`` names the version that was not seen.
    """
    text = text.replace("\x00", "")  # NUL is never typed on purpose; PostgreSQL refuses it
    check_length(text, "the answer", ANSWER_CHARS)
    get_question(session, interview_question_id)
    latest = current_answer(session, interview_question_id)
    if latest is not None and latest.text == text:
        return Saved(latest, created=False, overwrote=None)
    number = (latest.version if latest else 0) + 1
    version = AnswerVersion(
        interview_question_id=interview_question_id,
        version=number,
        text=text,
        author=author,
        editor=editor,
        base_version=base_version,
    )
    session.add(version)
    session.flush()
    unseen = (
        latest if latest and latest.version > base_version and latest.editor != editor else None
    )
    if unseen is not None:
        audit.log(
            session,
            author,
            "answer.conflict",
            question=interview_question_id,
            version=number,
            unseen_version=unseen.version,
            unseen_author=unseen.author,
        )
    return Saved(version, created=True, overwrote=unseen)


def conflicts(
    session: Session, interview_question_id: int
) -> list[tuple[AnswerVersion, AnswerVersion]]:
    """Pairs (unseen, later) where a save was typed without seeing another editor's version."""
    history = answer_history(session, interview_question_id)
    pairs = []
    for earlier, later in itertools.pairwise(history):
        if later.base_version < earlier.version and later.editor != earlier.editor:
            pairs.append((earlier, later))
    return pairs


def record_score(session: Session, answer: AnswerVersion, score: Score, actor: str) -> ScoreRow:
    """Keep the machine's suggestion for one answer version, with what produced it."""
    row = ScoreRow(
        interview_question_id=answer.interview_question_id,
        answer_version_id=answer.id,
        score=score.score,
        band=score.band,
        confidence=score.confidence,
        abstained=score.abstained,
        abstain_reason=score.abstain_reason,
        model_id=score.model_id,
        rubric_version=score.rubric_version,
        calibration_id=score.calibration_id,
        detail=score.as_dict(),
    )
    session.add(row)
    session.flush()
    audit.log(
        session,
        actor,
        "score.suggest",
        question=answer.interview_question_id,
        answer_version=answer.version,
        score=score.score,
        abstained=score.abstained,
        model=score.model_id,
        rubric=score.rubric_version,
        calibration=score.calibration_id,
    )
    return row


def latest_score(session: Session, interview_question_id: int) -> ScoreRow | None:
    query = (
        select(ScoreRow)
        .where(ScoreRow.interview_question_id == interview_question_id)
        .order_by(ScoreRow.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def needs_reason(rating: int, suggested: float | None) -> bool:
    return suggested is not None and abs(rating - suggested) >= REASON_NEEDED_AT


def rate(
    session: Session,
    interview_question_id: int,
    rating: int,
    rater: str,
    reason: str = "",
    score: ScoreRow | None = None,
) -> Rating:
    """Record the interviewer's final rating; a reason is required when it departs from the
    machine's suggestion by 1 or more."""
    if not isinstance(rating, int) or not 0 <= rating <= 5:
        raise InputError("the final rating is a whole number from 0 to 5")
    suggested = score.score if score is not None else None
    reason = reason.replace("\x00", "").strip()
    check_length(reason, "the reason for a rating", RATING_REASON_CHARS)
    if needs_reason(rating, suggested) and not reason:
        raise InputError(
            f"your rating {rating} differs from the suggested {suggested:.1f} by 1 or more: "
            "give a short reason"
        )
    row = get_question(session, interview_question_id)
    saved = Rating(
        interview_question_id=interview_question_id,
        rater=rater,
        rating=rating,
        suggested=suggested,
        score_id=score.id if score is not None else None,
        reason=reason,
    )
    session.add(saved)
    row.status = "answered"
    session.flush()
    interview = get_interview(session, row.interview_id)
    audit.log(
        session,
        rater,
        "rating.override" if needs_reason(rating, suggested) else "rating.record",
        interview.candidate.pseudonym,
        interview=row.interview_id,
        question=row.question_id,
        rating=rating,
        suggested=suggested,
        reason=reason,
    )
    return saved


def latest_rating(session: Session, interview_question_id: int) -> Rating | None:
    query = (
        select(Rating)
        .where(Rating.interview_question_id == interview_question_id)
        .order_by(Rating.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()


def add_note(
    session: Session,
    interview_id: int,
    author: str,
    text: str,
    interview_question_id: int | None = None,
) -> Note:
    text = text.replace("\x00", "").strip()
    if not text:
        raise InputError("the note is empty")
    check_length(text, "a note", NOTE_CHARS)
    get_interview(session, interview_id)
    note = Note(
        interview_id=interview_id,
        interview_question_id=interview_question_id,
        author=author,
        text=text,
    )
    session.add(note)
    session.flush()
    return note


def notes(session: Session, interview_id: int) -> Sequence[Note]:
    query = select(Note).where(Note.interview_id == interview_id).order_by(Note.id)
    return session.scalars(query).all()


def finish(session: Session, interview_id: int, actor: str) -> Interview:
    interview = get_interview(session, interview_id)
    interview.status = "finished"
    interview.finished_at = utcnow()
    if interview.candidate.status in ("new", "interviewing"):
        interview.candidate.status = "interviewed"
    audit.log(
        session, actor, "interview.finish", interview.candidate.pseudonym, interview=interview_id
    )
    return interview


def reopen(session: Session, interview_id: int, actor: str) -> Interview:
    interview = get_interview(session, interview_id)
    interview.status = "in_progress"
    audit.log(
        session, actor, "interview.reopen", interview.candidate.pseudonym, interview=interview_id
    )
    return interview


@dataclass(frozen=True)
class QuestionSummary:
    """One line of an interview's summary."""

    interview_question_id: int
    position: int
    question_id: str | None
    prompt: str
    kind: str
    status: str
    answer: str
    answer_version: int
    suggested: float | None
    band: str
    abstain_reason: str
    rating: int | None
    reason: str
    rater: str


def summary(session: Session, interview_id: int) -> list[QuestionSummary]:
    """Every question in running order with its current answer, suggestion and rating."""
    interview = get_interview(session, interview_id)
    counts = dict(
        session.execute(
            select(AnswerVersion.interview_question_id, func.count())
            .join(InterviewQuestion)
            .where(InterviewQuestion.interview_id == interview_id)
            .group_by(AnswerVersion.interview_question_id)
        ).all()
    )
    rows = []
    for question in interview.questions:
        answer = current_answer(session, question.id) if counts.get(question.id) else None
        score = latest_score(session, question.id)
        rating = latest_rating(session, question.id)
        rows.append(
            QuestionSummary(
                interview_question_id=question.id,
                position=question.position,
                question_id=question.question_id,
                prompt=question.prompt,
                kind=question.kind,
                status=question.status,
                answer=answer.text if answer else "",
                answer_version=answer.version if answer else 0,
                suggested=score.score if score else None,
                band=score.band if score else "",
                abstain_reason=score.abstain_reason if score else "",
                rating=rating.rating if rating else None,
                reason=rating.reason if rating else "",
                rater=rating.rater if rating else "",
            )
        )
    return rows


def overall_rating(rows: Sequence[QuestionSummary]) -> float | None:
    """Mean of the final ratings given; None when none is given yet (never a zero)."""
    ratings = [r.rating for r in rows if r.rating is not None]
    return sum(ratings) / len(ratings) if ratings else None
