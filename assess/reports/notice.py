"""The candidate notice: what the tool does, that people decide, what is kept and for how
long, and how to ask for human review or correction.

Laws on automated hiring tools ask for such a notice before the tool is used on a person
(NYC Local Law 144, Illinois HB 3773, Colorado SB 26-189, the EU AI Act for deployers). An
admin sets the text per team (one database is one team) through the settings store; the
default below names everything those laws ask a notice to name. Giving the notice records,
in the audit log, when it was produced for which candidate (by pseudonym).

Variables in the text (``string.Template``): ``${role}`` the requisition's title,
``${company}`` the hiring company, ``${retention}`` a sentence on how long data is kept (from
the requisition's retention period), ``${contact}`` whom to ask.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from string import Template

from sqlalchemy.orm import Session

from assess.errors import InputError
from assess.limits import NAME_CHARS, NOTICE_CONTACT_CHARS, NOTICE_TEMPLATE_CHARS, check_length
from assess.reports.footer import DECISION_SUPPORT
from assess.reports.letter import Letter, LetterFooter, Section
from assess.store import audit, settings
from assess.store.people import get_candidate
from assess.store.schema import Candidate

NOTICE_SETTING = "candidate_notice"  # key in the settings store: template, company, contact
ACTION = "notice.given"
VARIABLES = ("role", "company", "retention", "contact")
DEFAULT_COMPANY = "the hiring company"
DEFAULT_CONTACT = "the recruiter who invited you to interview"

# Paragraphs are separated by a blank line; a paragraph "Heading: text" becomes a section.
DEFAULT_TEMPLATE = """\
What the tool does: For the ${role} role, ${company} uses an interview assessment tool. Your \
interviewer types notes of your answers to questions on manufacturing operations software \
(ISA-95, MES and MOM). The tool compares those notes with a written rubric for each question \
and suggests a score from 0 to 5, listing the points of the rubric it found in the notes and \
the ones it did not, and statements that match known misconceptions. It assesses knowledge of \
the role's subject, not personality, voice or appearance; it does not record audio or video.

People decide: The tool only suggests. Your interviewer gives every final rating and writes a \
reason when it differs from the suggestion, and a named person on the hiring panel records \
the decision and its reason. No decision about you is taken by the tool. An administrator can \
switch the tool's scoring off; the interview then goes on without it.

What is kept and for how long: We keep your name and the role you applied for, the \
interviewer's notes of your answers, the tool's suggestions with the versions of the rubric \
and model that produced them, the interviewers' and panel's ratings and reasons, and the \
decision. If you chose to answer questions on sex and race or ethnicity, those answers are \
kept apart, used only to check the process for unfair impact on groups, and never used in \
scoring. ${retention}

Human review and correction: You can ask ${contact} for a copy of all data held about you, \
for a correction of anything in it that is wrong, for a review of your assessment by a person \
without the tool's suggestions, and for your data to be erased. If you are not taken \
forward, you can ask for an explanation of the main reasons.
"""


@dataclass(frozen=True)
class NoticeSettings:
    """The team's notice: its template text, the company's name and whom candidates ask."""

    template: str = DEFAULT_TEMPLATE
    company: str = DEFAULT_COMPANY
    contact: str = DEFAULT_CONTACT

    @property
    def is_default(self) -> bool:
        return self.template == DEFAULT_TEMPLATE


def retention_sentence(retention_days: int | None) -> str:
    """How long a candidate's data is kept, in words, from the requisition's period."""
    if retention_days is None:
        return (
            "No fixed retention period is set for this role: your data is kept until an "
            "administrator erases it or you ask for it to be erased."
        )
    days = "1 day" if retention_days == 1 else f"{retention_days} days"
    return (
        f"Your data is kept for {days} after the last step of your application (the "
        "interview or the decision) and then erased; you can ask for it to be erased sooner."
    )


def _clean(value: str, what: str, limit: int) -> str:
    return check_length(value.replace("\x00", "").strip(), f"the {what}", limit)


def check_template(template: str) -> str:
    """The template, cleaned; raises ``InputError`` naming an unknown or malformed variable."""
    template = _clean(template, "notice text", NOTICE_TEMPLATE_CHARS)
    if not template:
        raise InputError("the notice text is empty (clear the setting to use the default)")
    probe = Template(template)
    try:
        probe.substitute({name: name for name in VARIABLES})
    except KeyError as exc:
        allowed = ", ".join(f"${{{name}}}" for name in VARIABLES)
        raise InputError(f"the notice text uses ${{{exc.args[0]}}}; allowed: {allowed}") from None
    except ValueError:
        raise InputError(
            "the notice text has a $ that is not a variable (write $$ for $)"
        ) from None
    return template


def notice_settings(session: Session) -> NoticeSettings:
    """The team's notice settings, the defaults for anything not set."""
    value = settings.get(session, NOTICE_SETTING) or {}
    return NoticeSettings(
        template=value.get("template") or DEFAULT_TEMPLATE,
        company=value.get("company") or DEFAULT_COMPANY,
        contact=value.get("contact") or DEFAULT_CONTACT,
    )


def set_notice_settings(
    session: Session, actor: str, template: str = "", company: str = "", contact: str = ""
) -> NoticeSettings:
    """Store the team's notice (an empty field means its default); logged as a setting change.

    Raises:
        InputError: the template uses an unknown variable, or a field is too long.
    """
    value = {
        "template": check_template(template) if template.strip() else "",
        "company": _clean(company, "company name", NAME_CHARS),
        "contact": _clean(contact, "contact", NOTICE_CONTACT_CHARS),
    }
    if value["template"] == DEFAULT_TEMPLATE:
        value["template"] = ""
    settings.put(session, NOTICE_SETTING, value, actor)
    return notice_settings(session)


def build_notice(
    candidate_name: str,
    role: str,
    retention_days: int | None,
    team: NoticeSettings,
    now: datetime | None = None,
) -> Letter:
    """The notice for one candidate as a document (pure)."""
    text = Template(team.template).safe_substitute(
        role=role,
        company=team.company,
        retention=retention_sentence(retention_days),
        contact=team.contact,
    )
    sections: list[Section] = []
    loose: list[str] = []
    for block in (b.strip() for b in text.replace("\r\n", "\n").split("\n\n")):
        if not block:
            continue
        block = " ".join(block.split())
        heading, colon, rest = block.partition(": ")
        if colon and 0 < len(heading) <= 60 and rest:
            sections.append(Section(heading, (rest,)))
        elif sections:
            sections[-1] = Section(sections[-1].heading, (*sections[-1].paragraphs, block))
        else:
            loose.append(block)
    if loose:
        sections.insert(0, Section("About this notice", tuple(loose)))
    footer = LetterFooter(
        generated_at=(now or datetime.now(UTC)).astimezone(UTC),
        model_ids=(),
        rubric_versions=(),
        calibration_ids=(),
        statement=DECISION_SUPPORT,
    )
    return Letter(
        title=f"Notice: how an assessment tool is used in your interview for {role}",
        addressee=f"For {candidate_name}, from {team.company}.",
        sections=tuple(sections),
        footer=footer,
    )


def load_notice(session: Session, candidate: Candidate, now: datetime | None = None) -> Letter:
    """The notice for a stored candidate, with the team's settings."""
    requisition = candidate.requisition
    return build_notice(
        candidate.name,
        requisition.title,
        requisition.retention_days,
        notice_settings(session),
        now,
    )


def give_notice(
    session: Session, candidate_id: int, actor: str, fmt: str, now: datetime | None = None
) -> Letter:
    """Produce the notice for a candidate and record in the audit log when it was given.

    Raises:
        UnknownItemError: no candidate has this id.
    """
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    candidate = get_candidate(session, candidate_id)
    letter = load_notice(session, candidate, moment)
    audit.log(
        session,
        actor,
        ACTION,
        candidate.pseudonym,
        requisition=candidate.requisition_id,
        format=fmt,
        given_at=moment.isoformat(),
        default_text=notice_settings(session).is_default,
    )
    return letter
