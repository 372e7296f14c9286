"""Panel page: compare 2-6 shortlisted candidates, rate each yourself, and record a decision.

Opening it needs ``view_panel``; rating needs ``record_panel_rating`` and deciding
``record_decision``, each checked again when the form is sent. A panel member sees only the
requisitions whose panel they sit on, and another member's rating of a candidate (and the
comparison that includes that candidate) only after submitting their own, so each rating is
independent. The tool ranks the evidence; a named person decides, with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
import streamlit as st

from assess.analytics.panel import (
    PanelRanking,
    member_comparison,
    panel_ranking,
    rater_disagreement,
)
from assess.analytics.profile import competency_profile
from assess.analytics.records import CandidateRecord, PanelRatingRecord
from assess.auth.roles import User
from assess.charts.panel import (
    competency_bars,
    disagreement_heatmap,
    overlaid_radars,
    ranking_chart,
)
from assess.content.bank import Bank
from assess.errors import AssessError
from assess.limits import DECISION_REASON_CHARS, PANEL_COMMENT_CHARS
from assess.services.candidates import visible_candidates
from assess.store import panel, people
from assess.store.records import candidate_records, panel_rating_records
from assess.ui import PROFILE, md
from assess.ui.access import can, require
from assess.ui.flash import flash, show_flash
from assess.ui.resources import get_bank, get_store

MIN_COMPARE, MAX_COMPARE = 2, 6
RATINGS = (0, 1, 2, 3, 4, 5)
STATEMENT = (
    "**The tool ranks the evidence; a named person decides.** Nothing on this page advances, "
    "holds or declines anyone until a panel member records that decision with their name and "
    "a reason."
)


@dataclass(frozen=True)
class Option:
    """A candidate of the requisition that the user may see."""

    id: int
    name: str
    shortlisted: bool

    @property
    def label(self) -> str:
        return self.name + ("" if self.shortlisted else " (not shortlisted)")


@dataclass(frozen=True)
class Recorded:
    """A decision already recorded, as the page lists it."""

    candidate: str
    decision: str
    decided_by: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class Board:
    """What the page shows for the chosen candidates, read in one transaction."""

    records: tuple[CandidateRecord, ...]
    ratings: tuple[PanelRatingRecord, ...]
    rated_by_me: frozenset[int]
    decisions: tuple[Recorded, ...]


def _sees_all(user: User) -> bool:
    """Admins (and any role that sees every candidate) see every rating at once."""
    return can("view_candidates") or user.role == "admin"


def _requisitions(user: User) -> dict[int, str]:
    with get_store().transaction() as s:
        mine = set(people.panel_requisitions(s, user.username))
        return {
            r.id: f"{r.title} ({r.level})"
            for r in people.requisitions(s)
            if _sees_all(user) or r.id in mine
        }


def _options(user: User, requisition_id: int) -> list[Option]:
    with get_store().transaction() as s:
        return [
            Option(c.id, c.name, bool(c.shortlisted))
            for c in visible_candidates(s, user)
            if c.requisition_id == requisition_id
        ]


def _board(user: User, bank: Bank, requisition_id: int, chosen: list[int]) -> Board:
    with get_store().transaction() as s:
        records = candidate_records(s, bank, ids=chosen, requisition_id=requisition_id)
        order = {cid: i for i, cid in enumerate(chosen)}
        records.sort(key=lambda r: order[r.candidate_id])
        ratings = [r for r in panel_rating_records(s, requisition_id) if r.candidate_id in order]
        rated = frozenset(cid for cid in chosen if panel.has_rated(s, cid, user.username))
        names = {r.candidate_id: r.name for r in records}
        decided = [
            Recorded(names[cid], d.decision, d.decided_by, d.reason, d.created_at)
            for cid in chosen
            for d in panel.decisions(s, cid)
        ]
    decided.sort(key=lambda d: d.at)
    return Board(tuple(records), tuple(ratings), rated, tuple(decided))


def _done(message: str) -> None:
    flash(message, rerun=True)


# --- each member's own rating ----------------------------------------------------------------


def _others(board: Board, candidate_id: int, key: str) -> None:
    rows = member_comparison(board.ratings, candidate_id)
    if not rows:
        st.caption("No panel member has rated this candidate yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "panel member": d.member,
                    "rating": d.rating,
                    "vs panel mean": d.difference,
                    "differs by 1 or more": d.differs,
                    "comment": d.comment,
                }
                for d in rows
            ]
        ),
        hide_index=True,
        width="stretch",
        key=key,
        column_config={"vs panel mean": st.column_config.NumberColumn(format="%+.1f")},
    )
    st.caption(f"Panel mean {rows[0].panel_mean:.1f} over {len(rows)} members.")


def _rate_form(user: User, record: CandidateRecord) -> None:
    cid = record.candidate_id
    with st.form(f"pan_rate_form_{cid}"):
        rating = st.radio(
            "Your overall rating (0-5)",
            RATINGS,
            index=None,  # no preselected value to anchor on
            horizontal=True,
            key=f"pan_rating_{cid}",
        )
        comment = st.text_area(
            "Your comment (optional)",
            key=f"pan_comment_{cid}",
            height=80,
            help=f"Up to {PANEL_COMMENT_CHARS:,} characters.",
        )
        sent = st.form_submit_button("Submit my rating")
    if not sent:
        return
    require("record_panel_rating")
    if rating is None:
        st.error("Pick a rating from 0 to 5 first.")
        return
    try:
        with get_store().transaction() as s:
            panel.rate_candidate(s, cid, user.username, int(rating), comment)
    except AssessError as exc:
        st.error(md(exc))
        return
    _done(f"Your rating of {record.name} is saved. The other members' ratings are shown now.")


def _ratings(user: User, board: Board) -> None:
    st.subheader("Your ratings")
    st.caption(
        "Rate each candidate yourself before you see anyone else's rating: the other panel "
        "members' ratings of a candidate, and the comparison that includes them, appear once "
        "you have submitted yours. Your rating is then kept as given."
    )
    may_rate = can("record_panel_rating")
    for record in board.records:
        cid = record.candidate_id
        with st.container(border=True):
            st.markdown(f"#### {md(record.name)}")
            st.page_link(
                PROFILE.path,
                label="Open the profile (the evidence)",
                icon=PROFILE.icon,
                query_params={"candidate": str(cid)},
            )
            mine = [r for r in board.ratings if r.candidate_id == cid and r.member == user.username]
            if mine:
                comment = f" ({md(mine[0].comment)})" if mine[0].comment else ""
                st.markdown(f"Your rating: **{mine[0].rating} / 5**{comment}")
            elif may_rate:
                _rate_form(user, record)
            if cid in board.rated_by_me or _sees_all(user):
                _others(board, cid, key=f"pan_members_{cid}")
            else:
                st.info(
                    "The other panel members' ratings are hidden until you submit your own.",
                    icon=":material/visibility_off:",
                )


# --- the comparison ---------------------------------------------------------------------------


def _ranking_table(ranking: PanelRanking) -> None:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "rank": c.rank,
                    "candidate": c.name,
                    "mean final rating": c.mean,
                    "interval low": c.low,
                    "interval high": c.high,
                    "rated questions": c.n,
                    "overlaps next": c.overlaps_next,
                }
                for c in ranking.candidates
            ]
        ),
        hide_index=True,
        width="stretch",
        key="pan_ranking_table",
        column_config={
            name: st.column_config.NumberColumn(format="%.2f")
            for name in ("mean final rating", "interval low", "interval high")
        },
    )
    st.caption(
        f"{ranking.confidence:.0%} bootstrap intervals over each candidate's rated questions "
        f"({ranking.resamples} resamples). Where intervals overlap, the interviews do not "
        "separate the two candidates: the order between them is not evidence."
    )


def _comparison(bank: Bank, board: Board, shown: list[CandidateRecord]) -> None:
    st.subheader("Side by side")
    profiles = [competency_profile(r, bank) for r in shown]
    st.plotly_chart(overlaid_radars(profiles), key="pan_radars")
    st.plotly_chart(competency_bars(profiles), key="pan_bars")
    st.subheader("Ranking with uncertainty")
    ranking = panel_ranking(shown)
    st.plotly_chart(ranking_chart(ranking), key="pan_ranking")
    _ranking_table(ranking)

    st.subheader("Where the panel differs")
    ids = {r.candidate_id for r in shown}
    ratings = [r for r in board.ratings if r.candidate_id in ids]
    if not ratings:
        st.info("No panel member has rated these candidates yet.")
        return
    disagreement = rater_disagreement(ratings, {r.candidate_id: r.name for r in shown})
    st.plotly_chart(disagreement_heatmap(disagreement), key="pan_disagreement")
    if not disagreement.differed:
        st.markdown("Every member's rating is within 1 point of the panel mean.")
        return
    names = dict(zip(disagreement.candidate_ids, disagreement.candidate_names, strict=True))
    st.markdown("Members whose rating is 1 point or more from the panel mean:")
    for d in disagreement.differed:
        direction = "above" if d.difference > 0 else "below"
        st.markdown(
            f"- **{md(d.member)}** rated {md(names[d.candidate_id])} **{d.rating}**, "
            f"{abs(d.difference):.1f} {direction} the panel mean of {d.panel_mean:.1f}"
            + (f": {md(d.comment)}" if d.comment else "")
        )


# --- the decision -----------------------------------------------------------------------------


def _decide(user: User, board: Board) -> None:
    st.subheader("Record a decision")
    st.caption("The tool does not decide: you record who decided what, and why.")
    by_id = {r.candidate_id: r.name for r in board.records}
    with st.form("pan_decision_form"):
        candidate = st.selectbox(
            "Candidate", list(by_id), format_func=lambda cid: by_id[cid], key="pan_dec_candidate"
        )
        decision = st.radio(
            "Decision", panel.DECISIONS, index=None, horizontal=True, key="pan_dec_decision"
        )
        decided_by = st.text_input(
            "Decided by (the person taking the decision)",
            value=user.display_name,
            key="pan_dec_by",
        )
        # No max_chars: a browser cuts a long paste silently; the store refuses it with a
        # message instead, and the form keeps the text to shorten.
        reason = st.text_area(
            "Reason (required)",
            key="pan_dec_reason",
            help=f"Up to {DECISION_REASON_CHARS:,} characters.",
        )
        sent = st.form_submit_button("Record the decision")
    if not sent:
        return
    require("record_decision")
    if decision is None:
        st.error("Pick a decision: advance, hold or decline.")
        return
    try:
        with get_store().transaction() as s:
            panel.decide(s, int(candidate), decision, decided_by, reason)
    except AssessError as exc:
        st.error(md(exc))
        return
    _done(f"Recorded: {decision} for {by_id[candidate]}, by {decided_by.strip()}.")


def _recorded(board: Board) -> None:
    st.subheader("Decisions recorded")
    if not board.decisions:
        st.caption("No decision recorded for these candidates yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "candidate": d.candidate,
                    "decision": d.decision,
                    "decided by": d.decided_by,
                    "reason": d.reason,
                    "recorded at": d.at,
                }
                for d in board.decisions
            ]
        ),
        hide_index=True,
        width="stretch",
        key="pan_decisions",
    )


def _choose(user: User) -> tuple[int, list[int]] | None:
    requisitions = _requisitions(user)
    if not requisitions:
        st.info(
            "There are no requisitions yet."
            if _sees_all(user)
            else "You do not sit on any requisition's panel yet. An admin adds panel members."
        )
        return None
    requisition = st.selectbox(
        "Requisition",
        list(requisitions),
        format_func=lambda rid: requisitions[rid],
        key="pan_requisition",
    )
    options = _options(user, requisition)
    if not options:
        st.info("This requisition has no shortlisted candidate yet.")
        return None
    by_id = {o.id: o for o in options}
    chosen = st.multiselect(
        f"Candidates to compare ({MIN_COMPARE}-{MAX_COMPARE})",
        list(by_id),
        default=[o.id for o in options if o.shortlisted][:MAX_COMPARE],
        format_func=lambda cid: by_id[cid].label,
        max_selections=MAX_COMPARE,
        key=f"pan_candidates_{requisition}",
    )
    if len(chosen) < MIN_COMPARE:
        st.warning(f"Pick at least {MIN_COMPARE} candidates to compare (up to {MAX_COMPARE}).")
    return requisition, [int(cid) for cid in chosen]


def main() -> None:
    """Render the page."""
    st.title("Panel")
    user = require("view_panel")
    st.info(STATEMENT, icon=":material/gavel:")
    show_flash()
    try:
        picked = _choose(user)
        if picked is None:
            return
        requisition, chosen = picked
        if not chosen:
            return
        bank = get_bank()
        board = _board(user, bank, requisition, chosen)
    except AssessError as exc:
        st.error(f"The panel cannot be shown right now: {md(exc)}")
        return
    _ratings(user, board)
    shown = [r for r in board.records if _sees_all(user) or r.candidate_id in board.rated_by_me]
    if len(chosen) >= MIN_COMPARE:
        if len(shown) >= MIN_COMPARE:
            if len(shown) < len(board.records):
                st.caption(
                    f"The comparison includes the {len(shown)} candidates you have rated; "
                    "rate the others to add them."
                )
            _comparison(bank, board, shown)
        else:
            st.info(
                f"The comparison appears once you have rated at least {MIN_COMPARE} of the "
                f"chosen candidates (you have rated {len(shown)}).",
                icon=":material/visibility_off:",
            )
    if can("record_decision"):
        _decide(user, board)
    _recorded(board)


if __name__ == "__main__":
    main()
