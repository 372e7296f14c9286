"""The Oversight page's section for the candidate notice: the team's text (a default
template until an admin sets one), the company's name and whom candidates ask.

Reads and writes go through ``assess.services.documents`` (the same settings the profile's
notice and ``python -m assess notice`` use); a change is in the audit log as a setting change.
"""

from __future__ import annotations

import streamlit as st

from assess.auth.roles import User
from assess.errors import AssessError
from assess.reports.notice import DEFAULT_COMPANY, DEFAULT_CONTACT, DEFAULT_TEMPLATE, VARIABLES
from assess.services import documents
from assess.ui.flash import flash
from assess.ui.markdown import md
from assess.ui.resources import get_store

VARIABLE_WORDS = {
    "role": "the requisition's title",
    "company": "the company's name below",
    "retention": "a sentence on how long the data is kept (the requisition's retention)",
    "contact": "whom to ask, below",
}


def _reset(user: User) -> None:
    try:
        documents.set_team_notice(get_store(), user.username)
    except AssessError as exc:
        flash(f"The notice was not reset: {exc}", "error")
    else:
        for key in ("adm_notice_template", "adm_notice_company", "adm_notice_contact"):
            st.session_state.pop(key, None)
        flash("The notice is back to the default text.")


def notice_section(user: User) -> None:
    """The form that sets the team's notice text."""
    st.subheader("Candidate notice")
    team = documents.team_notice(get_store())
    st.caption(
        "Given to each candidate before the interview, from their profile or with "
        "`python -m assess notice`. "
        + ("The default text is in use." if team.is_default else "Your team's own text is in use.")
        + " Paragraphs are separated by a blank line; “Heading: text” starts a section."
    )
    st.markdown(
        "Variables: "
        + "; ".join(f"`${{{name}}}` {VARIABLE_WORDS.get(name, '')}" for name in VARIABLES)
        + ". Keep the four parts: what the tool does, that people decide, what is kept and "
        "for how long, and how to ask for human review or correction."
    )
    with st.form("adm_notice_form"):
        template = st.text_area(
            "Notice text", value=team.template, height=320, key="adm_notice_template"
        )
        company = st.text_input(
            "Company name",
            value="" if team.company == DEFAULT_COMPANY else team.company,
            placeholder=DEFAULT_COMPANY,
            key="adm_notice_company",
        )
        contact = st.text_input(
            "Whom candidates ask (name, e-mail or address)",
            value="" if team.contact == DEFAULT_CONTACT else team.contact,
            placeholder=DEFAULT_CONTACT,
            key="adm_notice_contact",
        )
        saved = st.form_submit_button("Save the notice", type="primary")
    if saved:
        try:
            team = documents.set_team_notice(get_store(), user.username, template, company, contact)
        except AssessError as exc:
            st.error(f"The notice was not saved: {md(exc)}", icon=":material/error:")
        else:
            st.success("The notice is saved; the next one given uses it.", icon=":material/check:")
    st.button(
        "Reset to the default text",
        key="adm_notice_reset",
        on_click=_reset,
        args=(user,),
        disabled=team.is_default
        and team.company == DEFAULT_COMPANY
        and team.contact == DEFAULT_CONTACT,
    )
    with st.expander("The default text"):
        st.text(DEFAULT_TEMPLATE)
