"""The hiring panel's view: a ranking with uncertainty, and where panel members disagree.

The ranking uses the interviewers' final ratings per question; its interval comes from a
bootstrap over each candidate's rated questions, seeded per candidate so the same data always
gives the same interval whatever else is on the shortlist. Panel members' own overall ratings
(``PanelRatingRecord``) feed the disagreement matrix and the member comparison.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from assess.analytics.profile import mean_or_none, ratings
from assess.analytics.records import CandidateRecord, PanelRatingRecord
from assess.errors import InputError

RESAMPLES = 1000
CONFIDENCE = 0.9
DIFFERS_BY = 1.0  # a member whose rating is this far from the panel mean is named


@dataclass(frozen=True)
class RankedCandidate:
    """One candidate's place: mean final rating with a bootstrap interval over questions.

    ``rank`` is None for a candidate with no rated question (listed last, never ranked);
    ``overlaps_next`` is True when the interval overlaps the next-ranked candidate's, i.e.
    the data do not separate the two.
    """

    candidate_id: int
    name: str
    rank: int | None
    mean: float | None
    low: float | None
    high: float | None
    n: int
    overlaps_next: bool


@dataclass(frozen=True)
class PanelRanking:
    """Candidates in rank order, then the unrated ones; with the bootstrap's settings."""

    candidates: tuple[RankedCandidate, ...]
    confidence: float
    resamples: int
    seed: int


def _interval(
    values: list[float], candidate_id: int, resamples: int, confidence: float, seed: int
) -> tuple[float, float]:
    rng = np.random.default_rng([seed, candidate_id])
    data = np.asarray(values, dtype=float)
    picks = rng.integers(0, len(data), size=(resamples, len(data)))
    means = data[picks].mean(axis=1)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return float(low), float(high)


def panel_ranking(
    candidates: Sequence[CandidateRecord],
    *,
    resamples: int = RESAMPLES,
    confidence: float = CONFIDENCE,
    seed: int = 0,
) -> PanelRanking:
    """Rank candidates by mean final rating, each with a percentile bootstrap interval.

    Args:
        candidates: the shortlist; each candidate's rated questions are resampled.
        resamples: bootstrap resamples per candidate.
        confidence: the interval's coverage, e.g. 0.9 for a 90% interval.
        seed: with the candidate id, seeds each candidate's resampling (>= 0).

    Returns:
        Ranked candidates (highest mean first; ties by candidate id), then the candidates
        with no rated question (rank, mean and interval None).

    Raises:
        InputError: ``resamples`` < 1, ``confidence`` outside (0, 1) or ``seed`` < 0.
    """
    if resamples < 1 or not 0.0 < confidence < 1.0 or seed < 0:
        raise InputError(
            f"bootstrap needs resamples >= 1, 0 < confidence < 1 and seed >= 0; got "
            f"resamples={resamples}, confidence={confidence}, seed={seed}"
        )
    scored = []
    unrated = []
    for candidate in candidates:
        values = ratings(candidate.questions)
        if not values:
            unrated.append(
                RankedCandidate(
                    candidate.candidate_id, candidate.name, None, None, None, None, 0, False
                )
            )
            continue
        low, high = _interval(values, candidate.candidate_id, resamples, confidence, seed)
        scored.append((candidate, float(np.mean(values)), low, high, len(values)))
    scored.sort(key=lambda row: (-row[1], row[0].candidate_id))
    ranked = []
    for position, (candidate, mean, low, high, n) in enumerate(scored):
        following = scored[position + 1] if position + 1 < len(scored) else None
        overlaps = following is not None and following[3] >= low and high >= following[2]
        ranked.append(
            RankedCandidate(
                candidate.candidate_id, candidate.name, position + 1, mean, low, high, n, overlaps
            )
        )
    return PanelRanking(tuple(ranked + unrated), confidence, resamples, seed)


@dataclass(frozen=True)
class MemberDifference:
    """A panel member's rating of a candidate against the panel's mean for that candidate."""

    member: str
    candidate_id: int
    rating: int
    panel_mean: float
    difference: float  # rating - panel mean: positive means rated higher than the panel
    comment: str

    @property
    def differs(self) -> bool:
        return abs(self.difference) >= DIFFERS_BY


@dataclass(frozen=True)
class RaterDisagreement:
    """Panel members (rows) x candidates (columns): |member rating - panel mean|.

    ``matrix[i][j]`` is None where member ``i`` did not rate candidate ``j``;
    ``differences`` holds every rating with its signed difference, by candidate then member.
    """

    members: tuple[str, ...]
    candidate_ids: tuple[int, ...]
    candidate_names: tuple[str, ...]
    panel_means: tuple[float, ...]
    matrix: tuple[tuple[float | None, ...], ...]
    differences: tuple[MemberDifference, ...]

    @property
    def differed(self) -> tuple[MemberDifference, ...]:
        """Every member whose rating is at least 1 from the panel mean for that candidate."""
        return tuple(d for d in self.differences if d.differs)

    def difference(self, member: str, candidate_id: int) -> MemberDifference | None:
        """The member's rating of the candidate against the panel mean; None if not rated."""
        for d in self.differences:
            if d.member == member and d.candidate_id == candidate_id:
                return d
        return None


def member_comparison(
    panel_ratings: Sequence[PanelRatingRecord], candidate_id: int
) -> tuple[MemberDifference, ...]:
    """Each member's own rating of one candidate against the panel's mean, by member name.

    Raises:
        ValueError: a member rated the same candidate twice (the store keeps one rating).
    """
    mine = [r for r in panel_ratings if r.candidate_id == candidate_id]
    members = [r.member for r in mine]
    if len(set(members)) != len(members):
        twice = sorted({m for m in members if members.count(m) > 1})
        raise ValueError(f"candidate {candidate_id} rated more than once by {', '.join(twice)}")
    panel_mean = mean_or_none(float(r.rating) for r in mine)
    if panel_mean is None:
        return ()
    return tuple(
        MemberDifference(
            r.member, candidate_id, r.rating, panel_mean, r.rating - panel_mean, r.comment
        )
        for r in sorted(mine, key=lambda r: r.member)
    )


def rater_disagreement(
    panel_ratings: Sequence[PanelRatingRecord], names: Mapping[int, str] | None = None
) -> RaterDisagreement:
    """How far each panel member's rating of each candidate is from the panel mean.

    Args:
        panel_ratings: every panel member's own overall rating of each candidate.
        names: candidate names by id, for labels (the id is used where a name is missing).

    Raises:
        ValueError: a member rated the same candidate twice.
    """
    names = names or {}
    members = tuple(sorted({r.member for r in panel_ratings}))
    candidate_ids = tuple(sorted({r.candidate_id for r in panel_ratings}))
    by_candidate = {cid: member_comparison(panel_ratings, cid) for cid in candidate_ids}
    lookup = {(d.member, d.candidate_id): d for rows in by_candidate.values() for d in rows}
    matrix = tuple(
        tuple(
            abs(lookup[(m, cid)].difference) if (m, cid) in lookup else None
            for cid in candidate_ids
        )
        for m in members
    )
    return RaterDisagreement(
        members=members,
        candidate_ids=candidate_ids,
        candidate_names=tuple(names.get(cid, str(cid)) for cid in candidate_ids),
        panel_means=tuple(by_candidate[cid][0].panel_mean for cid in candidate_ids),
        matrix=matrix,
        differences=tuple(d for rows in by_candidate.values() for d in rows),
    )
