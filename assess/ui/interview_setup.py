"""New interview page: pick a requisition and a candidate, build or hand-pick a kit, start.

Also lists the signed-in interviewer's interviews (all of them for roles that may see every
interview) with a link to resume each in the console.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from assess.auth.roles import User
from assess.content.bank import Bank
from assess.content.kits import Kit, build_kit, hand_pick
from assess.content.vocabulary import ROLE_LEVELS
from assess.errors import AssessError
from assess.store import interviews, people
from assess.ui import CONSOLE, md
from assess.ui.access import can, require
from assess.ui.resources import get_bank, get_store

LEVEL_NAMES = {"plant": "Plant: MES Engineer", "enterprise": "Enterprise: MOM Architect"}
NEW = -1  # the "create a new one" choice in a picker


@dataclass(frozen=True)
class Choice:
    """A requisition or candidate as the pickers show it (plain data, no ORM object)."""

    id: int
    label: str
    level: str = ""


def _requisitions() -> list[Choice]:
    with get_store().transaction() as s:
        return [
            Choice(r.id, f"{r.title} ({r.level})" + (f", {r.site}" if r.site else ""), r.level)
            for r in people.requisitions(s)
        ]


def _candidates(requisition_id: int) -> list[Choice]:
    with get_store().transaction() as s:
        return [
            Choice(c.id, f"{c.name} ({c.status})")
            for c in people.candidates(s, requisition_id=requisition_id)
        ]


def _pick_requisition(user: User) -> Choice | None:
    st.subheader("1. Requisition")
    choices = _requisitions()
    options = [c.id for c in choices]
    labels = {c.id: c.label for c in choices}
    if can("manage_requisitions"):
        options.append(NEW)
        labels[NEW] = "Create a new requisition..."
    if not options:
        st.info("There are no requisitions yet; ask a recruiter to open one.")
        return None
    picked = st.selectbox(
        "Requisition", options, format_func=lambda i: labels[i], key="setup_requisition"
    )
    if picked != NEW:
        return next(c for c in choices if c.id == picked)
    with st.form("setup_new_requisition", border=True):
        title = st.text_input("Title", key="setup_req_title", placeholder="MES Engineer, Plant A")
        level = st.radio(
            "Role level",
            list(ROLE_LEVELS),
            format_func=lambda v: LEVEL_NAMES[v],
            horizontal=True,
            key="setup_req_level",
        )
        site = st.text_input("Site (optional)", key="setup_req_site")
        if st.form_submit_button("Create requisition"):
            require("manage_requisitions")
            try:
                with get_store().transaction() as s:
                    created = people.create_requisition(s, title, level, user.username, site=site)
                    new_id = created.id
            except AssessError as exc:
                st.error(md(exc))
            else:
                st.session_state["setup_pick_requisition"] = new_id
                st.rerun()
    return None


def _pick_candidate(user: User, requisition: Choice) -> Choice | None:
    st.subheader("2. Candidate")
    choices = _candidates(requisition.id)
    options = [c.id for c in choices]
    labels = {c.id: c.label for c in choices}
    if can("create_candidate"):
        options.append(NEW)
        labels[NEW] = "Add a new candidate..."
    if not options:
        st.info("This requisition has no candidates yet; ask a recruiter to add one.")
        return None
    picked = st.selectbox(
        "Candidate", options, format_func=lambda i: labels[i], key="setup_candidate"
    )
    if picked != NEW:
        return next(c for c in choices if c.id == picked)
    with st.form("setup_new_candidate", border=True):
        name = st.text_input("Name", key="setup_cand_name")
        email = st.text_input("Email (optional)", key="setup_cand_email")
        if st.form_submit_button("Add candidate"):
            require("create_candidate")
            try:
                with get_store().transaction() as s:
                    created = people.create_candidate(
                        s, name, requisition.id, user.username, email=email
                    )
                    new_id = created.id
            except AssessError as exc:
                st.error(md(exc))
            else:
                st.session_state["setup_pick_candidate"] = new_id
                st.rerun()
    return None


def _kit(bank: Bank, level: str) -> Kit | None:
    st.subheader("3. Questions")
    mode = st.radio(
        "How to choose the questions",
        ["Build a kit", "Hand-pick"],
        horizontal=True,
        key="setup_mode",
    )
    at_level = [q for q in bank.active_questions() if level in q.levels]
    try:
        if mode == "Build a kit":
            competencies = sorted({q.competency for q in at_level})
            left, middle, right = st.columns([1, 1, 3])
            minutes = left.number_input(
                "Minutes", min_value=1, max_value=240, value=45, step=5, key="setup_minutes"
            )
            seed = middle.number_input(
                "Seed",
                min_value=0,
                value=0,
                step=1,
                key="setup_seed",
                help="The same seed gives the same kit; change it for another mix.",
            )
            chosen = right.multiselect(
                "Competencies (default: all at this level)",
                competencies,
                format_func=lambda c: bank.competencies[c].name if c in bank.competencies else c,
                key="setup_competencies",
            )
            return build_kit(bank, level, int(minutes), int(seed), chosen or None)
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "id": q.id,
                        "question": q.text,
                        "competency": q.competency,
                        "minutes": q.minutes,
                    }
                    for q in at_level
                ]
            ),
            hide_index=True,
            width="stretch",
        )
        texts = {q.id: q.text for q in at_level}
        picked = st.multiselect(
            "Questions, in the order to ask them",
            list(texts),
            format_func=lambda qid: f"{qid}: {texts[qid][:90]}",
            key="setup_picked",
        )
        if not picked:
            st.info("Pick at least one question.")
            return None
        return hand_pick(bank, level, picked)
    except AssessError as exc:
        st.error(md(exc))
        return None


def _preview(bank: Bank, kit: Kit) -> None:
    rows: list[dict[str, Any]] = []
    for position, qid in enumerate(kit.question_ids, start=1):
        question = bank.question(qid)
        rows.append(
            {
                "#": position,
                "id": qid,
                "question": question.text,
                "competency": question.competency,
                "difficulty": question.difficulty,
                "minutes": question.minutes,
            }
        )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="setup_preview")
    budget = f" of {kit.budget_minutes}" if kit.budget_minutes else ""
    st.caption(f"{len(kit)} questions, {kit.minutes}{budget} minutes.")


def _start(user: User, bank: Bank, candidate: Choice, kit: Kit) -> None:
    if not st.button("Start interview", type="primary", key="setup_start"):
        return
    require("run_interview")
    try:
        with get_store().transaction() as s:
            interview = interviews.start_interview(
                s,
                bank,
                candidate.id,
                kit.level,
                kit.question_ids,
                user.username,
                kit_minutes=kit.budget_minutes,
                kit_seed=kit.seed,
            )
            interview_id = interview.id
    except AssessError as exc:
        st.error(md(exc))
        return
    st.switch_page(CONSOLE.path, query_params={"interview": str(interview_id), "q": "1"})


def _my_interviews(user: User) -> None:
    st.subheader("Your interviews")
    everyone = can("view_all_interviews")
    with get_store().transaction() as s:
        rows = [
            (
                i.id,
                i.candidate.name,
                i.level,
                i.interviewer,
                i.status,
                i.created_at,
                len(i.questions),
            )
            for i in interviews.interviews(s, interviewer=None if everyone else user.username)
        ]
    if not rows:
        st.caption("No interviews yet.")
        return
    for status, heading in (("in_progress", "In progress"), ("finished", "Finished")):
        matching = [r for r in rows if r[4] == status]
        if not matching:
            continue
        st.markdown(f"**{heading}**")
        for iid, name, level, interviewer, _, created, count in matching:
            who = f" · by {interviewer}" if everyone else ""
            label = f"#{iid} · {name} · {level} · {count} questions · {created:%Y-%m-%d %H:%M}{who}"
            st.page_link(
                CONSOLE.path,
                label=md(label),
                icon=":material/play_arrow:" if status == "in_progress" else ":material/done:",
                query_params={"interview": str(iid)},
            )


def main() -> None:
    """Render the page."""
    st.title("New interview")
    user = require("run_interview")
    bank = get_bank()
    # A requisition or candidate just created becomes the selection (set before the widget).
    for pending, widget in (
        ("setup_pick_requisition", "setup_requisition"),
        ("setup_pick_candidate", "setup_candidate"),
    ):
        if pending in st.session_state:
            st.session_state[widget] = st.session_state.pop(pending)
    try:
        requisition = _pick_requisition(user)
        candidate = _pick_candidate(user, requisition) if requisition else None
        if requisition and candidate:
            st.caption(f"Level from the requisition: {LEVEL_NAMES[requisition.level]}")
            kit = _kit(bank, requisition.level)
            if kit is not None:
                _preview(bank, kit)
                _start(user, bank, candidate, kit)
        st.divider()
        _my_interviews(user)
    except AssessError as exc:  # a database that is locked or gone: say so, no traceback
        st.error(f"The database cannot be used right now: {md(exc)}")


if __name__ == "__main__":
    main()
