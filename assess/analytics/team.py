"""The team's view: interviewer calibration and item analysis for the bank maintainer.

Both take every ``QuestionRecord`` across interviews. Ratings are final ratings; machine
scores appear only in fields that say so.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import correlation, fmean, pstdev, stdev

from assess.analytics.profile import machine_scored, mean_or_none, ratings
from assess.analytics.records import QuestionRecord
from assess.content.bank import Bank

BIAS_THRESHOLD = 0.5  # |mean(final - machine)| at or beyond this is called a lean up or down
WEAK_DISCRIMINATION = 0.2
MIN_DISCRIMINATION_N = 3


@dataclass(frozen=True)
class InterviewerQuestionStat:
    """One interviewer on one question id.

    ``bias`` is the mean of (final - machine) over ``n_paired`` answers; ``vs_others`` the
    mean of (rating - other interviewers' mean rating of the same question id).
    """

    interviewer: str
    question_id: str
    n_rated: int
    mean_rating: float | None
    n_paired: int
    bias: float | None
    others_mean: float | None
    vs_others: float | None


@dataclass(frozen=True)
class InterviewerCalibration:
    """How one interviewer's final ratings compare with the machine and with colleagues.

    ``bias`` = mean (final - machine) over ``n_paired`` answers (positive: rates above the
    machine), ``spread`` its sample standard deviation (None below 2 pairs). ``vs_others`` =
    mean over ``n_compared`` ratings of (rating - other interviewers' mean on the same
    question id); those colleagues rated other candidates, so it shows leniency, not error.
    """

    interviewer: str
    n_rated: int
    n_paired: int
    bias: float | None
    spread: float | None
    n_compared: int
    vs_others: float | None
    per_question: tuple[InterviewerQuestionStat, ...]

    @property
    def direction(self) -> str:
        """The bias in words: above, below or in line with the machine (0.5-point band)."""
        if self.bias is None:
            return "no machine scores to compare"
        if self.bias >= BIAS_THRESHOLD:
            return "rates above the machine"
        if self.bias <= -BIAS_THRESHOLD:
            return "rates below the machine"
        return "in line with the machine"


def _paired_gaps(questions: Iterable[QuestionRecord]) -> list[float]:
    return [
        q.final_rating - q.machine_score
        for q in machine_scored(questions)
        if q.final_rating is not None and q.machine_score is not None
    ]


def interviewer_calibration(
    questions: Iterable[QuestionRecord],
) -> tuple[InterviewerCalibration, ...]:
    """Per interviewer (sorted by name): bias and spread against the machine, and the
    difference to other interviewers on the same question ids."""
    records = list(questions)
    # Ratings per question id and interviewer, for the "vs others" comparison.
    by_question: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for q in records:
        if q.question_id is not None and q.final_rating is not None:
            by_question[q.question_id][q.interviewer].append(float(q.final_rating))

    result = []
    for interviewer in sorted({q.interviewer for q in records}):
        mine = [q for q in records if q.interviewer == interviewer]
        gaps = _paired_gaps(mine)
        compared: list[float] = []
        per_question = []
        for qid in sorted({q.question_id for q in mine if q.question_id is not None}):
            on_q = [q for q in mine if q.question_id == qid]
            given = ratings(on_q)
            others = [
                value
                for who, values in by_question.get(qid, {}).items()
                if who != interviewer
                for value in values
            ]
            others_mean = mean_or_none(others)
            diffs = [] if others_mean is None else [r - others_mean for r in given]
            compared.extend(diffs)
            q_gaps = _paired_gaps(on_q)
            per_question.append(
                InterviewerQuestionStat(
                    interviewer=interviewer,
                    question_id=qid,
                    n_rated=len(given),
                    mean_rating=mean_or_none(given),
                    n_paired=len(q_gaps),
                    bias=mean_or_none(q_gaps),
                    others_mean=others_mean,
                    vs_others=mean_or_none(diffs),
                )
            )
        result.append(
            InterviewerCalibration(
                interviewer=interviewer,
                n_rated=len(ratings(mine)),
                n_paired=len(gaps),
                bias=mean_or_none(gaps),
                spread=stdev(gaps) if len(gaps) >= 2 else None,
                n_compared=len(compared),
                vs_others=mean_or_none(compared),
                per_question=tuple(per_question),
            )
        )
    return tuple(result)


@dataclass(frozen=True)
class ItemStats:
    """How one question performs across candidates.

    ``discrimination`` is the corrected item-total correlation: Pearson r between a
    candidate's rating on this item and their mean rating on the other bank items, over the
    ``n_discrimination`` candidates who have both (None below 3 or when either side does not
    vary; ``discrimination_note`` says why). ``level_gap`` = enterprise mean - plant mean, by
    the level the interview was run at.
    """

    question_id: str
    times_asked: int
    n_rated: int
    mean_rating: float | None
    machine_mean: float | None
    discrimination: float | None
    n_discrimination: int
    discrimination_note: str
    uniform_rating: bool  # every candidate (3 or more) got the same rating on this item
    plant_mean: float | None
    enterprise_mean: float | None
    n_plant: int
    n_enterprise: int

    @property
    def level_gap(self) -> float | None:
        if self.plant_mean is None or self.enterprise_mean is None:
            return None
        return self.enterprise_mean - self.plant_mean


@dataclass(frozen=True)
class WeakItem:
    """A question the bank maintainer should look at, and why."""

    question_id: str
    reason: str


def _discrimination(
    qid: str, by_candidate: dict[int, dict[str, list[float]]]
) -> tuple[float | None, int, str, bool]:
    """(r, n, note, uniform) for one item from candidate -> question id -> ratings."""
    items, rests = [], []
    for per_item in by_candidate.values():
        if qid not in per_item:
            continue
        others = [value for other, values in per_item.items() if other != qid for value in values]
        if others:
            items.append(fmean(per_item[qid]))
            rests.append(fmean(others))
    n = len(items)
    if n < MIN_DISCRIMINATION_N:
        return None, n, f"needs {MIN_DISCRIMINATION_N} candidates rated on other items too", False
    if pstdev(items) == 0:
        return None, n, f"every one of {n} candidates got the same rating", True
    if pstdev(rests) == 0:
        return None, n, "candidates' ratings on the other items do not vary", False
    return correlation(items, rests), n, "", False


def item_analysis(
    questions: Iterable[QuestionRecord], bank: Bank | None = None
) -> tuple[ItemStats, ...]:
    """Statistics per question id (sorted), over every interview.

    Args:
        questions: every question record; ad hoc follow-ups (no id) are not items.
        bank: when given, its active questions never asked are listed too (times_asked 0).
    """
    records = [q for q in questions if q.question_id is not None]
    by_candidate: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for q in records:
        if q.final_rating is not None and q.question_id is not None:
            by_candidate[q.candidate_id][q.question_id].append(float(q.final_rating))
    ids = {q.question_id for q in records if q.question_id is not None}
    if bank is not None:
        ids |= {q.id for q in bank.active_questions()}

    result = []
    for qid in sorted(ids):
        mine = [q for q in records if q.question_id == qid]
        given = ratings(mine)
        plant = ratings(q for q in mine if q.level == "plant")
        enterprise = ratings(q for q in mine if q.level == "enterprise")
        r, n, note, uniform = _discrimination(qid, by_candidate)
        result.append(
            ItemStats(
                question_id=qid,
                times_asked=sum(q.status == "answered" for q in mine),
                n_rated=len(given),
                mean_rating=mean_or_none(given),
                machine_mean=mean_or_none(
                    q.machine_score for q in machine_scored(mine) if q.machine_score is not None
                ),
                discrimination=r,
                n_discrimination=n,
                discrimination_note=note,
                uniform_rating=uniform,
                plant_mean=mean_or_none(plant),
                enterprise_mean=mean_or_none(enterprise),
                n_plant=len(plant),
                n_enterprise=len(enterprise),
            )
        )
    return tuple(result)


def weak_items(
    items: Iterable[ItemStats], threshold: float = WEAK_DISCRIMINATION
) -> tuple[WeakItem, ...]:
    """Items that do not separate strong from weak candidates, or were never rated.

    An item is weak when its discrimination is below ``threshold``, when 3 or more candidates
    all got the same rating on it, or when it has never been rated.
    """
    weak = []
    for item in items:
        if item.n_rated == 0:
            asked = f"asked {item.times_asked} times" if item.times_asked else "never asked"
            weak.append(WeakItem(item.question_id, f"never rated ({asked})"))
        elif item.discrimination is not None and item.discrimination < threshold:
            weak.append(
                WeakItem(
                    item.question_id,
                    f"discrimination {item.discrimination:.2f} < {threshold:g} over "
                    f"{item.n_discrimination} candidates: it does not separate strong from weak",
                )
            )
        elif item.uniform_rating:
            weak.append(
                WeakItem(
                    item.question_id,
                    f"{item.discrimination_note}: it does not separate strong from weak",
                )
            )
    return tuple(weak)
