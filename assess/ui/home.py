"""Start page: what the toolkit is for, what works today and how to use it."""

from __future__ import annotations

import streamlit as st

from assess.demo.loader import load_demo
from assess.errors import AssessError
from assess.store import people
from assess.ui import BANK, CANDIDATES, PANEL, SETUP, TEAM, md
from assess.ui.access import can, current_user, require
from assess.ui.resources import get_bank, get_scorer, get_store

SAMPLE_FLASH = "home_sample_loaded"


def _sample_data() -> None:
    """On an empty database, offer the sample data (loading it needs ``load_demo``)."""
    if SAMPLE_FLASH in st.session_state:
        st.success(md(st.session_state.pop(SAMPLE_FLASH)), icon=":material/check_circle:")
        if can("view_candidates"):
            st.page_link(CANDIDATES.path, label="Open the candidates", icon=CANDIDATES.icon)
        return
    if current_user() is None:
        return
    try:
        with get_store().transaction() as s:
            empty = not people.candidates(s)
    except AssessError as exc:  # locked or gone: the rest of the start page still shows
        st.warning(f"The database cannot be read right now: {md(exc)}", icon=":material/database:")
        return
    if not empty:
        return
    st.info(
        "**The database has no candidates yet.** The sample data (fictional requisitions and "
        "candidates, with scored and rated interviews and panel ratings) shows every page at "
        "work. It is marked as sample everywhere and can be deleted like any candidate.",
        icon=":material/dataset:",
    )
    if not can("load_demo"):
        st.caption("Ask an admin to load the sample data.")
        return
    if not st.button("Load sample data", key="home_load_sample", type="primary"):
        return
    require("load_demo")
    bar = st.progress(0.0, text="Loading the sample data...")

    def progress(done: int, total: int, what: str) -> None:
        bar.progress(
            min(done / max(total, 1), 1.0), text=f"{what[:1].upper()}{what[1:]} ({done} of {total})"
        )

    try:
        result = load_demo(get_store(), get_bank(), get_scorer(), progress=progress)
    except AssessError as exc:  # already loaded, no model, unusable calibration: say why
        st.error(f"The sample data could not be loaded: {md(exc)}")
        return
    st.session_state[SAMPLE_FLASH] = (
        f"Loaded {result.requisitions} sample requisitions and {result.candidates} candidates "
        f"with {result.answers} answers ({result.scored} scored)."
    )
    st.rerun()


st.title("ISA-95 Interview Assessment")
st.markdown(
    "An interview toolkit for two roles that are easily confused, judged against "
    "ISA-95 substance rather than a generic communication scale:"
)
plant, enterprise = st.columns(2)
with plant, st.container(border=True):
    st.markdown("#### MES Engineer: plant level")
    st.markdown(
        "Owns production execution at one site: orders, dispatching, tracking, genealogy, "
        "data collection, equipment integration, OEE and validation."
    )
with enterprise, st.container(border=True):
    st.markdown("#### MOM Architect: enterprise level")
    st.markdown(
        "Owns operations technology across a business: the whole ISA-95 Level 3 domain "
        "(production, quality, maintenance, inventory), multi-site rollouts, Level 3-4 "
        "integration, master data, OT security and vendors."
    )
st.info(
    "**The machine suggests, a named person decides.** Each question has a rubric per role "
    "level; a suggested score always comes with its evidence, and the interviewer gives the "
    "final rating. No screen rejects a candidate by itself.",
    icon=":material/gavel:",
)
_sample_data()

st.subheader("What you can do here")
# One line per job, each with a link to its page when the signed-in role may open it.
JOBS = (
    (
        SETUP,
        "Interviewers: build a kit for the role level (or hand-pick questions), start the "
        "interview and run it one question at a time. Notes save as you type; **Score** shows the "
        "suggestion with its evidence and what to probe next; you give the final rating.",
    ),
    (
        CANDIDATES,
        "Recruiters: see every candidate's overall rating, role fit and red flags, "
        "and open a profile with the credibility charts and the evidence behind them.",
    ),
    (
        PANEL,
        "Panel members: rate each shortlisted candidate on your own first, then compare "
        "them side by side and record a decision with your name and a reason.",
    ),
    (
        TEAM,
        "Team leads: how each interviewer's ratings compare with the machine and with "
        "colleagues, which questions separate strong from weak candidates, and a calibration "
        "refit from your own ratings.",
    ),
    (
        BANK,
        "Bank maintainers: browse the questions and compare each question's plant and "
        "enterprise rubrics.",
    ),
)
for page, text in JOBS:
    if page.action is None or can(page.action):
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.markdown(f"- {text}")
        right.page_link(page.path, label=page.title, icon=page.icon)
st.caption(
    "Admins also manage users, the audit log, the adverse-impact audit, candidate data "
    "(export and erasure) and the machine-scoring switch. The same core runs from the command "
    "line: `python -m assess --help`. How far to trust a suggestion: see "
    "**Instructions for use**."
)
