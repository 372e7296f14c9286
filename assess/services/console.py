"""The interview console's use cases: read what a question shows, save an answer version,
score the saved answer, rate, note, skip, add a follow-up, finish and reopen.

Every function opens its own transaction and returns plain frozen data (safe after the
session closes). Failures are typed: ``StoreError`` for a database that cannot be used,
``InputError`` / ``UnknownItemError`` for a bad request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from assess.analytics.interview_plan import (
    QUESTION,
    InterviewCoverage,
    Suggestion,
    interview_coverage,
    suggestions,
)
from assess.content.bank import Bank
from assess.errors import InputError, StoreError, UnknownItemError
from assess.scoring.result import Score
from assess.scoring.scorer import Scorer
from assess.scoring.suggest import suggest
from assess.services.calibration import adopted_json
from assess.store import interviews, settings
from assess.store.db import Store
from assess.store.interviews import QuestionSummary
from assess.store.records import candidate_records_for
from assess.store.schema import AnswerVersion


@dataclass(frozen=True)
class Header:
    """The interview as the console's header shows it."""

    id: int
    candidate: str
    level: str
    interviewer: str
    status: str
    created_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True)
class Item:
    """One question of the interview (a bank question or a typed follow-up)."""

    id: int
    position: int
    question_id: str | None
    prompt: str
    kind: str
    status: str


@dataclass(frozen=True)
class Version:
    """One saved version of an answer."""

    id: int
    version: int
    text: str
    author: str
    editor: str
    created_at: datetime


@dataclass(frozen=True)
class StoredScore:
    """The latest machine suggestion and the answer version it was computed on."""

    score: Score
    answer_version_id: int


@dataclass(frozen=True)
class StoredRating:
    """The interviewer's latest final rating."""

    rating: int
    reason: str
    rater: str
    suggested: float | None


@dataclass(frozen=True)
class Note:
    """A private note on the interview (``question_id`` None: on the whole interview)."""

    author: str
    text: str
    created_at: datetime
    question_id: int | None


@dataclass(frozen=True)
class View:
    """Everything the current question shows, read in one transaction."""

    answer: Version | None
    first_saved: datetime | None
    conflicts: tuple[tuple[Version, Version], ...]
    score: StoredScore | None
    rating: StoredRating | None
    notes: tuple[Note, ...]
    scoring_enabled: bool
    calibration: dict[str, Any] | None


@dataclass(frozen=True)
class SaveResult:
    """A saved answer: its version number, and whether a new version was added."""

    version: int
    created: bool


@dataclass(frozen=True)
class ScoreOutcome:
    """What scoring produced: the score (None when not scored), whether it was stored, and
    a message for the interviewer when something stopped short."""

    score: Score | None
    stored: bool
    message: str = ""


def _version(row: Any) -> Version:
    return Version(row.id, row.version, row.text, row.author, row.editor, row.created_at)


def load_interview(store: Store, interview_id: int) -> tuple[Header, list[Item]]:
    """The interview's header and its questions in order.

    Raises:
        UnknownItemError: no such interview.
        StoreError: the database cannot be read.
    """
    with store.transaction() as s:
        interview = interviews.get_interview(s, interview_id)
        header = Header(
            interview.id,
            interview.candidate.name,
            interview.level,
            interview.interviewer,
            interview.status,
            interview.created_at,
            interview.finished_at,
        )
        items = [
            Item(q.id, q.position, q.question_id, q.prompt, q.kind, q.status)
            for q in interview.questions
        ]
    return header, items


def load_view(store: Store, interview_id: int, item_id: int) -> View:
    """What one question shows: its answer, conflicts, suggestion, rating and notes."""
    with store.transaction() as s:
        history = interviews.answer_history(s, item_id)
        score_row = interviews.latest_score(s, item_id)
        rating_row = interviews.latest_rating(s, item_id)
        return View(
            answer=_version(history[-1]) if history else None,
            first_saved=history[0].created_at if history else None,
            conflicts=tuple(
                (_version(a), _version(b)) for a, b in interviews.conflicts(s, item_id)
            ),
            score=StoredScore(Score.from_dict(score_row.detail), score_row.answer_version_id)
            if score_row
            else None,
            rating=StoredRating(
                rating_row.rating, rating_row.reason, rating_row.rater, rating_row.suggested
            )
            if rating_row
            else None,
            notes=tuple(
                Note(n.author, n.text, n.created_at, n.interview_question_id)
                for n in interviews.notes(s, interview_id)
            ),
            scoring_enabled=settings.machine_scoring_enabled(s),
            calibration=adopted_json(s),
        )


def save_answer(
    store: Store, item_id: int, text: str, author: str, editor: str, base_version: int
) -> SaveResult:
    """Keep ``text`` as the answer's next version (append-only; an edit made without seeing
    a newer version is recorded as a conflict, and both are kept).

    Raises:
        StoreError: the database cannot be written (the caller keeps the text and retries).
        InputError: the text is over the limit.
    """
    with store.transaction() as s:
        saved = interviews.save_answer(s, item_id, text, author, editor, base_version=base_version)
        return SaveResult(saved.version.version, saved.created)


def scored_text(store: Store, view: View) -> str:
    """The answer text the stored suggestion was computed on (so highlights line up)."""
    if view.answer is not None and view.score is not None:
        if view.score.answer_version_id == view.answer.id:
            return view.answer.text
        with store.transaction() as s:
            row = s.get(AnswerVersion, view.score.answer_version_id)
            return row.text if row is not None else view.answer.text
    return view.answer.text if view.answer else ""


def score_answer(
    store: Store,
    scorer: Scorer,
    bank: Bank,
    level: str,
    item: Item,
    answer: Version,
    actor: str,
) -> ScoreOutcome:
    """Score the saved ``answer`` of ``item`` and keep the suggestion with the version it
    was computed on. The answer is checked again before storing: text saved meanwhile
    (another tab, another interviewer) is never given the old text's score."""
    if item.question_id is None:
        return ScoreOutcome(None, False, "A typed follow-up has no rubric: rate it yourself.")
    try:
        score = suggest(scorer, bank, item.question_id, level, answer.text)
    except UnknownItemError as exc:
        return ScoreOutcome(None, False, f"Not scored: {exc}.")
    try:
        with store.transaction() as s:
            current = interviews.current_answer(s, item.id)
            if current is None or current.id != answer.id:
                return ScoreOutcome(None, False, "The answer changed while scoring; score again.")
            interviews.record_score(s, current, score, actor)
    except StoreError as exc:
        return ScoreOutcome(
            score, False, f"The suggestion could not be stored ({exc}); it is shown once below."
        )
    return ScoreOutcome(score, True)


def rate(store: Store, item_id: int, rating: int, rater: str, reason: str) -> None:
    """Keep the interviewer's final rating against the latest suggestion.

    Raises:
        InputError: a reason is needed (the rating differs from the suggestion by 1 or more)
            or is too long.
        StoreError: the database cannot be written.
    """
    with store.transaction() as s:
        score_row = interviews.latest_score(s, item_id)
        interviews.rate(s, item_id, rating, rater, reason, score_row)


def add_note(store: Store, interview_id: int, item_id: int, author: str, text: str) -> None:
    """A private note on one question."""
    with store.transaction() as s:
        interviews.add_note(s, interview_id, author, text, item_id)


def set_skipped(store: Store, item_id: int, skipped: bool, actor: str) -> None:
    """Mark a question skipped, or not any more."""
    with store.transaction() as s:
        interviews.set_skipped(s, item_id, skipped, actor)


def add_follow_up(store: Store, item_id: int, prompt: str, actor: str) -> None:
    """A typed follow-up question right after ``item_id``."""
    with store.transaction() as s:
        interviews.add_follow_up(s, item_id, prompt, actor)


@dataclass(frozen=True)
class Copilot:
    """The console's copilot panel: this interview's coverage map and what to ask next."""

    coverage: InterviewCoverage
    suggestions: tuple[Suggestion, ...]


def copilot(store: Store, bank: Bank, interview_id: int, item_id: int | None) -> Copilot:
    """The coverage map of one interview and up to three suggestions for the question on
    screen (``item_id``), computed from the same question records the recruiter's profile
    charts read (``assess.store.records``), by ``assess.analytics.interview_plan``.

    Raises:
        UnknownItemError: no such interview.
        StoreError: the database cannot be read.
    """
    with store.transaction() as s:
        interview = interviews.get_interview(s, interview_id)
        level = interview.level
        order = [q.id for q in interview.questions]
        record = candidate_records_for(s, bank, [interview.candidate])[interview.candidate_id]
    mine = [q for q in record.questions if q.interview_id == interview_id]
    current = None
    if item_id is not None and item_id in order and len(mine) == len(order):
        current = mine[order.index(item_id)]
    return Copilot(
        coverage=interview_coverage(mine, bank, level),
        suggestions=suggestions(mine, bank, level, current),
    )


def add_suggestion(
    store: Store, bank: Bank, item_id: int, suggestion: Suggestion, actor: str
) -> None:
    """Add a suggestion to the interview right after ``item_id``, as a follow-up: a bank
    question is kept as that question (scored against its rubric), a probe as typed text.
    Logged in the audit log as a suggested follow-up.

    Raises:
        InputError: the suggested question is retired or not in the bank any more.
        StoreError: the database cannot be written.
    """
    question_id = None
    prompt = suggestion.text
    if suggestion.kind == QUESTION:
        if suggestion.question_id is None:
            raise InputError("the suggestion names no question")
        try:
            question = bank.question(suggestion.question_id)
        except UnknownItemError as exc:
            raise InputError(f"the suggested question cannot be added: {exc}") from None
        if question.retired:
            raise InputError(f"question {question.id} is retired; it cannot be added")
        question_id, prompt = question.id, question.text
    with store.transaction() as s:
        interviews.add_follow_up(s, item_id, prompt, actor, question_id, suggested=True)


def finish(store: Store, interview_id: int, actor: str) -> None:
    """End the interview (its summary is shown from then on)."""
    with store.transaction() as s:
        interviews.finish(s, interview_id, actor)


def reopen(store: Store, interview_id: int, actor: str) -> None:
    """Open a finished interview again."""
    with store.transaction() as s:
        interviews.reopen(s, interview_id, actor)


def summary(store: Store, interview_id: int) -> tuple[Sequence[QuestionSummary], float | None]:
    """Each question's outcome, and the overall rating (None before any rating)."""
    with store.transaction() as s:
        rows = interviews.summary(s, interview_id)
    return rows, interviews.overall_rating(rows)
