"""The profile's documents for the candidate: the notice, and after a decision not to
proceed the explanation, which the recruiter reviews and releases.

Each document is produced (and audited) by ``assess.services.documents`` when its button is
pressed, the same functions ``python -m assess notice`` and ``explain`` call; the page then
offers the file for download. Releasing records the signed-in recruiter's name.
"""

from __future__ import annotations

import streamlit as st

from assess.auth.roles import User
from assess.content.bank import Bank
from assess.errors import AssessError
from assess.services import documents
from assess.services.profile import Profile
from assess.ui.access import can, recheck
from assess.ui.markdown import md
from assess.ui.resources import get_store

ACTION = "export_reports"


def _doc_key(kind: str, cid: int) -> str:
    return f"prof_{kind}_doc_{cid}"


def _produce(kind: str, bank: Bank, cid: int) -> None:
    """Callback: produce the document (audited) and keep it for the download button."""
    user = recheck(ACTION)
    if user is None:
        return
    try:
        if kind == "notice":
            content = documents.notice(get_store(), cid, "html", user.username)
        else:
            content, _ = documents.explanation(get_store(), bank, cid, "html", user.username)
    except AssessError as exc:
        st.session_state[_doc_key(kind, cid) + "_error"] = str(exc)
        return
    st.session_state[_doc_key(kind, cid)] = content


def _release(bank: Bank, cid: int) -> None:
    user = recheck(ACTION)
    if user is None:
        return
    if not st.session_state.get(f"prof_reviewed_{cid}"):
        st.session_state[f"prof_release_error_{cid}"] = (
            "Tick that you have reviewed the draft before releasing it."
        )
        return
    try:
        documents.release(get_store(), bank, cid, user.display_name or user.username, user.username)
    except AssessError as exc:
        st.session_state[f"prof_release_error_{cid}"] = str(exc)
        return
    st.session_state.pop(_doc_key("explanation", cid), None)  # the draft is out of date


def _download(kind: str, cid: int, label: str) -> None:
    error = st.session_state.pop(_doc_key(kind, cid) + "_error", "")
    if error:
        st.error(md(error), icon=":material/error:")
    content = st.session_state.get(_doc_key(kind, cid))
    if content is not None:
        st.download_button(
            label,
            content,
            file_name=f"{kind}-candidate-{cid}.html",
            mime="text/html",
            key=f"prof_{kind}_download_{cid}",
            on_click="ignore",
        )


def _explanation(bank: Bank, cid: int) -> None:
    st.markdown("**Explanation of the decision**")
    try:
        status = documents.explanation_status(get_store(), bank, cid)
    except AssessError as exc:
        st.error(f"The explanation cannot be read right now: {md(exc)}")
        return
    if not status.available:
        st.caption(f"No explanation to write: {md(status.refusal)}.")
        return
    if status.state == "draft":
        st.info(
            "The panel decided not to proceed. Produce the draft, read it, then release it: "
            "only a released explanation is meant for the candidate.",
            icon=":material/rate_review:",
        )
    else:
        st.success(
            f"Released by {md(status.released_by)} at {status.released_at}.",
            icon=":material/check:",
        )
    st.button(
        "Produce the explanation (draft)" if status.state == "draft" else "Produce the explanation",
        key=f"prof_explanation_make_{cid}",
        on_click=_produce,
        args=("explanation", bank, cid),
    )
    _download("explanation", cid, "Download the explanation (HTML)")
    if status.state == "draft":
        st.checkbox("I have reviewed this draft", key=f"prof_reviewed_{cid}")
        st.button(
            "Release the explanation",
            key=f"prof_release_{cid}",
            on_click=_release,
            args=(bank, cid),
            help="Records your name and a digest of the content in the audit log.",
        )
        error = st.session_state.pop(f"prof_release_error_{cid}", "")
        if error:
            st.error(md(error), icon=":material/error:")


def documents_section(user: User, bank: Bank, p: Profile) -> None:
    """The notice and the explanation, for users who may export reports."""
    if not can(ACTION):
        return
    cid = p.record.candidate_id
    st.subheader("Documents for the candidate")
    notice, explanation = st.columns(2)
    with notice:
        st.markdown("**Candidate notice**")
        st.caption(
            "What the tool does, that people decide, what is kept and for how long, and how "
            "to ask for human review or correction. Producing it records the time it was given."
        )
        st.button(
            "Produce the notice",
            key=f"prof_notice_make_{cid}",
            on_click=_produce,
            args=("notice", bank, cid),
        )
        _download("notice", cid, "Download the notice (HTML)")
    with explanation:
        _explanation(bank, cid)
    st.caption(
        f"Both are written for {md(p.record.name)} only: no private notes, nothing about "
        "other candidates. Each one produced is recorded in the audit log."
    )
