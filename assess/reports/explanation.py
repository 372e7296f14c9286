"""The explanation to a candidate the panel decided not to proceed with.

What it says comes from people: the competency areas that weighed most are those the
interviewers' final ratings put furthest below the role's bar, each said in words (a rating
is never shown without them), with the reasons the interviewers wrote; then the panel's
decision with who took it and why. The machine's suggestions are never a reason here. It
lists the data used and how to ask for a correction or a human review.

It never reads interviewers' private notes (the ``notes`` table) or answer text, and it
names no other candidate: any other candidate's name in a person's written reason is
replaced. A recruiter reviews the draft and releases it; the release is an audit event (the
audit log is append-only, so it is also the record of the document's state).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from assess.analytics.profile import ANSWERED, BAR, competency_profile
from assess.analytics.records import CandidateRecord, PanelRatingRecord
from assess.content.bank import Bank
from assess.errors import InputError
from assess.reports.candidate import DecisionLine, decision_lines, short
from assess.reports.footer import DECISION_SUPPORT
from assess.reports.letter import Letter, LetterFooter, Section, letter_html
from assess.reports.notice import NoticeSettings, notice_settings
from assess.store import audit
from assess.store.people import candidates as all_candidates
from assess.store.people import get_candidate
from assess.store.records import candidate_record, panel_rating_records
from assess.store.schema import Candidate

NOT_PROCEEDING = "decline"  # the panel's decision that calls for an explanation
RELEASE = "explanation.release"
PRODUCED = "explanation.produce"
DRAFT, RELEASED = "draft", "released"
MAX_AREAS = 3
OTHER_CANDIDATE = "[another candidate]"


def rating_words(rating: float) -> str:
    """A 0-5 final rating in plain words (the scale's anchors)."""
    if rating < 1:
        return "little or no evidence of this was heard"
    if rating < 2:
        return "only fragments of what the role needs were shown"
    if rating < BAR:
        return "part of what the role needs was shown, below the level it asks for"
    if rating < 4:
        return "shown at the level the role asks for"
    return "shown strongly"


@dataclass(frozen=True)
class AreaReason:
    """One competency area that weighed in the decision, from the interviewers' ratings."""

    competency: str
    name: str
    rating: float
    n_questions: int
    bar: float | None
    prompts: tuple[str, ...]
    reasons: tuple[str, ...]

    @property
    def sentence(self) -> str:
        """The rating in words, with the number it rests on."""
        bar = f"; the role asks for {self.bar:g}, \u201ccompetent\u201d" if self.bar else ""
        noun = "question" if self.n_questions == 1 else "questions"
        return (
            f"The interviewers' ratings say {rating_words(self.rating)} (mean rating "
            f"{self.rating:.1f} out of 5 over {self.n_questions} {noun}{bar})."
        )


@dataclass(frozen=True)
class Release:
    """Who released an explanation, when, for which decision, and a digest of what they saw."""

    released_by: str
    released_at: datetime
    decision_at: str
    digest: str


@dataclass(frozen=True)
class Explanation:
    """Everything the explanation says; ``release`` None while it is a draft."""

    candidate_id: int
    candidate_name: str
    role: str
    decision: DecisionLine
    areas: tuple[AreaReason, ...]
    data_used: tuple[str, ...]
    team: NoticeSettings
    generated_at: datetime
    release: Release | None = None

    @property
    def state(self) -> str:
        return DRAFT if self.release is None else RELEASED


def _scrub(text: str, other_names: Sequence[str]) -> str:
    """``text`` with every other candidate's name (and its parts after a "Sample Candidate -"
    style prefix) replaced, so nothing about another person reaches this candidate."""
    for name in sorted({n for n in other_names if n.strip()}, key=len, reverse=True):
        variants = {name.strip()}
        if " - " in name:
            variants.add(name.split(" - ", 1)[1].strip())
        for variant in sorted(variants, key=len, reverse=True):
            if len(variant) >= 3:
                text = re.sub(re.escape(variant), OTHER_CANDIDATE, text, flags=re.IGNORECASE)
    return " ".join(text.split())


def refusal(candidate_id: int, decisions: Sequence[DecisionLine]) -> str | None:
    """Why no explanation can be produced for this candidate yet, or None when it can."""
    if not decisions:
        return (
            f"candidate {candidate_id} has no decision recorded: an explanation is written "
            "only after a decision not to proceed"
        )
    latest = decisions[-1]
    if latest.decision != NOT_PROCEEDING:
        return (
            f"the latest decision on candidate {candidate_id} is {latest.decision!r}, not a "
            "decision not to proceed: there is no adverse outcome to explain"
        )
    return None


def build_explanation(
    record: CandidateRecord,
    bank: Bank,
    decisions: Sequence[DecisionLine],
    panel: Sequence[PanelRatingRecord],
    team: NoticeSettings,
    other_names: Sequence[str] = (),
    release: Release | None = None,
    now: datetime | None = None,
) -> Explanation:
    """The explanation of the latest decision on one candidate (pure).

    Raises:
        InputError: the candidate has no decision, or the latest is not ``decline``.
    """
    mine = [d for d in decisions if d.candidate_id == record.candidate_id]
    refused = refusal(record.candidate_id, mine)
    if refused:
        raise InputError(refused)
    decision = mine[-1]
    profile = competency_profile(record, bank)
    rated = [s for s in profile.scores if s.rating is not None]
    below = sorted(
        (s for s in rated if s.rating is not None and s.rating < (s.bar or BAR)),
        key=lambda s: ((s.rating or 0.0) - (s.bar or BAR), -s.n_questions),
    )
    areas = []
    for score in below[:MAX_AREAS]:
        here = [
            q
            for q in record.questions
            if q.competency == score.competency and q.final_rating is not None
        ]
        areas.append(
            AreaReason(
                competency=score.competency,
                name=score.name,
                rating=score.rating or 0.0,
                n_questions=score.n_questions,
                bar=score.bar,
                prompts=tuple(short(q.prompt) for q in here),
                reasons=tuple(
                    _scrub(q.override_reason, other_names) for q in here if q.override_reason
                ),
            )
        )
    answered = [q for q in record.questions if q.status == ANSWERED]
    interviewers = {q.interviewer for q in record.questions if q.final_rating is not None}
    panel_here = [p for p in panel if p.candidate_id == record.candidate_id]
    data_used = (
        f"Your interviewer's typed notes of your answers to {len(answered)} interview "
        "questions (the answers themselves are not repeated here).",
        f"{profile.n_rated} final ratings from 0 to 5 given by {len(interviewers)} "
        "interviewer(s), with the reasons they wrote.",
        f"{len(panel_here)} overall rating(s) by members of the hiring panel.",
        f"The decision, recorded by {decision.decided_by} on "
        f"{decision.decided_at.strftime('%Y-%m-%d')}, with its reason.",
        "The tool's suggested scores were shown to the interviewers as support. They are not "
        "the reasons given here: every reason above is a person's rating or words.",
        "Not used: answers to the voluntary questions on sex and race or ethnicity (kept "
        "apart, for fairness checks only), and nothing about any other candidate.",
    )
    return Explanation(
        candidate_id=record.candidate_id,
        candidate_name=record.name,
        role=record.requisition_title,
        decision=DecisionLine(
            decision.candidate_id,
            decision.candidate_name,
            decision.decision,
            decision.decided_by,
            _scrub(decision.reason, other_names),
            decision.decided_at,
        ),
        areas=tuple(areas),
        data_used=data_used,
        team=team,
        generated_at=(now or datetime.now(UTC)).astimezone(UTC),
        release=release,
    )


def explanation_letter(explanation: Explanation) -> Letter:
    """The explanation as a document to the candidate."""
    e = explanation
    d = e.decision
    if e.areas:
        weighed = [
            Section(
                f"{area.name}",
                (
                    area.sentence,
                    *(
                        ("Questions asked: " + "; ".join(f"\u201c{p}\u201d" for p in area.prompts),)
                        if area.prompts
                        else ()
                    ),
                    *(f"The interviewer wrote: \u201c{r}\u201d" for r in area.reasons),
                ),
            )
            for area in e.areas
        ]
    else:
        weighed = [
            Section(
                "Areas that weighed most",
                (
                    "No competency area was rated below the level the role asks for; the "
                    "panel's reason below is what the decision rests on.",
                ),
            )
        ]
    sections = (
        Section(
            "The decision",
            (
                f"The hiring panel decided not to proceed with your application for {e.role}. "
                f"The decision was taken by {d.decided_by} on "
                f"{d.decided_at.strftime('%Y-%m-%d')}. A person took it; the tool does not "
                "decide.",
                f"The reason recorded: \u201c{d.reason}\u201d",
            ),
        ),
        Section(
            "The areas that weighed most",
            (
                "These are the competency areas your interviewers' final ratings placed "
                "furthest below the level the role asks for, lowest first.",
            ),
        ),
        *weighed,
        Section("The data used", (), e.data_used),
        Section(
            "How to ask for a correction or a human review",
            (
                f"Write to {e.team.contact}. You can ask for a correction of anything in this "
                "data that is wrong, for a review of your assessment by a person who did not "
                "take part in it and without the tool's suggestions, and for a copy of all data "
                "held about you. Say which part you contest and why; a person will answer.",
            ),
        ),
    )
    if e.release is None:
        banner = "DRAFT: not released to the candidate. A recruiter reviews it and releases it."
    else:
        banner = ""
    footer = LetterFooter(
        generated_at=e.generated_at,
        model_ids=(),
        rubric_versions=(),
        calibration_ids=(),
        statement=DECISION_SUPPORT,
    )
    released = (
        f" Reviewed and released by {e.release.released_by} on "
        f"{e.release.released_at.strftime('%Y-%m-%d')}."
        if e.release
        else ""
    )
    return Letter(
        title=f"Explanation of the decision on your application for {e.role}",
        addressee=f"For {e.candidate_name}, from {e.team.company}.{released}",
        sections=sections,
        footer=footer,
        banner=banner,
    )


def digest(explanation: Explanation) -> str:
    """SHA-256 of the reviewed content: the draft's HTML without its production time."""
    draft = replace(explanation, release=None)
    page = letter_html(explanation_letter(draft))
    page = page.replace(draft.generated_at.strftime("%Y-%m-%d %H:%M UTC"), "")
    return hashlib.sha256(page.encode("utf-8")).hexdigest()


# --- reading the store -------------------------------------------------------------------------


def latest_release(
    session: Session, candidate: Candidate, decision: DecisionLine
) -> Release | None:
    """The release of the explanation of ``decision``, if a recruiter released it."""
    key = decision.decided_at.isoformat()
    for event in audit.events(session, action=RELEASE, subject=candidate.pseudonym):
        if event.detail.get("decision_at") == key:
            return Release(
                released_by=str(event.detail.get("released_by") or event.actor),
                released_at=event.at,
                decision_at=key,
                digest=str(event.detail.get("digest", "")),
            )
    return None


def load_explanation(
    session: Session, bank: Bank, candidate_id: int, now: datetime | None = None
) -> Explanation:
    """The explanation of a stored candidate's latest decision, draft or released.

    Raises:
        UnknownItemError: no candidate has this id.
        InputError: no decision, or the latest decision is not one not to proceed.
    """
    candidate = get_candidate(session, candidate_id)
    decisions = decision_lines(session, [candidate])
    refused = refusal(candidate_id, decisions)
    if refused:
        raise InputError(refused)
    others = [c.name for c in all_candidates(session) if c.id != candidate.id]
    return build_explanation(
        candidate_record(session, bank, candidate),
        bank,
        decisions,
        panel_rating_records(session, candidate.requisition_id),
        notice_settings(session),
        other_names=others,
        release=latest_release(session, candidate, decisions[-1]),
        now=now,
    )


def produce_explanation(
    session: Session, bank: Bank, candidate_id: int, actor: str, fmt: str
) -> Explanation:
    """Load the explanation and log that it was produced (draft or released)."""
    explanation = load_explanation(session, bank, candidate_id)
    candidate = get_candidate(session, candidate_id)
    audit.log(
        session,
        actor,
        PRODUCED,
        candidate.pseudonym,
        state=explanation.state,
        format=fmt,
        decision_at=explanation.decision.decided_at.isoformat(),
    )
    return explanation


def release_explanation(
    session: Session, bank: Bank, candidate_id: int, released_by: str, actor: str | None = None
) -> Explanation:
    """A recruiter's release of the reviewed draft: logged with the decision and a digest of
    the content released. Releasing twice is refused (the first release stands).

    Raises:
        InputError: nothing to explain, no reviewer named, or already released.
    """
    if not released_by.strip():
        raise InputError("releasing an explanation needs the name of the recruiter releasing it")
    explanation = load_explanation(session, bank, candidate_id)
    if explanation.release is not None:
        raise InputError(
            f"the explanation for candidate {candidate_id} was already released by "
            f"{explanation.release.released_by}"
        )
    candidate = get_candidate(session, candidate_id)
    audit.log(
        session,
        actor or released_by,
        RELEASE,
        candidate.pseudonym,
        released_by=released_by.strip(),
        decision_at=explanation.decision.decided_at.isoformat(),
        digest=digest(explanation),
        areas=[a.competency for a in explanation.areas],
    )
    return load_explanation(session, bank, candidate_id)
