"""The candidate's documents: the notice (before the interview) and the explanation of a
decision not to proceed, with its release. The same functions for the profile page and the
CLI (``python -m assess notice`` / ``explain``).

Each document is rendered inside the transaction that logs it: ``deliver`` (writing a file)
runs before the audit entry is committed, so a failed write leaves no entry claiming the
document was given.
"""

from __future__ import annotations

from dataclasses import dataclass

from assess.content.bank import Bank
from assess.errors import InputError
from assess.reports.explanation import (
    Explanation,
    explanation_letter,
    load_explanation,
    produce_explanation,
    release_explanation,
)
from assess.reports.letter import Letter, letter_html, letter_pdf
from assess.reports.notice import NoticeSettings, give_notice, notice_settings
from assess.reports.notice import set_notice_settings as _set_notice_settings
from assess.services.reports import Deliver, check_format
from assess.store.db import Store


def _render(letter: Letter, fmt: str) -> bytes:
    """The letter in a format ``check_format`` accepted."""
    return letter_pdf(letter) if fmt == "pdf" else letter_html(letter).encode("utf-8")


def notice(
    store: Store, candidate_id: int, fmt: str, actor: str, deliver: Deliver | None = None
) -> bytes:
    """The candidate notice as HTML (UTF-8) or PDF; the time it was given is audited.

    Raises:
        UnknownItemError: no candidate has this id.
        InputError: an unknown format.
    """
    check_format(fmt)
    with store.transaction() as s:
        content = _render(give_notice(s, candidate_id, actor, fmt), fmt)
        if deliver is not None:
            deliver(content)
    return content


@dataclass(frozen=True)
class ExplanationStatus:
    """Whether an explanation can be produced for a candidate, and where it stands.

    ``refusal`` says why not (no decision, or a decision to proceed); otherwise ``state`` is
    "draft" or "released", with who released it.
    """

    refusal: str = ""
    state: str = ""
    released_by: str = ""
    released_at: str = ""

    @property
    def available(self) -> bool:
        return not self.refusal


def explanation_status(store: Store, bank: Bank, candidate_id: int) -> ExplanationStatus:
    """Where the candidate's explanation stands; reads only, logs nothing.

    Raises:
        UnknownItemError: no candidate has this id.
    """
    with store.transaction() as s:
        try:
            explanation = load_explanation(s, bank, candidate_id)
        except InputError as exc:
            return ExplanationStatus(refusal=str(exc))
    release = explanation.release
    return ExplanationStatus(
        state=explanation.state,
        released_by=release.released_by if release else "",
        released_at=release.released_at.strftime("%Y-%m-%d %H:%M UTC") if release else "",
    )


def explanation(
    store: Store,
    bank: Bank,
    candidate_id: int,
    fmt: str,
    actor: str,
    deliver: Deliver | None = None,
    release_by: str = "",
) -> tuple[bytes, Explanation]:
    """The explanation (draft, or released) as HTML or PDF; its production is audited.
    With ``release_by``, the draft is released by that recruiter first (audited too).

    Raises:
        UnknownItemError: no candidate has this id.
        InputError: no decision, a decision to proceed, already released, or a bad format.
    """
    check_format(fmt)
    with store.transaction() as s:
        if release_by:
            release_explanation(s, bank, candidate_id, release_by, actor)
        produced = produce_explanation(s, bank, candidate_id, actor, fmt)
        content = _render(explanation_letter(produced), fmt)
        if deliver is not None:
            deliver(content)
    return content, produced


def release(
    store: Store, bank: Bank, candidate_id: int, released_by: str, actor: str
) -> Explanation:
    """The recruiter's release of the reviewed draft (audited with a digest of its content).

    Raises:
        InputError: nothing to explain, no reviewer named, or already released.
    """
    with store.transaction() as s:
        return release_explanation(s, bank, candidate_id, released_by, actor)


def team_notice(store: Store) -> NoticeSettings:
    """The team's notice settings (the default template where none is set)."""
    with store.transaction() as s:
        return notice_settings(s)


def set_team_notice(
    store: Store, actor: str, template: str = "", company: str = "", contact: str = ""
) -> NoticeSettings:
    """Keep the team's notice text, company and contact (empty: the default); audited.

    Raises:
        InputError: the text uses an unknown variable, or a field is too long.
    """
    with store.transaction() as s:
        return _set_notice_settings(s, actor, template, company, contact)
