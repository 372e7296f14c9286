"""Refit the scorer's calibration from the team's own final ratings.

Interviewers' final ratings are graded answers in this team's own domain and wording. A refit
is only worth adopting if it agrees better with ratings it was not fitted on, so ``refit``
reports agreement before and after on held-out questions (folds grouped by question), with
the whole scorer (calibration plus exemplar anchoring), like for like.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from assess.content.bank import Bank
from assess.embedding import Encoder
from assess.errors import CalibrationError, UnknownItemError
from assess.scoring import calibration as cal
from assess.scoring.evaluation import agreement, grouped_folds
from assess.scoring.scorer import Scorer
from assess.scoring.suggest import rubric_pair
from assess.store.records import candidate_records


@dataclass(frozen=True)
class TeamExample:
    """One answer the team rated: its text, question, level and final rating."""

    answer: str
    question_id: str
    level: str
    rating: int


@dataclass(frozen=True)
class Refit:
    calibration: cal.Calibration
    before: dict[str, float]  # the current calibration on the same answers
    after: dict[str, float]  # calibrations fitted without each answer's question
    n: int
    folds: int

    @property
    def better(self) -> bool:
        """Whether adopting it improves held-out Pearson without worsening RMSE."""
        return self.after["pearson"] > self.before["pearson"] and (
            self.after["rmse"] <= self.before["rmse"]
        )


def team_examples(session: Session, bank: Bank) -> list[TeamExample]:
    """Every bank question with an answer and a final rating, at the interview's level."""
    out = []
    for record in candidate_records(session, bank):
        for q in record.questions:
            if q.question_id is None or q.final_rating is None or not q.answer_text.strip():
                continue
            try:
                bank.rubric(q.question_id, q.level)
            except UnknownItemError:
                continue
            out.append(TeamExample(q.answer_text, q.question_id, q.level, q.final_rating))
    return out


def refit(
    encoder: Encoder,
    current: cal.Calibration | None,
    bank: Bank,
    examples: Sequence[TeamExample],
    folds: int = 5,
    seed: int = 0,
) -> Refit:
    """Fit a calibration on ``examples`` and measure it on held-out questions.

    Raises:
        CalibrationError: too few rated answers, or too few distinct questions to hold out.
    """
    if len(examples) < cal.MIN_SAMPLES:
        raise CalibrationError(
            f"need at least {cal.MIN_SAMPLES} rated answers to refit; the team has "
            f"{len(examples)} so far"
        )
    groups = [e.question_id for e in examples]
    folds = min(folds, len(set(groups)))
    if folds < 2:
        raise CalibrationError("the rated answers cover one question only: nothing to hold out")
    items = [(e.answer, *rubric_pair(bank, e.question_id, e.level)) for e in examples]
    gold = [float(e.rating) for e in examples]
    features = Scorer(encoder, None).features_many([(a, r) for a, r, _ in items])
    before = [s.score for s in Scorer(encoder, current).score_many(items)]
    after: list[float | None] = [None] * len(items)
    fold_of = grouped_folds(groups, folds, seed)
    for fold in range(folds):
        train = [i for i, f in enumerate(features) if f is not None and fold_of[i] != fold]
        test = [i for i in range(len(items)) if fold_of[i] == fold]
        if len(train) < cal.MIN_SAMPLES or not test:
            continue
        model = cal.fit([features[i] for i in train], [gold[i] for i in train])  # type: ignore[misc]
        scored = Scorer(encoder, model).score_many([items[i] for i in test])
        for i, score in zip(test, scored, strict=True):
            after[i] = score.score
    keep = [i for i, f in enumerate(features) if f is not None]
    final = cal.fit(
        [features[i] for i in keep],  # type: ignore[misc]
        [gold[i] for i in keep],
        source=f"team final ratings ({len(keep)} answers, {len(set(groups))} questions)",
    )
    return Refit(final, agreement(before, gold), agreement(after, gold), len(keep), folds)
