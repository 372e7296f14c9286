"""Interview kits: a set of questions for one role level that fits a time budget."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assess.content.bank import Bank
from assess.content.models import Question
from assess.content.vocabulary import (
    BEHAVIOURAL_CHOICES,
    ROLE_LEVELS,
    BehaviouralChoice,
    RoleLevel,
)
from assess.errors import KitError, UnknownItemError

# Difficulty asked for pick after pick: practitioner first, then a foundational and an expert
# item, so a kit of any size mixes levels of difficulty. (Cycling per pass over the
# competencies instead gave 45-minute kits of practitioner items only: one pass fills them.)
_DIFFICULTY_CYCLE = (2, 1, 3)


@dataclass(frozen=True)
class Kit:
    """An ordered list of questions for one role level."""

    level: RoleLevel
    question_ids: tuple[str, ...]
    minutes: int
    budget_minutes: int | None
    seed: int | None  # None for a hand-picked kit

    def __len__(self) -> int:
        return len(self.question_ids)


def _check_level(level: str) -> RoleLevel:
    if level not in ROLE_LEVELS:
        raise KitError(f"unknown level {level!r}; expected one of {', '.join(ROLE_LEVELS)}")
    return level  # type: ignore[return-value]


def _style_filter(behavioural: str) -> Callable[[Question], bool]:
    if behavioural not in BEHAVIOURAL_CHOICES:
        raise KitError(
            f"unknown behavioural choice {behavioural!r}; expected one of "
            f"{', '.join(BEHAVIOURAL_CHOICES)}"
        )
    choice: BehaviouralChoice = behavioural  # type: ignore[assignment]
    if choice == "exclude":
        return lambda question: question.style != "behavioural"
    if choice == "only":
        return lambda question: question.style == "behavioural"
    return lambda question: True


def build_kit(
    bank: Bank,
    level: str,
    minutes: int = 45,
    seed: int = 0,
    competencies: Sequence[str] | None = None,
    behavioural: str = "include",
) -> Kit:
    """Pick questions for ``level`` within ``minutes``, spread over competencies and difficulty.

    The same bank, level, budget and seed always give the same kit.

    Args:
        bank: the loaded question bank.
        level: ``plant`` or ``enterprise``.
        minutes: the time budget; the kit's questions add up to at most this.
        seed: makes the random choice repeatable.
        competencies: restrict to these competency ids (default: all assessed at ``level``).
        behavioural: ``include`` behavioural questions with the others (default), ``exclude``
            them, or take ``only`` them.

    Raises:
        KitError: unknown level, competency or behavioural choice, or no question fits the
            budget.
    """
    role = _check_level(level)
    wants_style = _style_filter(behavioural)
    if minutes < 1:
        raise KitError("the time budget must be at least 1 minute")
    wanted = set(competencies) if competencies else None
    if wanted:
        unknown = wanted - set(bank.competencies)
        if unknown:
            raise KitError(f"unknown competency: {', '.join(sorted(unknown))}")

    pools: dict[str, list[Question]] = defaultdict(list)
    for question in bank.active_questions():
        if (
            role in question.levels
            and (wanted is None or question.competency in wanted)
            and wants_style(question)
        ):
            pools[question.competency].append(question)
    if not pools:
        raise KitError(f"the bank has no active {role} questions for that selection")

    rng = random.Random(seed)
    order = sorted(pools)
    rng.shuffle(order)
    for competency in order:
        rng.shuffle(pools[competency])

    chosen: list[Question] = []
    remaining = minutes
    while remaining > 0 and any(pools.values()):
        added = False
        for competency in order:
            pool = pools[competency]
            fitting = [q for q in pool if q.minutes <= remaining]
            if not fitting:
                pool.clear()
                continue
            target = _DIFFICULTY_CYCLE[len(chosen) % len(_DIFFICULTY_CYCLE)]
            pick = min(fitting, key=lambda q: abs(q.difficulty - target))
            pool.remove(pick)
            chosen.append(pick)
            remaining -= pick.minutes
            added = True
        if not added:
            break
    if not chosen:
        raise KitError(f"no {role} question fits in {minutes} minutes")
    chosen.sort(key=lambda q: (q.difficulty, q.competency, q.id))
    return Kit(
        level=role,
        question_ids=tuple(q.id for q in chosen),
        minutes=minutes - remaining,
        budget_minutes=minutes,
        seed=seed,
    )


def hand_pick(bank: Bank, level: str, question_ids: Sequence[str]) -> Kit:
    """A kit of exactly these questions, in this order.

    Raises:
        KitError: unknown level, an empty or repeated selection.
        UnknownItemError: a question that does not exist or has no rubric at ``level``.
    """
    role = _check_level(level)
    if not question_ids:
        raise KitError("pick at least one question")
    if len(set(question_ids)) != len(question_ids):
        raise KitError("a question is picked twice")
    for question_id in question_ids:
        bank.rubric(question_id, role)
        if bank.question(question_id).retired:
            raise UnknownItemError(f"question {question_id} is retired")
    total = sum(bank.question(qid).minutes for qid in question_ids)
    return Kit(role, tuple(question_ids), total, budget_minutes=None, seed=None)
