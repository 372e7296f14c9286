"""The adverse-impact audit's input, read from the store.

Each candidate with at least one final rating becomes one ``AuditSubject``: their overall score
is the mean of the latest final rating of every rated question across all their interviews,
and their sex and race/ethnicity come from the separate, voluntary demographics table. This is
the only place the two meet; scoring never reads demographics.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assess.store.record_types import AuditSubject
from assess.store.schema import Candidate, Demographics, Interview, InterviewQuestion, Rating


def audit_subjects(session: Session, *, include_samples: bool = True) -> list[AuditSubject]:
    """One subject per candidate with a final rating, ordered by candidate id.

    Args:
        session: an open store session.
        include_samples: keep candidates loaded as sample (demo) data.

    Returns:
        The subjects; a candidate without demographics has ``sex`` and ``race_ethnicity`` None
        (counted as unknown by the audit). Candidates with no rating are left out: there is no
        score to compare, and a zero would be an invented number.
    """
    # The newest rating row of each interview question is the one that counts.
    latest = (
        select(func.max(Rating.id).label("id")).group_by(Rating.interview_question_id).subquery()
    )
    query = (
        select(Candidate.id, Rating.rating)
        .select_from(Rating)
        .join(latest, latest.c.id == Rating.id)
        .join(InterviewQuestion, InterviewQuestion.id == Rating.interview_question_id)
        .join(Interview, Interview.id == InterviewQuestion.interview_id)
        .join(Candidate, Candidate.id == Interview.candidate_id)
    )
    if not include_samples:
        query = query.where(Candidate.is_sample.is_(False))
    ratings: dict[int, list[int]] = defaultdict(list)
    for candidate_id, rating in session.execute(query):
        ratings[candidate_id].append(rating)
    if not ratings:
        return []
    demographics = {
        row.candidate_id: row
        for row in session.scalars(
            select(Demographics).where(Demographics.candidate_id.in_(list(ratings)))
        )
    }
    subjects = []
    for candidate_id in sorted(ratings):
        values = ratings[candidate_id]
        row = demographics.get(candidate_id)
        subjects.append(
            AuditSubject(
                candidate_id=candidate_id,
                score=sum(values) / len(values),
                sex=row.sex if row is not None else None,
                race_ethnicity=row.race_ethnicity if row is not None else None,
            )
        )
    return subjects
