"""The database tables, as SQLAlchemy 2.x declarative models.

Append-only by design: answers are versions, ratings and scores are rows added over time, and
the event log is never updated. The newest row wins for display; the older ones stay as the
record of what happened. Demographics sit in their own table and never reach scoring.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names, so Alembic migrations work the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """A time read back from the store, made aware: SQLite hands back naive datetimes, and
    every time the store writes is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, datetime: DateTime(timezone=True)}  # noqa: RUF012


class User(Base):
    """A local account, or an OIDC identity seen at login (then no password hash)."""

    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str | None] = mapped_column(String(300))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SignIn(Base):
    """A sign-in that outlives a page load: the browser keeps a random token in a cookie, the
    database only its SHA-256, with the account and when the sign-in ends."""

    __tablename__ = "sign_ins"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    username: Mapped[str] = mapped_column(String(120), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()


class Requisition(Base):
    """An open role at one level: ``plant`` (MES Engineer) or ``enterprise`` (MOM Architect)."""

    __tablename__ = "requisitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    level: Mapped[str] = mapped_column(String(20))
    site: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), default="open")
    retention_days: Mapped[int | None] = mapped_column(Integer)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    panel: Mapped[list[PanelMember]] = relationship(
        cascade="all, delete-orphan", order_by="PanelMember.username"
    )


class PanelMember(Base):
    __tablename__ = "panel_members"
    requisition_id: Mapped[int] = mapped_column(
        ForeignKey("requisitions.id", ondelete="CASCADE"), primary_key=True
    )
    username: Mapped[str] = mapped_column(String(120), primary_key=True)


class Candidate(Base):
    """A person applying to one requisition. ``pseudonym`` is what the event log keeps."""

    __tablename__ = "candidates"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(200), default="")
    requisition_id: Mapped[int] = mapped_column(
        ForeignKey("requisitions.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20), default="new")
    shortlisted: Mapped[bool] = mapped_column(Boolean, default=False)
    pseudonym: Mapped[str] = mapped_column(String(40), unique=True)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    requisition: Mapped[Requisition] = relationship()


class Demographics(Base):
    """Voluntary self-identification, kept apart from scores; read only by the fairness audit."""

    __tablename__ = "demographics"
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), primary_key=True
    )
    sex: Mapped[str] = mapped_column(String(40), default="")
    race_ethnicity: Mapped[str] = mapped_column(String(80), default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Interview(Base):
    __tablename__ = "interviews"
    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[str] = mapped_column(String(20))
    interviewer: Mapped[str] = mapped_column(String(120), index=True)
    status: Mapped[str] = mapped_column(String(20), default="in_progress")
    kit_minutes: Mapped[int | None] = mapped_column(Integer)
    kit_seed: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column()
    candidate: Mapped[Candidate] = relationship()
    questions: Mapped[list[InterviewQuestion]] = relationship(
        cascade="all, delete-orphan", order_by="InterviewQuestion.position"
    )


class InterviewQuestion(Base):
    """A question in an interview's running order; ``question_id`` None for a typed follow-up."""

    __tablename__ = "interview_questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    question_id: Mapped[str | None] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="kit")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("interview_questions.id", ondelete="CASCADE")
    )
    status: Mapped[str] = mapped_column(String(20), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AnswerVersion(Base):
    """One saved state of the answer notes. Never updated; the highest version is current.

    ``base_version`` is the version the author's screen showed when they typed: a save whose
    base is older than the current version, from someone else, is a visible conflict.
    """

    __tablename__ = "answer_versions"
    __table_args__ = (UniqueConstraint("interview_question_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_question_id: Mapped[int] = mapped_column(
        ForeignKey("interview_questions.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(120))
    editor: Mapped[str] = mapped_column(String(64), default="")  # one browser tab's editor id
    base_version: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ScoreRow(Base):
    """A machine suggestion for one answer version, with what produced it."""

    __tablename__ = "scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_question_id: Mapped[int] = mapped_column(
        ForeignKey("interview_questions.id", ondelete="CASCADE"), index=True
    )
    answer_version_id: Mapped[int] = mapped_column(
        ForeignKey("answer_versions.id", ondelete="CASCADE")
    )
    score: Mapped[float | None] = mapped_column(Float)
    band: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float] = mapped_column(Float)
    abstained: Mapped[bool] = mapped_column(Boolean)
    abstain_reason: Mapped[str] = mapped_column(Text, default="")
    model_id: Mapped[str] = mapped_column(String(200))
    rubric_version: Mapped[str] = mapped_column(String(80))
    calibration_id: Mapped[str] = mapped_column(String(80))
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Rating(Base):
    """The interviewer's final 0-5 rating; the newest row for a question is the one that counts."""

    __tablename__ = "ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_question_id: Mapped[int] = mapped_column(
        ForeignKey("interview_questions.id", ondelete="CASCADE"), index=True
    )
    rater: Mapped[str] = mapped_column(String(120))
    rating: Mapped[int] = mapped_column(Integer)
    suggested: Mapped[float | None] = mapped_column(Float)
    score_id: Mapped[int | None] = mapped_column(ForeignKey("scores.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Note(Base):
    """An interviewer's private note on an interview or one of its questions."""

    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    interview_question_id: Mapped[int | None] = mapped_column(
        ForeignKey("interview_questions.id", ondelete="CASCADE")
    )
    author: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PanelRating(Base):
    """A panel member's own overall rating, given before seeing the others'."""

    __tablename__ = "panel_ratings"
    id: Mapped[int] = mapped_column(primary_key=True)
    requisition_id: Mapped[int] = mapped_column(
        ForeignKey("requisitions.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    member: Mapped[str] = mapped_column(String(120))
    rating: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Decision(Base):
    """advance, hold or decline: always by a named person, with a reason."""

    __tablename__ = "decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    requisition_id: Mapped[int] = mapped_column(
        ForeignKey("requisitions.id", ondelete="CASCADE"), index=True
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="CASCADE"), index=True
    )
    decision: Mapped[str] = mapped_column(String(20))
    decided_by: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Event(Base):
    """The audit trail. Holds ids and a pseudonym, never names or answer text."""

    __tablename__ = "events"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject: Mapped[str] = mapped_column(String(40), default="", index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


class Setting(Base):
    """Team-wide switches, e.g. machine scoring on/off and the adopted calibration."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(default=dict)
    updated_by: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
