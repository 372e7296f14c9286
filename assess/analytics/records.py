"""The record types analytics works on, defined at the store's level (``assess.store.record_types``)
so the store can build them without importing analytics; re-exported here for analytics code.
"""

from __future__ import annotations

from assess.store.record_types import (
    AuditSubject,
    CandidateRecord,
    FlagRecord,
    PanelRatingRecord,
    QuestionRecord,
)

__all__ = ["AuditSubject", "CandidateRecord", "FlagRecord", "PanelRatingRecord", "QuestionRecord"]
