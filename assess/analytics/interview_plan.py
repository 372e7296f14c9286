"""Live coverage of one interview and what to ask next: the interviewer's copilot, pure.

Reads the same ``QuestionRecord`` rows the recruiter's coverage chart reads
(``assess.store.records``), so the console's map and the profile's charts cannot disagree
about what was asked and how it was judged. Nothing here touches the database or Streamlit.

Coverage, per competency area of the bank (rows) for this interview:

- ``not probed``: no answered question in the area yet (answered: rated, or with a saved
  answer or a score; see ``is_probed``);
- ``probed``: answered, but neither scored nor rated yet (nothing to judge by);
- ``evidence shown``: at least one answer in the area showed its ground;
- ``gap``: answered and judged, and no answer showed its ground.

An answer shows its ground when the interviewer's final rating is 3 ("competent",
``coverage.SHOWN_AT``) or more; before it is rated, when the machine found at least one key
point of the rubric at this interview's level. The person's rating, once given, wins: the
machine suggests, a named person decides.

Suggestions (at most three), each with its reason in plain words:

- "Ask next": the key points the current answer has not shown, heaviest first, with the
  rubric's probe for each;
- "Next question": the bank question at this level for the largest area not probed yet
  (the area with the most questions at this level), at a difficulty stepped up after the last
  two ratings were 4 or more and down after they were 2 or less; never a retired question,
  nor one already in this interview.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assess.analytics.coverage import SHOWN_AT
from assess.analytics.profile import ANSWERED, check_level
from assess.analytics.records import QuestionRecord
from assess.content.bank import Bank
from assess.content.models import KeyPoint, Question

NOT_PROBED = "not probed"
PROBED = "probed"
EVIDENCE = "evidence shown"
GAP = "gap"
AREA_STATES = (NOT_PROBED, PROBED, EVIDENCE, GAP)

MAX_SUGGESTIONS = 3
STEP_UP_AT = 4  # two answers in a row rated this or more: ask a harder question
STEP_DOWN_AT = 2  # two answers in a row rated this or less: ask an easier one
DEFAULT_DIFFICULTY = 2
MIN_DIFFICULTY, MAX_DIFFICULTY = 1, 3

PROBE = "probe"
QUESTION = "question"


def is_probed(question: QuestionRecord) -> bool:
    """Whether the interview has asked this question: rated (status answered), or still
    pending with a saved answer or a machine score (the console marks a question answered
    only when it is rated, and the map must move as soon as an answer is scored)."""
    if question.status == ANSWERED:
        return True
    if question.status != "pending":
        return False
    scored = question.machine_score is not None or question.abstained
    return scored or bool(question.answer_text.strip())


def shows_evidence(question: QuestionRecord) -> bool | None:
    """Whether one answered question showed its ground; None when it is not judged yet.

    The interviewer's final rating decides when there is one (``SHOWN_AT`` or more shows it);
    before that, a machine score that found at least one key point shows it. An abstained or
    missing score judges nothing.
    """
    if question.final_rating is not None:
        return question.final_rating >= SHOWN_AT
    if question.machine_score is not None and not question.abstained:
        return bool(question.covered_points)
    return None


@dataclass(frozen=True)
class AreaCoverage:
    """One competency area in this interview: its state and the questions answered in it.

    ``assessed`` is False for an area the bank does not assess at this interview's level
    (listed only because a question in it was answered).
    """

    competency: str
    name: str
    state: str
    question_ids: tuple[str, ...]
    assessed: bool = True

    @property
    def n_answered(self) -> int:
        return len(self.question_ids)


@dataclass(frozen=True)
class InterviewCoverage:
    """The coverage map of one interview at one level, areas in the bank's order."""

    level: str
    areas: tuple[AreaCoverage, ...]

    def area(self, competency: str) -> AreaCoverage:
        """The row of ``competency``; KeyError names it when the map has no such row."""
        for row in self.areas:
            if row.competency == competency:
                return row
        raise KeyError(competency)

    def count(self, state: str) -> int:
        """How many areas are in ``state``."""
        return sum(row.state == state for row in self.areas)

    def states(self) -> dict[str, str]:
        """Competency id -> state: a compact form to compare two moments of an interview."""
        return {row.competency: row.state for row in self.areas}


def interview_coverage(
    questions: Sequence[QuestionRecord], bank: Bank, level: str
) -> InterviewCoverage:
    """The coverage map of one interview.

    Args:
        questions: the interview's question records, as ``assess.store.records`` builds them.
        bank: gives the competency areas, their names and the levels each is assessed at.
        level: the interview's rubric level.

    Returns:
        One row per competency the bank assesses at ``level``, in the bank's order, then any
        other area an answered question belongs to (``assessed`` False).

    Raises:
        UnknownItemError: ``level`` is not a role level.
    """
    check_level(level)
    answered = [q for q in questions if is_probed(q) and q.competency]
    assessed = [cid for cid, c in bank.competencies.items() if level in c.levels]
    extra = [cid for cid in dict.fromkeys(q.competency for q in answered) if cid not in assessed]
    rows = []
    for cid in (*assessed, *extra):
        here = [q for q in answered if q.competency == cid]
        competency = bank.competencies.get(cid)
        rows.append(
            AreaCoverage(
                competency=cid,
                name=competency.name if competency else cid,
                state=_area_state(here),
                question_ids=tuple(q.question_id or "ad hoc" for q in here),
                assessed=cid in assessed,
            )
        )
    return InterviewCoverage(level=level, areas=tuple(rows))


def _area_state(here: Sequence[QuestionRecord]) -> str:
    if not here:
        return NOT_PROBED
    judged = [shows_evidence(q) for q in here]
    if any(judged):
        return EVIDENCE
    if any(j is not None for j in judged):
        return GAP
    return PROBED


@dataclass(frozen=True)
class Suggestion:
    """One thing the interviewer could ask next, with why.

    ``kind`` is ``"probe"`` (a follow-up for a key point the current answer missed; ``text`` is
    the rubric's probe) or ``"question"`` (a bank question; ``text`` is its wording and
    ``question_id`` its id).
    """

    kind: str
    text: str
    reason: str
    question_id: str | None = None
    competency: str | None = None
    key_point: str | None = None
    weight: float | None = None
    difficulty: int | None = None


def missed_key_points(question: QuestionRecord, bank: Bank, level: str) -> tuple[KeyPoint, ...]:
    """The rubric key points the scored answer did not show, heaviest first (ties: rubric
    order). Empty for an unscored, abstained or ad hoc answer, or one the bank has retired."""
    if question.question_id is None or question.machine_score is None or question.abstained:
        return ()
    rubric = bank.rubrics.get((question.question_id, level))  # type: ignore[arg-type]
    if rubric is None:
        return ()
    missed = set(question.missed_points)
    points = [kp for kp in rubric.key_points if kp.text in missed]
    return tuple(sorted(points, key=lambda kp: -kp.weight))


def target_difficulty(questions: Sequence[QuestionRecord], base: int | None = None) -> int:
    """The difficulty of the next question, from the last two final ratings of the interview.

    Starts from ``base`` (else the difficulty of the last rated bank question, else 2); one up
    after two ratings of 4 or more in a row, one down after two of 2 or less, within 1-3.
    """
    rated = [q for q in questions if q.final_rating is not None]
    if base is None:
        known = [q.difficulty for q in rated if q.difficulty is not None]
        base = known[-1] if known else DEFAULT_DIFFICULTY
    last_two = [q.final_rating for q in rated[-2:] if q.final_rating is not None]
    step = 0
    if len(last_two) == 2 and all(r >= STEP_UP_AT for r in last_two):
        step = 1
    elif len(last_two) == 2 and all(r <= STEP_DOWN_AT for r in last_two):
        step = -1
    return max(MIN_DIFFICULTY, min(MAX_DIFFICULTY, base + step))


def suggestions(
    questions: Sequence[QuestionRecord],
    bank: Bank,
    level: str,
    current: QuestionRecord | None = None,
) -> tuple[Suggestion, ...]:
    """Up to three suggestions for what to ask next in this interview.

    Args:
        questions: every question record of the interview (asked, skipped or still planned).
        bank: the question bank (rubrics give the probes; questions the next question).
        level: the interview's rubric level.
        current: the question on screen; its missed key points come first.

    Returns:
        The missed key points' probes (heaviest first), then one next bank question when
        there is one: three at most, one place kept for the question.

    Raises:
        UnknownItemError: ``level`` is not a role level.
    """
    coverage = interview_coverage(questions, bank, level)
    following = next_question(questions, bank, level, coverage)
    already = {" ".join(q.prompt.split()).lower() for q in questions}
    probes: list[Suggestion] = []
    if current is not None and current.question_id is not None:
        rubric = bank.rubrics.get((current.question_id, level))  # type: ignore[arg-type]
        total = rubric.total_weight if rubric else 0.0
        for kp in missed_key_points(current, bank, level):
            if " ".join(kp.probe.split()).lower() in already:
                continue  # already added as a follow-up
            probes.append(
                Suggestion(
                    kind=PROBE,
                    text=kp.probe,
                    reason=(
                        f"Ask next: the answer to {current.question_id} has not shown "
                        f"\u201c{kp.text}\u201d (weight {kp.weight:g} of {total:g} on this "
                        f"question's {level} rubric)."
                    ),
                    question_id=current.question_id,
                    competency=current.competency,
                    key_point=kp.id,
                    weight=kp.weight,
                )
            )
    room = MAX_SUGGESTIONS - (1 if following else 0)
    return (*probes[:room], *([following] if following else []))


def next_question(
    questions: Sequence[QuestionRecord],
    bank: Bank,
    level: str,
    coverage: InterviewCoverage | None = None,
) -> Suggestion | None:
    """The bank question for the largest area not probed yet, at the stepped difficulty.

    Areas with a question already planned in the interview come after those without one; the
    largest area is the one with the most eligible questions at ``level`` (ties: bank order).
    Within it, the question nearest the target difficulty (ties: lowest id). None when every
    area is probed or has no question left.
    """
    coverage = coverage or interview_coverage(questions, bank, level)
    in_interview = {q.question_id for q in questions if q.question_id}
    planned_areas = {q.competency for q in questions if not is_probed(q) and q.competency}
    eligible: dict[str, list[Question]] = {}
    for question in sorted(bank.active_questions(), key=lambda q: q.id):
        if question.id in in_interview or (question.id, level) not in bank.rubrics:
            continue
        eligible.setdefault(question.competency, []).append(question)
    order = {cid: i for i, cid in enumerate(bank.competencies)}
    open_areas = [
        row
        for row in coverage.areas
        if row.state == NOT_PROBED and row.assessed and eligible.get(row.competency)
    ]
    if not open_areas:
        return None
    area = min(
        open_areas,
        key=lambda row: (
            row.competency in planned_areas,
            -len(eligible[row.competency]),
            order.get(row.competency, len(order)),
        ),
    )
    target = target_difficulty(questions)
    pick = min(eligible[area.competency], key=lambda q: (abs(q.difficulty - target), q.id))
    n = len(eligible[area.competency])
    return Suggestion(
        kind=QUESTION,
        text=pick.text,
        reason=(
            f"Next question: \u201c{area.name}\u201d is not probed yet in this interview "
            f"(the largest such area: {n} question{'s' if n != 1 else ''} left at this level). "
            f"{_difficulty_reason(questions, pick.difficulty, target)}"
        ),
        question_id=pick.id,
        competency=area.competency,
        difficulty=pick.difficulty,
    )


def _difficulty_reason(questions: Sequence[QuestionRecord], picked: int, target: int) -> str:
    rated = [q.final_rating for q in questions if q.final_rating is not None][-2:]
    if len(rated) == 2 and all(r >= STEP_UP_AT for r in rated):
        why = f"harder: the last two answers were rated {STEP_UP_AT} or more"
    elif len(rated) == 2 and all(r <= STEP_DOWN_AT for r in rated):
        why = f"easier: the last two answers were rated {STEP_DOWN_AT} or less"
    else:
        why = "kept: the last two ratings do not call for a step"
    nearest = "" if picked == target else f" (the nearest this area has to {target})"
    return f"Difficulty {picked} of 3{nearest}, {why}."
