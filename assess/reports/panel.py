"""The panel debrief: the shortlist of one requisition side by side, for the people who decide.

The shortlist is the candidates marked shortlisted; when none is, every candidate with at
least one rated question. ``build_panel_report`` is pure; ``load_panel_report`` reads the store.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from assess.analytics.credibility import CredibilityIndex, credibility
from assess.analytics.panel import (
    PanelRanking,
    RaterDisagreement,
    panel_ranking,
    rater_disagreement,
)
from assess.analytics.profile import CompetencyProfile, competency_profile, ratings
from assess.analytics.records import CandidateRecord, PanelRatingRecord
from assess.analytics.role_fit import RoleFitSummary, role_fit
from assess.content.bank import Bank
from assess.reports.candidate import DecisionLine, decision_lines
from assess.reports.footer import Footer, make_footer
from assess.store.people import candidates as stored_candidates
from assess.store.people import get_requisition
from assess.store.records import candidate_record, panel_rating_records

DOES_NOT_DECIDE = (
    "This tool does not decide. The ranking, intervals and charts summarise the interviewers' "
    "final ratings and the panel members' own ratings; the panel decides, and every decision "
    "is recorded with the name of the person who made it and a reason."
)
SHORTLISTED = "shortlisted candidates"
ALL_RATED = "no candidate is shortlisted: every candidate with at least one rated question"


@dataclass(frozen=True)
class PanelCandidate:
    """One candidate on the shortlist, with the analytics the debrief shows."""

    candidate_id: int
    name: str
    status: str
    profile: CompetencyProfile
    credibility: CredibilityIndex
    role_fit: RoleFitSummary


@dataclass(frozen=True)
class PanelReport:
    """Everything the panel debrief shows; ``candidates`` are in the ranking's order."""

    requisition_id: int
    title: str
    level: str
    site: str
    panel_members: tuple[str, ...]
    basis: str
    candidates: tuple[PanelCandidate, ...]
    ranking: PanelRanking
    disagreement: RaterDisagreement
    decisions: tuple[DecisionLine, ...]
    footer: Footer
    statement: str = DOES_NOT_DECIDE

    @property
    def profiles(self) -> tuple[CompetencyProfile, ...]:
        return tuple(c.profile for c in self.candidates)

    @property
    def names(self) -> dict[int, str]:
        return {c.candidate_id: c.name for c in self.candidates}


def shortlist(
    records: Sequence[CandidateRecord], shortlisted: Collection[int]
) -> tuple[list[CandidateRecord], str]:
    """The shortlisted records, or (none shortlisted) every record with a rated question;
    with a sentence saying which rule chose them."""
    chosen = [r for r in records if r.candidate_id in shortlisted]
    if chosen:
        return chosen, SHORTLISTED
    return [r for r in records if ratings(r.questions)], ALL_RATED


def build_panel_report(
    *,
    requisition_id: int,
    title: str,
    level: str,
    site: str,
    panel_members: Sequence[str],
    records: Sequence[CandidateRecord],
    shortlisted: Collection[int],
    panel_ratings: Sequence[PanelRatingRecord],
    decisions: Sequence[DecisionLine],
    bank: Bank,
    footer: Footer,
) -> PanelReport:
    """The debrief model of one requisition from its candidates' records.

    Raises:
        UnknownItemError: a candidate's requisition level is not a role level.
    """
    chosen, basis = shortlist(records, shortlisted)
    ranking = panel_ranking(chosen)
    by_id = {r.candidate_id: r for r in chosen}
    ordered = [by_id[c.candidate_id] for c in ranking.candidates]
    ids = set(by_id)
    names = {r.candidate_id: r.name for r in chosen}
    return PanelReport(
        requisition_id=requisition_id,
        title=title,
        level=level,
        site=site,
        panel_members=tuple(panel_members),
        basis=basis,
        candidates=tuple(
            PanelCandidate(
                candidate_id=r.candidate_id,
                name=r.name,
                status=r.status,
                profile=competency_profile(r, bank),
                credibility=credibility(r),
                role_fit=role_fit(r),
            )
            for r in ordered
        ),
        ranking=ranking,
        disagreement=rater_disagreement([p for p in panel_ratings if p.candidate_id in ids], names),
        decisions=tuple(d for d in decisions if d.candidate_id in ids),
        footer=footer,
    )


def load_panel_report(
    session: Session, bank: Bank, requisition_id: int, now: datetime | None = None
) -> PanelReport:
    """Read one requisition's candidates from the store and build the debrief.

    Raises:
        UnknownItemError: no requisition has this id.
    """
    requisition = get_requisition(session, requisition_id)
    rows = list(stored_candidates(session, requisition_id))
    records = [candidate_record(session, bank, c) for c in rows]
    chosen, _ = shortlist(records, {c.id for c in rows if c.shortlisted})
    chosen_ids = {r.candidate_id for r in chosen}
    return build_panel_report(
        requisition_id=requisition.id,
        title=requisition.title,
        level=requisition.level,
        site=requisition.site,
        panel_members=[m.username for m in requisition.panel],
        records=records,
        shortlisted={c.id for c in rows if c.shortlisted},
        panel_ratings=panel_rating_records(session, requisition_id),
        decisions=decision_lines(session, [c for c in rows if c.id in chosen_ids]),
        bank=bank,
        footer=make_footer(session, sorted(chosen_ids), now),
    )
