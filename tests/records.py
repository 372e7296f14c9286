"""Hand-built analytics records for tests: only the fields a test cares about are given."""

from __future__ import annotations

from typing import Any

from assess.analytics.records import CandidateRecord, QuestionRecord


def question(**fields: Any) -> QuestionRecord:
    """An answered question of candidate 1 (plant, interviewer "ann") with ``fields`` set."""
    base: dict[str, Any] = {
        "interview_id": 1,
        "candidate_id": 1,
        "requisition_id": 1,
        "level": "plant",
        "interviewer": "ann",
        "question_id": "Q001",
        "prompt": "What is MES?",
        "status": "answered",
    }
    base.update(fields)
    return QuestionRecord(**base)


def candidate(*questions: QuestionRecord, level: str = "plant", **fields: Any) -> CandidateRecord:
    """Candidate 1, "Ada", interviewed for requisition 1 at ``level``, with ``questions``."""
    base: dict[str, Any] = {
        "candidate_id": 1,
        "name": "Ada",
        "requisition_id": 1,
        "requisition_title": "MES Engineer",
        "level": level,
        "status": "interviewed",
    }
    base.update(fields)
    return CandidateRecord(questions=tuple(questions), **base)
