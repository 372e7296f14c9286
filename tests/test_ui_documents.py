"""The profile's candidate documents on the sample data: the notice, and for the declined
sample candidate the explanation, reviewed and released (AppTest, fake encoder)."""

from __future__ import annotations

from assess.reports.explanation import PRODUCED, RELEASE
from assess.reports.notice import ACTION as NOTICE_GIVEN
from assess.store import audit, people
from assess.store.db import Store
from assess.ui import PROFILE
from tests import test_ui_recruiter as recruiter
from tests.apptest import open_page, unescape

# The sample database and its fixtures (module-scoped template, copied per test).
bank, scorer, template, store = (
    recruiter.bank,
    recruiter.scorer,
    recruiter.template,
    recruiter.store,
)
PAT, RECRUITER, _ids = recruiter.PAT, recruiter.RECRUITER, recruiter._ids

DECLINED = "Mensah"  # the sample candidate the panel decided not to proceed with


def _texts(at, kind: str) -> str:
    return "\n".join(unescape(str(e.value)) for e in getattr(at, kind))


def _pseudonym(store: Store, cid: int) -> str:
    with store.transaction() as s:
        return people.get_candidate(s, cid).pseudonym


def test_notice_is_produced_from_the_profile_and_its_time_logged(store: Store) -> None:
    cid = _ids(store)["Osei"]
    at = open_page(RECRUITER, PROFILE.path, candidate=str(cid))
    assert not at.exception
    downloads = len(at.get("download_button"))
    at.button(key=f"prof_notice_make_{cid}").click().run()
    assert not at.exception and not at.error
    assert len(at.get("download_button")) == downloads + 1
    page = at.session_state[f"prof_notice_doc_{cid}"].decode("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "People decide" in page
    assert "Amara Osei" in page and "Kwame Mensah" not in page
    with store.transaction() as s:
        (event,) = audit.events(s, action=NOTICE_GIVEN)
        assert event.subject == _pseudonym(store, cid) and event.actor == "rita"
        assert event.detail["format"] == "html" and event.detail["given_at"]
    at.run()  # a rerun does not give the notice again
    with store.transaction() as s:
        assert len(audit.events(s, action=NOTICE_GIVEN)) == 1


def test_explanation_is_offered_only_after_a_decision_not_to_proceed(store: Store) -> None:
    ids = _ids(store)
    at = open_page(RECRUITER, PROFILE.path, candidate=str(ids["Osei"]))
    assert f"prof_explanation_make_{ids['Osei']}" not in [b.key for b in at.button]
    assert "No explanation to write" in _texts(at, "caption")
    at = open_page(PAT, PROFILE.path, candidate=str(ids["Osei"]))  # may not export
    assert f"prof_notice_make_{ids['Osei']}" not in [b.key for b in at.button]


def test_recruiter_produces_reviews_and_releases_the_explanation(store: Store) -> None:
    cid = _ids(store)[DECLINED]
    at = open_page(RECRUITER, PROFILE.path, candidate=str(cid))
    assert not at.exception
    assert "decided not to proceed" in _texts(at, "info")
    at.button(key=f"prof_explanation_make_{cid}").click().run()
    assert not at.exception
    draft = at.session_state[f"prof_explanation_doc_{cid}"].decode("utf-8")
    assert "Kwame Mensah" in draft and "Amara Osei" not in draft

    # Releasing needs the review ticked.
    at.button(key=f"prof_release_{cid}").click().run()
    assert "reviewed the draft" in _texts(at, "error")
    with store.transaction() as s:
        assert not audit.events(s, action=RELEASE)
    at.checkbox(key=f"prof_reviewed_{cid}").check().run()
    at.button(key=f"prof_release_{cid}").click().run()
    assert not at.exception and not at.error
    assert "Released by Rita Recruiter" in _texts(at, "success")
    assert f"prof_release_{cid}" not in [b.key for b in at.button]
    with store.transaction() as s:
        (release,) = audit.events(s, action=RELEASE)
        assert release.actor == "rita" and release.detail["released_by"] == "Rita Recruiter"
        assert release.subject == _pseudonym(store, cid) and release.detail["digest"]
        (produced,) = audit.events(s, action=PRODUCED)
        assert produced.detail["state"] == "draft"

    at.button(key=f"prof_explanation_make_{cid}").click().run()
    released = at.session_state[f"prof_explanation_doc_{cid}"].decode("utf-8")
    assert "Rita Recruiter" in released
    with store.transaction() as s:
        states = [e.detail["state"] for e in audit.events(s, action=PRODUCED)]
        assert states == ["released", "draft"]
