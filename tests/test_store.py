"""The store on a real SQLite file and on a real PostgreSQL server (same tests, both)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from assess.content.bank import Bank
from assess.errors import InputError, StoreError, UnknownItemError
from assess.scoring.result import KeyPointResult, RedFlagHit, RoleFit, Score
from assess.store import audit, interviews, panel, people, records, settings
from assess.store.db import Store


def _score(value: float | None = 3.2) -> Score:
    point = KeyPointResult("p1", "Point one", 1.0, 0.8, True, "the clause", (4, 14), "Probe?")
    missed = KeyPointResult("p2", "Point two", 2.0, 0.1, False, "", None, "Ask about two?")
    flag = RedFlagHit("M3", "MES is MOM", "MES is a subset", "MES is MOM", (0, 10), 0.9)
    return Score(
        score=value,
        band="competent" if value is not None else "not scored",
        confidence=0.7,
        abstained=value is None,
        abstain_reason="" if value is not None else "too short",
        covered=(point,),
        missed=(missed,),
        red_flags=(flag,),
        integrity_flags=("keyword_stuffing",),
        role_fit=RoleFit(3.0, 2.0, -0.4, "plant"),
        model_id="fake-model",
        rubric_version="Q001/plant/v1",
        calibration_id="cal-1",
        features={"sim_reference": 0.5},
    )


def _interview(session, bank: Bank, level: str = "plant"):
    req = people.create_requisition(session, "MES Engineer", level, "rec", panel=["pa", "pb"])
    cand = people.create_candidate(session, "Ada Lovelace", req.id, "rec")
    qids = [q.id for q in bank.active_questions() if level in q.levels][:3]
    return cand, interviews.start_interview(session, bank, cand.id, level, qids, "ivan")


def test_new_database_has_every_table_and_passes_integrity(store: Store) -> None:
    with store.engine.connect() as connection:
        names = set(store.engine.dialect.get_table_names(connection))
    assert {"candidates", "answer_versions", "scores", "ratings", "events", "demographics"} <= names
    assert "alembic_version" in names
    assert store.integrity_check() == "ok"


def test_sqlite_runs_wal_with_full_sync(tmp_path: Path) -> None:
    opened = Store.open(f"sqlite:///{tmp_path / 'nested' / 'a.db'}")
    with opened.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 1000
    assert (tmp_path / "nested" / "a.db").exists()


def test_migrating_twice_is_harmless(store: Store) -> None:
    Store.open(str(store.engine.url.render_as_string(hide_password=False))).dispose()
    with store.transaction() as s:
        assert people.requisitions(s) == []


def test_interview_runs_and_reads_back(store: Store, real_bank: Bank) -> None:
    with store.transaction() as s:
        cand, interview = _interview(s, real_bank)
        iid, first = interview.id, interview.questions[0].id
    with store.transaction() as s:
        saved = interviews.save_answer(s, first, "MES runs one plant", "ivan", "tab1", 0)
        assert saved.created and saved.version.version == 1
        again = interviews.save_answer(s, first, "MES runs one plant", "ivan", "tab1", 1)
        assert not again.created and again.version.version == 1
        v2 = interviews.save_answer(s, first, "MES runs one plant; MOM all four", "ivan", "tab1", 1)
        row = interviews.record_score(s, v2.version, _score(3.2), "ivan")
        interviews.rate(s, first, 3, "ivan", score=row)
        interviews.add_note(s, iid, "ivan", "private note", first)
    with store.transaction() as s:
        lines = interviews.summary(s, iid)
        assert [line.position for line in lines] == [0, 1, 2]
        assert lines[0].answer == "MES runs one plant; MOM all four"
        assert lines[0].answer_version == 2
        assert lines[0].suggested == pytest.approx(3.2)
        assert lines[0].rating == 3 and lines[0].status == "answered"
        assert lines[1].rating is None and lines[1].answer == ""
        assert interviews.overall_rating(lines) == 3
        assert [v.version for v in interviews.answer_history(s, first)] == [1, 2]
        stored = interviews.latest_score(s, first)
        assert Score.from_dict(stored.detail) == _score(3.2)
        interviews.finish(s, iid, "ivan")
    with store.transaction() as s:
        assert interviews.get_interview(s, iid).status == "finished"
        assert people.get_candidate(s, cand.id).status == "interviewed"


def test_rating_far_from_suggestion_needs_a_reason(store: Store, real_bank: Bank) -> None:
    with store.transaction() as s:
        _, interview = _interview(s, real_bank)
        qid = interview.questions[0].id
        answer = interviews.save_answer(s, qid, "some answer", "ivan", "t", 0).version
        row = interviews.record_score(s, answer, _score(3.2), "ivan")
        with pytest.raises(InputError, match="reason"):
            interviews.rate(s, qid, 5, "ivan", "", score=row)
        interviews.rate(s, qid, 4, "ivan", "", score=row)  # 0.8 away: no reason needed
        interviews.rate(s, qid, 1, "ivan", "missed the boundary entirely", score=row)
        with pytest.raises(InputError, match="0 to 5"):
            interviews.rate(s, qid, 6, "ivan", "x", score=row)
        assert interviews.latest_rating(s, qid).rating == 1
    with store.transaction() as s:
        overrides = audit.events(s, action="rating.override")
        assert len(overrides) == 1 and overrides[0].detail["suggested"] == pytest.approx(3.2)


def test_two_editors_both_versions_kept_and_conflict_visible(store: Store, real_bank: Bank) -> None:
    with store.transaction() as s:
        _, interview = _interview(s, real_bank)
        qid = interview.questions[0].id
    with store.transaction() as s:
        interviews.save_answer(s, qid, "first draft", "ivan", "tab-a", 0)
    with store.transaction() as s:  # tab b never saw version 1
        saved = interviews.save_answer(s, qid, "other view", "olga", "tab-b", 0)
    assert saved.overwrote is not None and saved.overwrote.author == "ivan"
    with store.transaction() as s:
        assert interviews.current_answer(s, qid).text == "other view"
        assert [v.text for v in interviews.answer_history(s, qid)] == ["first draft", "other view"]
        pairs = interviews.conflicts(s, qid)
        assert [(a.version, b.version) for a, b in pairs] == [(1, 2)]
        assert len(audit.events(s, action="answer.conflict")) == 1


def test_follow_up_goes_right_after_its_parent(store: Store, real_bank: Bank) -> None:
    with store.transaction() as s:
        _, interview = _interview(s, real_bank)
        first = interview.questions[0]
        follow = interviews.add_follow_up(s, first.id, "And across sites?", "ivan")
        interviews.set_skipped(s, interview.questions[2].id, True, "ivan")
        iid = interview.id
    with store.transaction() as s:
        lines = interviews.summary(s, iid)
        assert [line.kind for line in lines] == ["kit", "follow_up", "kit", "kit"]
        assert lines[1].interview_question_id == follow.id
        assert lines[3].status == "skipped"
        with pytest.raises(InputError):
            interviews.add_follow_up(s, first.id, "   ", "ivan")


def test_event_log_refuses_rewrites(store: Store) -> None:
    with store.transaction() as s:
        audit.log(s, "admin", "test.event", "cand-x", value=1)
    with pytest.raises(StoreError), store.transaction() as s:
        s.execute(text("UPDATE events SET actor = 'mallory'"))
    with pytest.raises(StoreError), store.transaction() as s:
        s.execute(text("DELETE FROM events"))
    with store.transaction() as s:
        assert [e.actor for e in audit.events(s)] == ["admin"]


def test_answer_versions_cannot_be_rewritten(store: Store, real_bank: Bank) -> None:
    with store.transaction() as s:
        _, interview = _interview(s, real_bank)
        interviews.save_answer(s, interview.questions[0].id, "kept", "ivan", "t", 0)
    with pytest.raises(StoreError), store.transaction() as s:
        s.execute(text("UPDATE answer_versions SET text = 'changed'"))


def test_event_detail_never_takes_answer_text(store: Store) -> None:
    with store.transaction() as s, pytest.raises(ValueError):
        audit.log(s, "ivan", "bad", text="candidate said...")


def test_unknown_ids_and_bad_input_are_typed_errors(store: Store, real_bank: Bank) -> None:
    with store.transaction() as s:
        with pytest.raises(UnknownItemError):
            people.get_candidate(s, 999)
        with pytest.raises(InputError):
            people.create_requisition(s, "x", "galaxy", "rec")
        with pytest.raises(InputError):
            people.create_candidate(s, "   ", 1, "rec")
        with pytest.raises(InputError):
            people.record_demographics(s, 1, "robot", "", "admin")


def test_panel_ratings_latest_per_member_and_decisions_need_name_and_reason(
    store: Store, real_bank: Bank
) -> None:
    with store.transaction() as s:
        cand, _ = _interview(s, real_bank)
        panel.rate_candidate(s, cand.id, "pa", 3)
        panel.rate_candidate(s, cand.id, "pa", 4)
        panel.rate_candidate(s, cand.id, "pb", 2)
        with pytest.raises(InputError):
            panel.decide(s, cand.id, "advance", "", "good")
        with pytest.raises(InputError):
            panel.decide(s, cand.id, "advance", "pa", "")
        panel.decide(s, cand.id, "advance", "pa", "strong on the L3-L4 boundary")
        req = cand.requisition_id
    with store.transaction() as s:
        latest = sorted((r.member, r.rating) for r in panel.panel_ratings(s, req))
        assert latest == [("pa", 4), ("pb", 2)]
        assert people.get_candidate(s, cand.id).status == "advanced"
        assert panel.has_rated(s, cand.id, "pb") and not panel.has_rated(s, cand.id, "pc")


def test_machine_scoring_switch(store: Store) -> None:
    with store.transaction() as s:
        assert settings.machine_scoring_enabled(s)
        settings.set_machine_scoring(s, False, "admin")
    with store.transaction() as s:
        assert not settings.machine_scoring_enabled(s)
        assert audit.events(s, action="setting.machine_scoring")[0].detail == {"enabled": False}


def test_records_carry_tags_scores_and_ratings(store: Store, real_bank: Bank) -> None:
    with store.transaction() as s:
        _cand, interview = _interview(s, real_bank)
        qid = interview.questions[0].id
        answer = interviews.save_answer(s, qid, "an answer", "ivan", "t", 0).version
        row = interviews.record_score(s, answer, _score(2.5), "ivan")
        interviews.rate(s, qid, 2, "ivan", score=row)
    with store.transaction() as s:
        (record,) = records.candidate_records(s, real_bank)
    first = record.questions[0]
    assert record.name == "Ada Lovelace" and record.level == "plant"
    assert first.competency == real_bank.question(first.question_id).competency
    assert first.machine_score == pytest.approx(2.5) and first.final_rating == 2
    assert first.red_flags[0].clause == "MES is MOM"
    assert first.role_fit_position == pytest.approx(-0.4)
    assert record.questions[1].final_rating is None


def test_locked_sqlite_database_is_a_store_error(tmp_path: Path, monkeypatch) -> None:
    url = f"sqlite:///{tmp_path / 'locked.db'}"
    opened = Store.open(url)
    monkeypatch.setattr("assess.store.db.BUSY_TIMEOUT_MS", 100)
    blocker = Store.open(url)
    monkeypatch.undo()
    with blocker.engine.connect() as hold:
        hold.exec_driver_sql("PRAGMA busy_timeout=100")
        hold.exec_driver_sql("BEGIN EXCLUSIVE")
        with pytest.raises(StoreError, match=r"busy|locked"), opened.transaction() as s:
            s.execute(text("PRAGMA busy_timeout=100"))
            audit.log(s, "a", "x")
        hold.exec_driver_sql("ROLLBACK")


def test_bad_database_url_is_a_store_error() -> None:
    with pytest.raises(StoreError):
        Store.open("not a url at all")
    with pytest.raises(StoreError):
        Store.open("sqlite:////proc/definitely/not/writable/a.db")


def test_describe_names_the_failure() -> None:
    from assess.store.db import describe

    assert "full" in describe(DBAPIError("x", {}, Exception("database or disk is full")))
    assert "read-only" in describe(Exception("attempt to write a readonly database"))


def test_accounts_first_admin_login_and_last_admin_guard(store: Store) -> None:
    from assess.errors import AuthError
    from assess.store import accounts

    with store.transaction() as s:
        assert not accounts.has_admin(s)
        admin = accounts.create_first_admin(s, "Root", "Root Admin", "correct horse battery")
        assert admin.username == "root" and admin.role == "admin"
        with pytest.raises(AuthError):
            accounts.create_first_admin(s, "other", "Other", "correct horse battery")
        accounts.create_user(s, "ivan", "Ivan", "interviewer", "interviewer pass 1", "root")
        with pytest.raises(InputError, match="taken"):
            accounts.create_user(s, "IVAN", "Ivan", "interviewer", "interviewer pass 1", "root")
    with store.transaction() as s:
        assert accounts.authenticate(s, "ivan", "interviewer pass 1").role == "interviewer"
        assert accounts.authenticate(s, "ivan", "nope nope nope") is None
        assert accounts.authenticate(s, "ghost", "interviewer pass 1") is None
        with pytest.raises(InputError, match="last active admin"):
            accounts.update_user(s, "root", "root", role="recruiter")
        accounts.update_user(s, "ivan", "root", active=False)
    with store.transaction() as s:
        assert accounts.authenticate(s, "ivan", "interviewer pass 1") is None
        assert len(audit.events(s, action="login.failed")) == 3
        stored = [u.password_hash for u in accounts.users(s)]
        assert all(h.startswith("scrypt$") and "pass" not in h for h in stored)


def test_oidc_identity_maps_to_the_account_an_admin_made_for_that_email(store: Store) -> None:
    from assess.store import accounts

    with store.transaction() as s:
        accounts.create_first_admin(s, "root", "Root Admin", "correct horse battery")
        accounts.create_user(s, "Rita@Example.com", "Rita", "recruiter", "recruiter pass 1", "root")
    with store.transaction() as s:
        user = accounts.oidc_user(s, " rita@example.COM ")  # e-mail case and spaces vary
        assert user is not None and (user.username, user.role) == ("rita@example.com", "recruiter")
        assert accounts.oidc_user(s, "stranger@example.com") is None  # no role given: no access
        assert accounts.oidc_user(s, "") is None
        accounts.update_user(s, "rita@example.com", "root", active=False)
    with store.transaction() as s:
        assert accounts.oidc_user(s, "rita@example.com") is None  # deactivated
        logins = audit.events(s, action="login.oidc")
        assert [e.actor for e in logins] == ["rita@example.com"]


def test_sign_ins_resume_until_they_end(store: Store) -> None:
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from assess.store import accounts, sign_ins
    from assess.store.schema import SignIn

    start = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with store.transaction() as s:
        accounts.create_first_admin(s, "root", "Root Admin", "correct horse battery")
        accounts.create_user(s, "ivan", "Ivan", "interviewer", "interviewer pass 1", "root")
        token = sign_ins.open_sign_in(s, "ivan", now=start)
        other = sign_ins.open_sign_in(s, "ivan", now=start)
    assert token != other and len(token) >= 40
    with store.transaction() as s:
        stored = s.scalars(select(SignIn.token_hash)).all()
        assert token not in stored and other not in stored  # only digests are kept
        later = start + timedelta(hours=sign_ins.HOURS) - timedelta(minutes=1)
        user = sign_ins.resume(s, token, now=later)
        assert user is not None and (user.username, user.role) == ("ivan", "interviewer")
        assert sign_ins.resume(s, token, now=start + timedelta(hours=sign_ins.HOURS)) is None
        assert sign_ins.resume(s, "not-a-token", now=start) is None
        assert sign_ins.resume(s, "", now=start) is None
        accounts.update_user(s, "ivan", "root", role="recruiter")
    with store.transaction() as s:
        assert sign_ins.resume(s, token, now=start).role == "recruiter"  # read afresh
        sign_ins.close_sign_in(s, token, now=start)
        assert sign_ins.resume(s, token, now=start) is None  # signed out
        assert sign_ins.resume(s, other, now=start) is not None  # another browser still in
        accounts.update_user(s, "ivan", "root", active=False)
    with store.transaction() as s:
        assert sign_ins.resume(s, other, now=start) is None  # deactivated
        assert len(audit.events(s, action="login.resumed")) == 3
        # Opening a sign-in clears out those that have ended.
        sign_ins.open_sign_in(s, "root", now=start + timedelta(days=2))
        assert s.scalars(select(SignIn.username)).all() == ["root"]


def test_migrations_build_exactly_the_models_tables(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from assess.store.schema import Base

    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
