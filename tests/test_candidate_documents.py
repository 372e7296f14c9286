"""The candidate notice and the explanation of a decision not to proceed (HTML and PDF).

Canary strings are planted where these documents must never look: an interviewer's private
note, the candidate's own answer notes, and another candidate's name, answer and reasons.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from assess.content.bank import Bank
from assess.errors import InputError
from assess.reports import explanation as ex
from assess.reports import notice as nt
from assess.reports.letter import letter_html, letter_pdf
from assess.store import audit, interviews, panel, people
from assess.store.db import Store

PRIVATE_NOTE = "Canary-private-note-wolfsbane"
OWN_ANSWER = "Canary-own-answer-marigold"
OTHER_NAME = "Canary Otherperson Quenby"
OTHER_ANSWER = "Canary-other-answer-hellebore"
OTHER_REASON = "Canary-other-reason-foxglove"
OTHER_COMMENT = "Canary-other-panel-comment-yarrow"
WHO = "ivy.interviewer"
CANARIES = (PRIVATE_NOTE, OWN_ANSWER, OTHER_NAME, OTHER_ANSWER, OTHER_REASON, OTHER_COMMENT)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def _interview(s, bank: Bank, candidate_id: int, ratings: dict[str, tuple[int, str]], answer: str):
    interview = interviews.start_interview(s, bank, candidate_id, "plant", list(ratings), WHO)
    for row, (qid, (rating, reason)) in zip(interview.questions, ratings.items(), strict=True):
        interviews.save_answer(s, row.id, f"{answer} on {qid}", WHO, "t", 0)
        interviews.rate(s, row.id, rating, WHO, reason)
    return interview


@pytest.fixture
def store(tmp_path: Path, tiny_bank: Bank):
    opened = Store.open(f"sqlite:///{tmp_path / 'assess.db'}")
    with opened.transaction() as s:
        req = people.create_requisition(
            s, "MES Engineer, Riverside", "plant", "rec", retention_days=180, panel=["pa", "pb"]
        )
        ada = people.create_candidate(s, "Ada Lindqvist", req.id, "rec")
        other = people.create_candidate(s, OTHER_NAME, req.id, "rec")
        mine = _interview(
            s,
            tiny_bank,
            ada.id,
            {"Q001": (1, "could not place MOM at Level 3"), "Q002": (4, "")},
            OWN_ANSWER,
        )
        interviews.add_note(s, mine.id, WHO, PRIVATE_NOTE)
        interviews.add_note(s, mine.id, WHO, PRIVATE_NOTE, mine.questions[0].id)
        _interview(s, tiny_bank, other.id, {"Q001": (5, OTHER_REASON)}, OTHER_ANSWER)
        for who in ("pa", "pb"):
            panel.rate_candidate(s, ada.id, who, 2, "thin on scope")
            panel.rate_candidate(s, other.id, who, 5, OTHER_COMMENT)
        panel.decide(
            s,
            ada.id,
            "decline",
            "Pat Panel",
            f"Level 3 scope below the bar; {OTHER_NAME} was stronger there",
        )
        panel.decide(s, other.id, "advance", "Pat Panel", "strong across the board")
    yield opened
    opened.dispose()


def _ids(store: Store) -> tuple[int, int]:
    with store.transaction() as s:
        by_name = {c.name: c.id for c in people.candidates(s)}
    return by_name["Ada Lindqvist"], by_name[OTHER_NAME]


# --- the notice -----------------------------------------------------------------------------


def test_default_notice_names_what_the_laws_ask(store: Store) -> None:
    ada, _ = _ids(store)
    with store.transaction() as s:
        letter = nt.load_notice(s, people.get_candidate(s, ada))
    page = flat(letter_html(letter))
    headings = [section.heading for section in letter.sections]
    assert headings == [
        "What the tool does",
        "People decide",
        "What is kept and for how long",
        "Human review and correction",
    ]
    assert "MES Engineer, Riverside" in page and nt.DEFAULT_COMPANY in page
    assert "kept for 180 days" in page  # the requisition's retention period
    assert "review of your assessment by a person" in page
    assert "${" not in page and "$role" not in page


def test_notice_text_set_by_the_admin_with_variables(store: Store) -> None:
    ada, _ = _ids(store)
    with store.transaction() as s:
        nt.set_notice_settings(
            s,
            "admin.alex",
            template="Tooling: ${company} uses a tool for ${role}. ${retention}\n\n"
            "Ask: write to ${contact}.",
            company="Acme Foods",
            contact="privacy@acme.example",
        )
    with store.transaction() as s:
        letter = nt.load_notice(s, people.get_candidate(s, ada))
        (event,) = audit.events(s, action=f"setting.{nt.NOTICE_SETTING}")
    assert [x.heading for x in letter.sections] == ["Tooling", "Ask"]
    body = flat(letter_html(letter))
    assert "Acme Foods uses a tool for MES Engineer, Riverside" in body
    assert "write to privacy@acme.example" in body
    assert event.actor == "admin.alex" and event.detail["company"] == "Acme Foods"


@pytest.mark.parametrize(
    ("template", "says"),
    [("Hello ${name}", "${name}"), ("costs $ 5", "$$"), ("   ", "empty")],
)
def test_notice_text_with_a_bad_variable_is_refused(store: Store, template: str, says: str) -> None:
    with store.transaction() as s, pytest.raises(InputError, match=None) as caught:
        if not template.strip():
            nt.check_template(template)
        nt.set_notice_settings(s, "admin", template=template)
    assert says in str(caught.value)


def test_giving_the_notice_records_the_time_in_the_audit_log(store: Store) -> None:
    ada, _ = _ids(store)
    with store.transaction() as s:
        letter = nt.give_notice(s, ada, "rec.rita", "pdf")
        pseudonym = people.get_candidate(s, ada).pseudonym
    with store.transaction() as s:
        (event,) = audit.events(s, action=nt.ACTION)
    assert event.subject == pseudonym and event.actor == "rec.rita"
    assert event.detail["format"] == "pdf"
    assert event.detail["given_at"].startswith(
        letter.footer.generated_at.strftime("%Y-%m-%dT%H:%M")
    )
    assert "Ada" not in str(event.detail)  # the log keeps the pseudonym, never the name


def test_no_retention_period_is_said_in_words() -> None:
    assert "No fixed retention period" in nt.retention_sentence(None)
    assert "kept for 1 day " in nt.retention_sentence(1)


# --- the explanation ------------------------------------------------------------------------


def test_explanation_rests_on_the_peoples_ratings_and_reasons(
    store: Store, tiny_bank: Bank
) -> None:
    ada, _ = _ids(store)
    with store.transaction() as s:
        e = ex.load_explanation(s, tiny_bank, ada)
    assert e.state == ex.DRAFT
    (area,) = e.areas  # Q001 rated 1 is below the bar; Q002 rated 4 is not
    assert area.competency == tiny_bank.question("Q001").competency
    assert area.rating == 1 and area.reasons == ("could not place MOM at Level 3",)
    assert "only fragments" in area.sentence and "1.0 out of 5" in area.sentence
    page = flat(letter_html(ex.explanation_letter(e)))
    assert "DRAFT" in page and "Pat Panel" in page
    assert "could not place MOM at Level 3" in page
    assert tiny_bank.competencies[area.competency].name in page
    assert "2 overall rating(s)" in page


def test_explanation_refuses_no_decision_proceed_and_hold(store: Store, tiny_bank: Bank) -> None:
    ada, other = _ids(store)
    with store.transaction() as s:
        with pytest.raises(InputError, match="not a decision not to proceed"):
            ex.load_explanation(s, tiny_bank, other)  # advanced
        fresh = people.create_candidate(
            s, "Bo Fresh", people.get_candidate(s, ada).requisition_id, "r"
        )
        with pytest.raises(InputError, match="no decision recorded"):
            ex.load_explanation(s, tiny_bank, fresh.id)
        panel.decide(s, ada, "hold", "Pat Panel", "second round first")
        with pytest.raises(InputError, match="'hold'"):
            ex.load_explanation(s, tiny_bank, ada)


def test_release_is_audited_once_and_marks_the_document(store: Store, tiny_bank: Bank) -> None:
    ada, _ = _ids(store)
    with store.transaction() as s:
        with pytest.raises(InputError, match="name of the recruiter"):
            ex.release_explanation(s, tiny_bank, ada, "  ")
        draft = ex.load_explanation(s, tiny_bank, ada)
        released = ex.release_explanation(s, tiny_bank, ada, "Rita Recruiter", "rec.rita")
        with pytest.raises(InputError, match="already released"):
            ex.release_explanation(s, tiny_bank, ada, "Rita Recruiter")
    with store.transaction() as s:
        (event,) = audit.events(s, action=ex.RELEASE)
    assert released.state == ex.RELEASED and released.release is not None
    assert event.actor == "rec.rita" and event.detail["released_by"] == "Rita Recruiter"
    assert event.detail["digest"] == ex.digest(draft)  # what was reviewed is what was released
    page = flat(letter_html(ex.explanation_letter(released)))
    assert "DRAFT" not in page and "released by Rita Recruiter" in page


def test_a_new_decision_needs_a_new_release(store: Store, tiny_bank: Bank) -> None:
    ada, _ = _ids(store)
    with store.transaction() as s:
        ex.release_explanation(s, tiny_bank, ada, "Rita Recruiter")
        panel.decide(s, ada, "decline", "Pat Panel", "second look, same outcome")
        assert ex.load_explanation(s, tiny_bank, ada).state == ex.DRAFT


def test_no_private_note_nor_other_candidate_in_either_document(
    store: Store, tiny_bank: Bank
) -> None:
    ada, _ = _ids(store)
    with store.transaction() as s:
        notice = nt.give_notice(s, ada, "rec", "html")
        explanation = ex.explanation_letter(ex.load_explanation(s, tiny_bank, ada))
    documents = {
        "notice html": letter_html(notice),
        "notice pdf": pdf_text(letter_pdf(notice)),
        "explanation html": letter_html(explanation),
        "explanation pdf": pdf_text(letter_pdf(explanation)),
    }
    for where, content in documents.items():
        text = flat(content)
        assert "Ada Lindqvist" in text, where  # the document is about this candidate...
        for canary in CANARIES:  # ...and nothing it must never carry
            assert canary.lower() not in text.lower(), f"{canary} in the {where}"
        assert "Quenby" not in text, where
    assert ex.OTHER_CANDIDATE in flat(documents["explanation html"])  # named in the reason


def test_scrub_replaces_names_in_any_case() -> None:
    names = ["Sample Candidate - Lena Park", "Bo"]
    scrubbed = ex._scrub("Weaker than lena park and LENA PARK; Bob stays", names)
    assert "lena" not in scrubbed.lower() and "Bob stays" in scrubbed


def test_hostile_text_is_escaped_in_the_html(store: Store, tiny_bank: Bank) -> None:
    ada, _ = _ids(store)
    with store.transaction() as s:
        panel.decide(s, ada, "decline", "Pat <b>Panel</b>", "<script>alert(1)</script> reason")
        page = letter_html(ex.explanation_letter(ex.load_explanation(s, tiny_bank, ada)))
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page
    assert "<script" not in page  # the letter carries no script at all
