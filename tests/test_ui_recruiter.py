"""Recruiter, panel and team pages, and the Start page's sample data: AppTest flows.

The sample data is loaded once per module (fake encoder, snapshot of the real bank) into a
template SQLite file; each test works on its own copy, so tests stay fast and independent.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from assess.analytics.credibility import credibility
from assess.auth.roles import User
from assess.content.bank import Bank, load_bank
from assess.demo.loader import load_demo
from assess.scoring import calibration
from assess.scoring.scorer import Scorer
from assess.services.reports import candidate_report
from assess.store import panel, people, settings
from assess.store.db import Store
from assess.store.records import candidate_record
from assess.store.schema import Event
from assess.ui import CANDIDATES, HOME, PANEL, PROFILE, TEAM, resources
from tests.apptest import APP, open_page, sign_in, unescape
from tests.fakes import FakeEncoder

ADMIN = User("ada", "Ada Admin", "admin")
RECRUITER = User("rita", "Rita Recruiter", "recruiter")
PAT = User("pat", "Pat Panel", "panel")  # added to the plant requisition's panel below
OUTSIDER = User("olly", "Olly Outsider", "panel")  # on no panel
INTERVIEWER = User("ivan", "Ivan Interviewer", "interviewer")
PLANT_TITLE = "SAMPLE - MES Engineer, Plant (single site)"


def _shown(at: AppTest) -> str:
    """Every text element's value, unescaped, one per line."""
    kinds = ("markdown", "caption", "error", "warning", "info", "success", "header", "text")
    return "\n".join(unescape(str(e.value)) for kind in kinds for e in getattr(at, kind))


def _refused(at: AppTest) -> bool:
    return any("does not allow this" in unescape(e.value) for e in at.error)


def _charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


# Dataframes carry no key in the element tree; each table is told apart by a column of its own.
COLUMN = {
    "cand_table": "red flags",
    "pan_members": "panel member",
    "pan_ranking_table": "overlaps next",
    "pan_decisions": "decided by",
    "team_calibration_table": "final - machine (mean)",
    "team_items_table": "times asked",
    "team_weak_items": "why",
    "team_refit_metrics": "refitted (held out)",
}


def _tables(at: AppTest, key: str) -> list:
    return [f.value for f in at.dataframe if COLUMN[key] in f.value.columns]


def _table(at: AppTest, key: str):
    (table,) = _tables(at, key)
    return table


def _has_table(at: AppTest, key: str) -> bool:
    return bool(_tables(at, key))


@pytest.fixture(scope="module")
def bank(real_bank_snapshot: Path) -> Bank:
    return load_bank(real_bank_snapshot / "question_bank", real_bank_snapshot / "rubrics")


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer(FakeEncoder(), calibration.load())


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, bank: Bank, scorer: Scorer) -> Path:
    """A database file holding the sample data, with ``pat`` on the plant panel."""
    path = tmp_path_factory.mktemp("recruiter") / "template.db"
    store = Store.open(f"sqlite:///{path}")
    load_demo(store, bank, scorer)
    with store.transaction() as s:
        (plant,) = [r for r in people.requisitions(s) if r.title == PLANT_TITLE]
        members = [m.username for m in plant.panel]
        people.set_panel(s, plant.id, [*members, PAT.username], actor="test")
    store.dispose()
    return path


def _environment(
    monkeypatch: pytest.MonkeyPatch, url: str, root: Path, cache: Path, scorer: Scorer
) -> None:
    monkeypatch.setenv("ASSESS_DATABASE_URL", url)
    monkeypatch.setenv("ASSESS_BANK_DIR", str(root / "question_bank"))
    monkeypatch.setenv("ASSESS_RUBRICS_DIR", str(root / "rubrics"))
    monkeypatch.setenv("ASSESS_CACHE_DIR", str(cache))
    monkeypatch.setattr(resources, "get_scorer", lambda calibration_json=None: scorer)
    resources._store.clear()


@pytest.fixture
def store(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    template: Path,
    real_bank_snapshot: Path,
    scorer: Scorer,
) -> Iterator[Store]:
    """A copy of the sample database, used by the app and by the test to check."""
    path = tmp_path / "app.db"
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copy(source, path.with_name(path.name + suffix))
    url = f"sqlite:///{path}"
    _environment(monkeypatch, url, real_bank_snapshot, tmp_path / "cache", scorer)
    opened = Store.open(url)
    yield opened
    opened.dispose()
    resources._store.clear()


@pytest.fixture
def empty_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_bank_snapshot: Path, scorer: Scorer
) -> Iterator[Store]:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    _environment(monkeypatch, url, real_bank_snapshot, tmp_path / "cache", scorer)
    opened = Store.open(url)
    yield opened
    opened.dispose()
    resources._store.clear()


def _ids(store: Store) -> dict[str, int]:
    """Candidate ids by the name's last word (e.g. "Osei")."""
    with store.transaction() as s:
        return {c.name.split()[-1]: c.id for c in people.candidates(s)}


# --- Candidates -------------------------------------------------------------------------------


def test_candidates_table_lists_every_sample_candidate(store: Store) -> None:
    with store.transaction() as s:
        names = {c.name for c in people.candidates(s)}
    at = open_page(RECRUITER, CANDIDATES.path)
    assert at.title[0].value == "Candidates"
    table = _table(at, "cand_table")
    assert set(table["name"]) == names and len(names) == 11
    assert {
        "id",
        "requisition",
        "level",
        "status",
        "overall rating",
        "role fit",
        "red flags",
        "shortlisted",
    } <= set(table.columns)
    # Jordan Ashby and Hannah Kowalski assert misconceptions in the sample answers.
    flags = dict(zip(table["name"], table["red flags"], strict=True))
    assert flags["Sample Candidate - Jordan Ashby"] > 0
    assert flags["Sample Candidate - Amara Osei"] == 0


def test_candidate_filters_and_sort_narrow_the_table(store: Store) -> None:
    at = open_page(RECRUITER, CANDIDATES.path)
    assert len(_table(at, "cand_table")) == 11

    at.selectbox(key="cand_level").select("enterprise").run()
    table = _table(at, "cand_table")
    assert len(table) == 5 and set(table["level"]) == {"enterprise"}

    at.selectbox(key="cand_level").select("all").run()
    at.text_input(key="cand_text").input("osei").run()
    assert list(_table(at, "cand_table")["name"]) == ["Sample Candidate - Amara Osei"]

    at.text_input(key="cand_text").input("").run()
    at.toggle(key="cand_shortlisted").set_value(True).run()
    assert len(_table(at, "cand_table")) == 7

    at.toggle(key="cand_shortlisted").set_value(False).run()
    at.selectbox(key="cand_sort").select("overall rating").run()
    ratings = list(_table(at, "cand_table")["overall rating"])
    assert ratings == sorted(ratings, reverse=True)

    at.text_input(key="cand_text").input("nobody-like-this").run()
    assert not _has_table(at, "cand_table")
    assert "No candidate matches" in _shown(at)


def test_recruiter_toggles_the_shortlist(store: Store) -> None:
    ids = _ids(store)
    at = open_page(RECRUITER, CANDIDATES.path)
    at.selectbox(key="cand_pick").select(ids["Quintero"]).run()
    assert [link.value for link in at.page_link][-1].endswith("Rafael Quintero")
    at.button(key=f"cand_shortlist_{ids['Quintero']}").click().run()
    assert not at.exception
    with store.transaction() as s:
        assert people.get_candidate(s, ids["Quintero"]).shortlisted
    assert "added to the shortlist" in _shown(at)


def _direct(user: User, page: str) -> AppTest:
    """A page script run on its own, as a forged URL or a stale navigation would reach it."""
    at = AppTest.from_file(str(APP.parent / page), default_timeout=30)
    return sign_in(at, user).run()


@pytest.mark.parametrize(
    ("user", "page"),
    [
        (PAT, CANDIDATES.path),
        (PAT, TEAM.path),
        (INTERVIEWER, PROFILE.path),
        (RECRUITER, PANEL.path),
    ],
    ids=["panel-candidates", "panel-team", "interviewer-profile", "recruiter-panel"],
)
def test_pages_refuse_roles_without_the_action(store: Store, user: User, page: str) -> None:
    at = _direct(user, page)
    assert not at.exception
    assert _refused(at)
    assert not at.dataframe and _charts(at) == 0


# --- Candidate profile ------------------------------------------------------------------------


def test_profile_shows_the_charts_and_the_red_flag_evidence(store: Store, bank: Bank) -> None:
    ids = _ids(store)
    at = open_page(RECRUITER, PROFILE.path, candidate=str(ids["Ashby"]))
    assert not at.error
    # credibility parts, radar, two coverage grids, role fit, machine vs final, red flags
    assert _charts(at) == 7
    text = _shown(at)
    assert "Sample Candidate - Jordan Ashby" in text
    assert "describes the evidence, not the person's honesty" in text
    with store.transaction() as s:
        record = candidate_record(s, bank, people.get_candidate(s, ids["Ashby"]))
    flags = credibility(record).red_flags
    assert flags
    for flag in flags:
        assert f"\u201c{' '.join(flag.clause.split())}\u201d" in text
    # one expander per answered question, with the answer text shown as text
    answered = [q for q in record.questions if q.status == "answered"]
    assert len(at.expander) >= len(answered)
    shown_answers = {t.value for t in at.text}
    assert all(q.answer_text in shown_answers for q in answered)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Overall rating"].endswith("/ 5")


def test_profile_without_red_flags_says_so(store: Store) -> None:
    ids = _ids(store)
    at = open_page(RECRUITER, PROFILE.path, candidate=str(ids["Osei"]))
    assert _charts(at) == 6  # no red-flag table
    assert "No misconception was asserted" in _shown(at)


def test_panel_member_sees_only_their_shortlist_on_the_profile(store: Store) -> None:
    ids = _ids(store)
    at = open_page(PAT, PROFILE.path, candidate=str(ids["Quintero"]))  # not shortlisted
    assert "not one you may see" in _shown(at)
    with store.transaction() as s:
        expected = {
            c.id
            for c in people.candidates(s)
            if c.shortlisted and c.requisition.title == PLANT_TITLE
        }
    assert set(at.selectbox(key="prof_candidate").options) != set()
    assert len(at.selectbox(key="prof_candidate").options) == len(expected)
    assert "Rafael Quintero" not in "".join(at.selectbox(key="prof_candidate").options)

    at = open_page(PAT, PROFILE.path, candidate=str(ids["Osei"]))
    assert not at.error and _charts(at) >= 6

    at = open_page(OUTSIDER, PROFILE.path, candidate=str(ids["Osei"]))
    assert "no candidate you may see" in _shown(at)
    assert _charts(at) == 0


# --- Panel ------------------------------------------------------------------------------------


def test_panel_member_sees_others_ratings_only_after_rating(store: Store) -> None:
    ids = _ids(store)
    at = open_page(PAT, PANEL.path)
    assert at.selectbox(key="pan_requisition").options == [PLANT_TITLE + " (plant)"]
    key = next(m.key for m in at.multiselect if m.key.startswith("pan_candidates_"))
    chosen = at.multiselect(key=key).value
    assert set(chosen) == {ids["Osei"], ids["Bellandi"], ids["Cho"], ids["Marsh-Adeyemi"]}
    # Nothing of the other members' ratings, and no comparison, before rating.
    assert "sample.panel" not in _shown(at)
    assert not _has_table(at, "pan_members")
    assert _charts(at) == 0
    assert "named person decides" in _shown(at)

    osei = ids["Osei"]
    at.radio(key=f"pan_rating_{osei}").set_value(4)
    at.text_area(key=f"pan_comment_{osei}").input("Concrete on genealogy")
    at.button(key=f"FormSubmitter:pan_rate_form_{osei}-Submit my rating").click().run()
    assert not at.exception
    with store.transaction() as s:
        assert panel.has_rated(s, osei, "pat")
    members = _table(at, "pan_members")  # one table: the other candidates stay hidden
    assert set(members["panel member"]) == {
        "pat",
        "sample.panel.a",
        "sample.panel.b",
        "sample.panel.c",
    }
    assert dict(zip(members["panel member"], members["rating"], strict=True))["pat"] == 4
    assert _charts(at) == 0

    bellandi = ids["Bellandi"]
    at.radio(key=f"pan_rating_{bellandi}").set_value(2)
    at.button(key=f"FormSubmitter:pan_rate_form_{bellandi}-Submit my rating").click().run()
    assert not at.exception
    # Two rated: radars, bars, ranking and disagreement heat map over those two.
    assert _charts(at) == 4
    assert len(_tables(at, "pan_members")) == 2
    assert len(_table(at, "pan_ranking_table")) == 2


def test_rating_without_a_value_is_refused(store: Store) -> None:
    osei = _ids(store)["Osei"]
    at = open_page(PAT, PANEL.path)
    at.button(key=f"FormSubmitter:pan_rate_form_{osei}-Submit my rating").click().run()
    assert "Pick a rating" in _shown(at)
    with store.transaction() as s:
        assert not panel.has_rated(s, osei, "pat")


def test_admin_sees_every_rating_and_the_comparison(store: Store) -> None:
    at = open_page(ADMIN, PANEL.path)
    at.selectbox(key="pan_requisition").select_index(0).run()
    assert len(_tables(at, "pan_members")) == len(at.multiselect[0].value)
    assert _charts(at) == 4
    assert "sample.panel.c" in _shown(at)  # named as differing from the panel mean


def test_decision_needs_a_reason_and_is_saved_with_a_name(store: Store) -> None:
    osei = _ids(store)["Osei"]
    at = open_page(PAT, PANEL.path)
    at.selectbox(key="pan_dec_candidate").select(osei)
    at.radio(key="pan_dec_decision").set_value("advance")
    assert at.text_input(key="pan_dec_by").value == "Pat Panel"
    at.button(key="FormSubmitter:pan_decision_form-Record the decision").click().run()
    assert not at.exception
    assert any("needs a reason" in unescape(e.value) for e in at.error)
    with store.transaction() as s:
        assert not panel.decisions(s, osei)

    at.text_area(key="pan_dec_reason").input("Strongest plant evidence on genealogy and OEE")
    at.button(key="FormSubmitter:pan_decision_form-Record the decision").click().run()
    assert not at.exception and not at.error
    with store.transaction() as s:
        (decision,) = panel.decisions(s, osei)
        assert decision.decision == "advance" and decision.decided_by == "Pat Panel"
        assert decision.reason.startswith("Strongest plant evidence")
        assert people.get_candidate(s, osei).status == "advanced"
    recorded = _table(at, "pan_decisions")
    assert list(recorded["decided by"]) == ["Pat Panel"]


def test_panel_member_on_no_panel_sees_no_requisition(store: Store) -> None:
    at = open_page(OUTSIDER, PANEL.path)
    assert "do not sit on any requisition" in _shown(at)
    assert not at.dataframe


# --- Team insights ----------------------------------------------------------------------------


def test_team_page_renders_the_tables(store: Store) -> None:
    at = open_page(RECRUITER, TEAM.path)
    assert not at.error
    calibrations = _table(at, "team_calibration_table")
    assert set(calibrations["interviewer"]) >= {"sample.interviewer.a"}
    items = _table(at, "team_items_table")
    assert "Q001" in set(items["question"])
    assert _has_table(at, "team_weak_items")
    assert _charts(at) == 2
    # A recruiter reads the insights but cannot refit.
    assert not [b for b in at.button if b.key == "team_refit_run"]
    assert "Only an admin" in _shown(at)


def test_admin_refits_adopts_and_reverts_the_calibration(store: Store) -> None:
    at = open_page(ADMIN, TEAM.path)
    at.button(key="team_refit_run").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    metrics = _table(at, "team_refit_metrics")
    assert list(metrics.columns) == ["metric", "current calibration", "refitted (held out)"]
    assert metrics["metric"].str.startswith("Pearson").any()
    at.button(key="team_refit_adopt").click().run()
    assert not at.exception
    with store.transaction() as s:
        adopted = settings.get(s, settings.CALIBRATION)
    assert adopted is not None and adopted["id"].startswith("cal-")
    assert calibration.from_json(adopted["json"]).id == adopted["id"]
    assert set(adopted["before"]) >= {"pearson", "rmse", "qwk"}
    assert "In use: the team's calibration" in _shown(at)

    at.button(key="team_refit_revert").click().run()
    with store.transaction() as s:
        assert settings.get(s, settings.CALIBRATION)["json"] is None
    assert "default calibration" in _shown(at)


def test_refit_with_too_few_ratings_says_why(empty_store: Store) -> None:
    at = open_page(ADMIN, TEAM.path)
    at.button(key="team_refit_run").click().run()
    assert not at.exception
    assert any("Cannot refit" in unescape(e.value) for e in at.error)


# --- Start page: sample data ------------------------------------------------------------------


def test_start_page_offers_and_loads_sample_data(empty_store: Store) -> None:
    at = open_page(ADMIN, HOME.path)
    assert at.title[0].value == "ISA-95 Interview Assessment"
    assert "no candidates yet" in _shown(at)
    at.button(key="home_load_sample").click().run()
    assert not at.exception and not at.error
    with empty_store.transaction() as s:
        assert len(people.candidates(s)) == 11
    assert "Loaded 2 sample requisitions and 11 candidates" in _shown(at)
    assert "Open the candidates" in [link.value for link in at.page_link]
    at.run()
    assert "no candidates yet" not in _shown(at)


def test_start_page_tells_others_to_ask_an_admin(empty_store: Store) -> None:
    at = open_page(INTERVIEWER, HOME.path)
    assert "Ask an admin" in _shown(at)
    assert not [b for b in at.button if b.key == "home_load_sample"]


def test_start_page_hides_the_offer_once_there_is_data(store: Store) -> None:
    at = open_page(ADMIN, HOME.path)
    assert "no candidates yet" not in _shown(at)
    assert not [b for b in at.button if b.key == "home_load_sample"]


def test_profile_offers_reports_to_those_who_may_export(store: Store, bank: Bank) -> None:
    ids = _ids(store)
    at = open_page(RECRUITER, PROFILE.path, candidate=str(ids["Osei"]))
    assert len(at.get("download_button")) == 2
    at = open_page(PAT, PROFILE.path, candidate=str(ids["Osei"]))
    assert len(at.get("download_button")) == 0

    pdf = candidate_report(store, bank, ids["Osei"], "pdf", "rita")
    assert pdf.startswith(b"%PDF")
    html = candidate_report(store, bank, ids["Osei"], "html", "rita")
    assert b"Amara Osei" in html
    with store.transaction() as s:
        pseudonym = people.get_candidate(s, ids["Osei"]).pseudonym
        events = s.scalars(select(Event).where(Event.action == "report.export")).all()
    assert [(e.actor, e.subject) for e in events] == [("rita", pseudonym)] * 2
    assert all("Osei" not in str(e.detail) for e in events)


def test_too_long_decision_reason_is_refused_and_the_text_is_kept(store: Store) -> None:
    osei = _ids(store)["Osei"]
    at = open_page(PAT, PANEL.path)
    long = "Strong on genealogy. " * 200  # 4,200 characters, over the 4,000 limit
    at.selectbox(key="pan_dec_candidate").select(osei)
    at.radio(key="pan_dec_decision").set_value("advance")
    at.text_area(key="pan_dec_reason").input(long)
    at.button(key="FormSubmitter:pan_decision_form-Record the decision").click().run()
    assert not at.exception
    assert any("the limit is 4,000" in unescape(e.value) for e in at.error)
    assert at.text_area(key="pan_dec_reason").value == long  # kept to shorten, not cut
    with store.transaction() as s:
        assert not panel.decisions(s, osei)
