"""Start page: what the toolkit is for, what works today and how to use it."""

from __future__ import annotations

import streamlit as st

from assess.ui import BANK

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

st.subheader("Available now")
st.markdown(
    "- **Question bank**: browse and search the questions, filter them by competency, role "
    "level, difficulty and ISA-95 tags, and compare each question's plant and enterprise "
    "rubrics side by side, with key points, exemplar answers and red flags.\n"
    "- **Command line**: `python -m assess bank validate` checks every content file, "
    "`python -m assess bank stats` counts coverage and `python -m assess kit --level plant` "
    "builds an interview kit for a time budget.\n"
    "- **Scoring from the command line**: `python -m assess grade answers.csv -o scored.csv` "
    "suggests a 0-5 score per answer with the key points shown and missed, red flags and "
    "integrity flags; `calibrate` refits the score scale on your own graded answers and "
    "`eval` measures agreement with them. Suggestions, not decisions: on held-out questions "
    "of a public short-answer data set they agree with human grades at Pearson r 0.63."
)
st.caption("The interview console and the candidate reports will appear here as they ship.")

st.subheader("How to use it")
st.markdown(
    "1. Open the question bank and narrow it with the filters: the role level you are hiring "
    "for, the competencies that matter for the post.\n"
    "2. Pick a question to read what a good answer shows at each level, the probes to ask "
    "when a point is missing, and the misconceptions to listen for.\n"
    "3. Check the coverage chart at the bottom of the page for competencies that still lack "
    "rubrics at a level."
)
st.page_link(BANK.path, label="Open the question bank", icon=BANK.icon)
