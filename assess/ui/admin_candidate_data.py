"""Candidate data page: voluntary demographics, export (JSON, CSV zip) and erasure.

Opening the page needs ``export_candidate_data``; recording demographics needs
``edit_demographics`` and deleting needs ``delete_candidate``, each checked again when the
button is pressed. The audit log keeps only the candidate's pseudonym.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import streamlit as st

from assess.auth.roles import User
from assess.errors import AssessError
from assess.store import people, rights
from assess.ui import md
from assess.ui.access import can, require
from assess.ui.flash import flash, show_flash
from assess.ui.resources import get_store

EXPORT = "data_export"  # (candidate id, JSON text, zip bytes) of the last prepared export
NOT_GIVEN = ""


@dataclass(frozen=True)
class Person:
    """A candidate as the page shows them (plain data, no ORM object)."""

    id: int
    name: str
    pseudonym: str
    requisition: str
    is_sample: bool
    sex: str
    race_ethnicity: str

    @property
    def label(self) -> str:
        sample = ", sample" if self.is_sample else ""
        return f"{self.name} ({self.pseudonym}, {self.requisition}{sample})"


def _people() -> list[Person]:
    with get_store().transaction() as s:
        demo = {d.candidate_id: d for d in people.demographics(s)}
        return [
            Person(
                c.id,
                c.name,
                c.pseudonym,
                c.requisition.title,
                bool(c.is_sample),
                demo[c.id].sex if c.id in demo else NOT_GIVEN,
                demo[c.id].race_ethnicity if c.id in demo else NOT_GIVEN,
            )
            for c in people.candidates(s)
        ]


def _done(message: str) -> None:
    flash(message, rerun=True)


def _given(value: str) -> str:
    return value or "not given"


def _demographics(user: User, person: Person) -> None:
    st.subheader("Voluntary demographics")
    st.caption(
        "Self-identification the candidate chose to give, used only for the adverse-impact "
        "audit. It is stored apart from answers and scores, never reaches scoring and is not "
        "shown to interviewers, recruiters or panel members."
    )
    sexes = [NOT_GIVEN, *people.SEXES]
    races = [NOT_GIVEN, *people.RACES_ETHNICITIES]
    with st.form(f"data_demo_form_{person.id}"):
        sex = st.selectbox(
            "Sex",
            sexes,
            index=sexes.index(person.sex) if person.sex in sexes else 0,
            format_func=_given,
            key=f"data_sex_{person.id}",
        )
        race = st.selectbox(
            "Race/ethnicity",
            races,
            index=races.index(person.race_ethnicity) if person.race_ethnicity in races else 0,
            format_func=_given,
            key=f"data_race_{person.id}",
        )
        submitted = st.form_submit_button("Save demographics")
    if not submitted:
        return
    require("edit_demographics")
    try:
        with get_store().transaction() as s:
            people.record_demographics(s, person.id, sex, race, actor=user.username)
    except AssessError as exc:
        st.error(md(exc))
        return
    _done(f"Saved the demographics of {person.pseudonym}.")


def _export(user: User, person: Person) -> None:
    st.subheader("Export everything held")
    st.caption(
        "For a subject-access request: every row about the candidate (answers and their "
        "versions, scores, ratings, notes, panel ratings, decisions, demographics, log events). "
        "Preparing an export is itself logged."
    )
    if st.button("Prepare export", key="data_prepare_export"):
        require("export_candidate_data")
        try:
            with get_store().transaction() as s:
                tables = rights.export_candidate(s, person.id, actor=user.username)
        except AssessError as exc:
            st.error(md(exc))
            return
        text = json.dumps(tables, indent=2, ensure_ascii=False, default=str)
        st.session_state[EXPORT] = (person.id, text, rights.export_zip(tables))
    prepared = st.session_state.get(EXPORT)
    if not prepared or prepared[0] != person.id:
        return
    _, text, archive = prepared
    left, right = st.columns(2)
    left.download_button(
        "Download JSON",
        data=text,
        file_name=f"{person.pseudonym}.json",
        mime="application/json",
        key="data_download_json",
    )
    right.download_button(
        "Download CSV files (zip)",
        data=archive,
        file_name=f"{person.pseudonym}.zip",
        mime="application/zip",
        key="data_download_zip",
    )


def _delete(user: User, person: Person) -> None:
    st.subheader("Delete the candidate")
    st.caption(
        "Erases the candidate and everything about them: answers, scores, ratings, notes, "
        "demographics, panel ratings and decisions. It cannot be undone. The audit log keeps "
        f"its events under the pseudonym {person.pseudonym} only, which then resolves to nobody."
    )
    with st.form(f"data_delete_form_{person.id}", clear_on_submit=False):
        typed = st.text_input(
            "Type the candidate's name to confirm", key=f"data_delete_name_{person.id}"
        )
        reason = st.text_area(
            "Reason (kept in the log)",
            key=f"data_delete_reason_{person.id}",
            placeholder="e.g. erasure request received 2026-11-02",
        )
        submitted = st.form_submit_button("Delete permanently", type="primary")
    if not submitted:
        return
    require("delete_candidate")
    if " ".join(typed.split()) != " ".join(person.name.split()):
        st.error("The name typed does not match the candidate's name; nothing was deleted.")
        return
    try:
        with get_store().transaction() as s:
            pseudonym = rights.delete_candidate(s, person.id, actor=user.username, reason=reason)
    except AssessError as exc:
        st.error(md(exc))
        return
    st.session_state.pop(EXPORT, None)
    st.session_state.pop("data_candidate", None)  # the deleted one is no longer an option
    _done(f"Deleted. The audit log keeps only the pseudonym {pseudonym}.")


def main() -> None:
    """Render the page."""
    st.title("Candidate data")
    user = require("export_candidate_data")
    show_flash()
    try:
        found = _people()
    except AssessError as exc:  # a database that is locked or gone: say so, no traceback
        st.error(f"The database cannot be used right now: {md(exc)}")
        return
    if not found:
        st.info("There are no candidates.")
        return
    by_id = {p.id: p for p in found}
    picked = st.selectbox(
        "Candidate", list(by_id), format_func=lambda i: by_id[i].label, key="data_candidate"
    )
    person = by_id[picked]
    st.markdown(
        f"**{md(person.name)}**: the audit log knows this candidate only as `{person.pseudonym}`."
    )
    if can("edit_demographics"):
        _demographics(user, person)
    st.divider()
    _export(user, person)
    if can("delete_candidate"):
        st.divider()
        _delete(user, person)


if __name__ == "__main__":
    main()
