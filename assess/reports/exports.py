"""CSV exports: the candidates list, one candidate's per-question ratings, the panel table.

Every cell goes through ``csv_safe.to_csv``, so text a spreadsheet would evaluate (``= + - @``
at a cell start) arrives as text. Empty cells mean "no data", never zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assess.analytics.credibility import credibility
from assess.analytics.profile import mean_or_none, ratings
from assess.analytics.records import CandidateRecord
from assess.analytics.role_fit import role_fit
from assess.reports.candidate import CandidateReport
from assess.reports.panel import PanelReport
from assess.store.csv_safe import to_csv

CANDIDATE_COLUMNS = (
    "id",
    "name",
    "requisition_id",
    "requisition",
    "level",
    "status",
    "overall_rating",
    "rated_questions",
    "credibility_index",
    "role_fit",
    "role_fit_verdict",
)
RATING_COLUMNS = (
    "candidate_id",
    "question",
    "question_id",
    "competency",
    "prompt",
    "machine_score",
    "abstained",
    "abstain_reason",
    "final_rating",
    "override_reason",
    "red_flags",
)
PANEL_COLUMNS = (
    "rank",
    "candidate_id",
    "name",
    "mean_final_rating",
    "interval_low",
    "interval_high",
    "rated_questions",
    "overlaps_next",
    "credibility_index",
    "role_fit_verdict",
    "panel_mean",
)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def candidate_rows(records: Sequence[CandidateRecord]) -> list[dict[str, Any]]:
    """One row per candidate: overall (mean final) rating, credibility and role fit."""
    rows = []
    for record in records:
        given = ratings(record.questions)
        fit = role_fit(record)
        rows.append(
            {
                "id": record.candidate_id,
                "name": record.name,
                "requisition_id": record.requisition_id,
                "requisition": record.requisition_title,
                "level": record.level,
                "status": record.status,
                "overall_rating": _round(mean_or_none(given)),
                "rated_questions": len(given),
                "credibility_index": _round(credibility(record).index, 1),
                "role_fit": _round(fit.position),
                "role_fit_verdict": fit.verdict,
            }
        )
    return rows


def candidates_csv(records: Sequence[CandidateRecord]) -> str:
    """The candidates list as neutralised CSV (``CANDIDATE_COLUMNS``)."""
    return to_csv(candidate_rows(records), CANDIDATE_COLUMNS)


def rating_rows(report: CandidateReport) -> list[dict[str, Any]]:
    """One row per answered question: machine suggestion beside the final rating."""
    return [
        {
            "candidate_id": report.candidate_id,
            "question": line.rating.label,
            "question_id": line.rating.question_id or "",
            "competency": line.rating.competency or "",
            "prompt": line.rating.prompt,
            "machine_score": _round(line.rating.machine_score),
            "abstained": line.rating.abstained,
            "abstain_reason": line.rating.abstain_reason,
            "final_rating": line.rating.final_rating,
            "override_reason": line.rating.override_reason,
            "red_flags": " ".join(f.misconception for f in line.red_flags),
        }
        for line in report.questions
    ]


def ratings_csv(report: CandidateReport) -> str:
    """A candidate's per-question ratings as neutralised CSV (``RATING_COLUMNS``)."""
    return to_csv(rating_rows(report), RATING_COLUMNS)


def panel_columns(report: PanelReport) -> tuple[str, ...]:
    """``PANEL_COLUMNS``, then ``competency:<id>`` per competency, ``member:<name>`` per member."""
    competencies: list[str] = []
    for profile in report.profiles:
        for s in profile.scores:
            if (s.bar is not None or s.probed) and s.competency not in competencies:
                competencies.append(s.competency)
    members = [f"member:{m}" for m in report.disagreement.members]
    return (*PANEL_COLUMNS, *(f"competency:{c}" for c in competencies), *members)


def panel_rows(report: PanelReport) -> list[dict[str, Any]]:
    """One row per shortlisted candidate in rank order, with competency and member ratings."""
    means = dict(
        zip(report.disagreement.candidate_ids, report.disagreement.panel_means, strict=True)
    )
    rows = []
    for ranked, candidate in zip(report.ranking.candidates, report.candidates, strict=True):
        row: dict[str, Any] = {
            "rank": ranked.rank,
            "candidate_id": ranked.candidate_id,
            "name": ranked.name,
            "mean_final_rating": _round(ranked.mean),
            "interval_low": _round(ranked.low),
            "interval_high": _round(ranked.high),
            "rated_questions": ranked.n,
            "overlaps_next": ranked.overlaps_next if ranked.rank is not None else None,
            "credibility_index": _round(candidate.credibility.index, 1),
            "role_fit_verdict": candidate.role_fit.verdict,
            "panel_mean": _round(means.get(ranked.candidate_id)),
        }
        for s in candidate.profile.scores:
            row[f"competency:{s.competency}"] = _round(s.rating)
        for d in report.disagreement.differences:
            if d.candidate_id == ranked.candidate_id:
                row[f"member:{d.member}"] = d.rating
        rows.append(row)
    return rows


def panel_csv(report: PanelReport) -> str:
    """The panel comparison table as neutralised CSV (``panel_columns``)."""
    return to_csv(panel_rows(report), panel_columns(report))
