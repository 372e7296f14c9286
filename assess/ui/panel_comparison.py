"""The panel page's side-by-side comparison: radars, bars, ranking with uncertainty, and
where the panel's own ratings differ. Rendering only; the board comes from
``assess.services.panel``, holding only the ratings the user may see."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from assess.analytics.panel import PanelRanking, panel_ranking, rater_disagreement
from assess.analytics.profile import competency_profile
from assess.charts.panel import (
    competency_bars,
    disagreement_heatmap,
    overlaid_radars,
    ranking_chart,
)
from assess.content.bank import Bank
from assess.services.panel import Board
from assess.store.record_types import CandidateRecord
from assess.ui import md


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


def comparison(bank: Bank, board: Board, shown: list[CandidateRecord]) -> None:
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
