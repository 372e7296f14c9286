"""Competency profile of one candidate against the requisition's bar, and per-question ratings.

A question's rating is the interviewer's ``final_rating``; the machine's suggestion is kept
beside it (``machine_*`` fields) and never stands in for a missing rating.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

from assess.analytics.records import CandidateRecord, QuestionRecord
from assess.content.bank import Bank
from assess.content.vocabulary import ROLE_LEVELS
from assess.errors import UnknownItemError

BAR = 3.0  # "competent" on the 0-5 scale, the bar for every competency assessed at a level
ANSWERED = "answered"


def ratings(questions: Iterable[QuestionRecord]) -> list[float]:
    """The final ratings of the rated questions, as floats."""
    return [float(q.final_rating) for q in questions if q.final_rating is not None]


def machine_scored(questions: Iterable[QuestionRecord]) -> list[QuestionRecord]:
    """Answered questions the scorer gave a number to (not abstained)."""
    return [
        q
        for q in questions
        if q.status == ANSWERED and q.machine_score is not None and not q.abstained
    ]


def mean_or_none(values: Iterable[float]) -> float | None:
    """The mean, or None for no values (never a zero standing in for "no data")."""
    values = list(values)
    return fmean(values) if values else None


def check_level(level: str) -> None:
    """Raise ``UnknownItemError`` unless ``level`` is a role level."""
    if level not in ROLE_LEVELS:
        raise UnknownItemError(
            f"unknown level {level!r} (expected one of {', '.join(ROLE_LEVELS)})"
        )


def requisition_bar(bank: Bank, level: str) -> dict[str, float]:
    """The bar per competency for a requisition at ``level``.

    Every competency assessed at that level (``Competency.levels``) has a bar of 3.0
    ("competent"); the others are left out (they have no bar).

    Raises:
        UnknownItemError: ``level`` is not a role level.
    """
    check_level(level)
    return {cid: BAR for cid, c in bank.competencies.items() if level in c.levels}


@dataclass(frozen=True)
class CompetencyScore:
    """One competency of one candidate.

    ``rating`` is the mean final rating of the ``n_questions`` rated questions in it (None when
    not probed); ``machine_mean`` the mean machine score over its ``n_machine`` scored answers;
    ``bar`` the requisition's bar (None when the competency is not assessed at that level).
    """

    competency: str
    name: str
    rating: float | None
    n_questions: int
    machine_mean: float | None
    bar: float | None
    n_machine: int = 0

    @property
    def probed(self) -> bool:
        return self.n_questions > 0

    @property
    def gap(self) -> float | None:
        """Rating minus bar; None when either is missing."""
        if self.rating is None or self.bar is None:
            return None
        return self.rating - self.bar


@dataclass(frozen=True)
class CompetencyProfile:
    """A candidate's ratings per competency, for every competency in the bank.

    ``overall`` is the mean of all ``n_rated`` rated questions (ad hoc follow-ups included,
    though they belong to no competency); ``n_unrated`` answered questions still await a rating.
    """

    candidate_id: int
    name: str
    level: str
    scores: tuple[CompetencyScore, ...]
    overall: float | None
    n_rated: int
    n_unrated: int

    def score(self, competency: str) -> CompetencyScore:
        for score in self.scores:
            if score.competency == competency:
                return score
        raise UnknownItemError(f"no competency {competency!r} in this profile")

    @property
    def not_probed(self) -> tuple[CompetencyScore, ...]:
        """Competencies with a bar that no rated question supports."""
        return tuple(s for s in self.scores if s.bar is not None and not s.probed)


def competency_profile(candidate: CandidateRecord, bank: Bank) -> CompetencyProfile:
    """Rate a candidate per competency against the bar of the requisition's level.

    Args:
        candidate: the candidate with every question asked in their interviews.
        bank: gives competency names and the levels each is assessed at.

    Returns:
        One ``CompetencyScore`` per bank competency, in the bank's order (not probed: rating
        None, n 0), then any competency the records name that the bank no longer has.

    Raises:
        UnknownItemError: the candidate's level is not a role level.
    """
    bar = requisition_bar(bank, candidate.level)
    names = {cid: c.name for cid, c in bank.competencies.items()}
    # A record may name a competency the bank has since dropped; keep its evidence visible.
    extra = sorted({q.competency for q in candidate.questions if q.competency} - set(names))
    names.update((cid, cid) for cid in extra)

    scores = []
    for cid, name in names.items():
        mine = [q for q in candidate.questions if q.competency == cid]
        given = ratings(mine)
        machine = [q.machine_score for q in machine_scored(mine) if q.machine_score is not None]
        scores.append(
            CompetencyScore(
                competency=cid,
                name=name,
                rating=mean_or_none(given),
                n_questions=len(given),
                machine_mean=mean_or_none(machine),
                bar=bar.get(cid),
                n_machine=len(machine),
            )
        )
    all_ratings = ratings(candidate.questions)
    return CompetencyProfile(
        candidate_id=candidate.candidate_id,
        name=candidate.name,
        level=candidate.level,
        scores=tuple(scores),
        overall=mean_or_none(all_ratings),
        n_rated=len(all_ratings),
        n_unrated=sum(q.status == ANSWERED and q.final_rating is None for q in candidate.questions),
    )


@dataclass(frozen=True)
class QuestionRating:
    """The machine's suggestion beside the interviewer's final rating for one answered question.

    ``label`` is the question id (``"ad hoc 1"``... for typed follow-ups; a repeat of the same
    id gets `` (2)``...) so charts get one distinct category per row.
    """

    label: str
    question_id: str | None
    prompt: str
    competency: str | None
    machine_score: float | None
    abstained: bool
    abstain_reason: str
    final_rating: int | None
    override_reason: str

    @property
    def difference(self) -> float | None:
        """Final rating minus machine score; None when either is missing."""
        if self.machine_score is None or self.final_rating is None:
            return None
        return self.final_rating - self.machine_score


def question_ratings(candidate: CandidateRecord) -> tuple[QuestionRating, ...]:
    """Every answered question of a candidate with its machine score and final rating."""
    seen: Counter[str] = Counter()
    rows = []
    for q in candidate.questions:
        if q.status != ANSWERED:
            continue
        key = q.question_id or "ad hoc"
        seen[key] += 1
        if q.question_id is None:
            label = f"ad hoc {seen[key]}"
        else:
            label = q.question_id if seen[key] == 1 else f"{q.question_id} ({seen[key]})"
        rows.append(
            QuestionRating(
                label=label,
                question_id=q.question_id,
                prompt=q.prompt,
                competency=q.competency,
                machine_score=None if q.abstained else q.machine_score,
                abstained=q.abstained,
                abstain_reason=q.abstain_reason,
                final_rating=q.final_rating,
                override_reason=q.override_reason,
            )
        )
    return tuple(rows)
