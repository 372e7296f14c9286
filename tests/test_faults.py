"""Nothing lost: fault tests against a real ``streamlit run app.py`` process and Chromium.

Each test seeds a SQLite file, starts the server on it, signs in through the browser and works
the interview console the way an interviewer does. The acknowledgement of a save is the
console's "Saved · version N" caption: what it showed must survive a refresh, a restart, a
``kill -9``, a second interviewer, a locked database and a full disk.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import re
import resource
import shutil
import sqlite3
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from assess.content.bank import Bank
from assess.errors import StoreError
from assess.store import interviews
from assess.store.db import Store
from tests.browser_helpers import (
    EDITOR,
    PASSWORD,
    SLOW,
    answer_versions,
    app_env,
    conflict_note,
    expect_saved,
    no_exception,
    open_interview,
    reopen,
    seed_interview,
    sign_in,
    sqlite_path,
    wait_idle,
)

ANSWER = (
    "ERP releases the order with its routing; the MES checks that material and operators are "
    "ready, dispatches it to the line and reports the actual quantities back to ERP."
)
REASON = "Covers dispatching and confirmation; no word on genealogy."


@pytest.fixture
def env(tmp_path: Path, real_bank_snapshot: Path) -> dict[str, str]:
    return app_env(tmp_path, real_bank_snapshot)


@contextlib.contextmanager
def _opened(url: str) -> Iterator[Store]:
    store = Store.open(url)
    try:
        yield store
    finally:
        store.dispose()


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


# --- kill -9 during a burst of saves ---------------------------------------------------------


@pytest.mark.server
@pytest.mark.browser
def test_kill9_during_a_burst_of_saves_keeps_every_acknowledged_save(
    app_server: Any, page: Any, env: dict[str, str], real_bank: Bank
) -> None:
    expect = _expect()
    url = env["ASSESS_DATABASE_URL"]
    seeded = seed_interview(url, real_bank)
    item = seeded.item_ids[0]
    server = app_server(env=env)
    sign_in(page, server.url, "ivan")
    editor = open_interview(page, seeded.interview_id)
    editor.click()

    typed = ""
    acked: dict[int, str] = {}
    for n in range(1, 6):
        burst = f"Burst {n}: the MES dispatches order {n} to line {n % 3}. "
        page.keyboard.type(burst, delay=5)
        typed += burst
        expect_saved(page, n)  # the acknowledgement: the page shows version n as saved
        acked[n] = editor.input_value()
        assert acked[n] == typed

    # The last burst saves about every 0.7 s; the server is killed at a random moment in it.
    killer = threading.Timer(random.uniform(0.7, 2.5), server.kill9)
    killer.start()
    try:
        for k in range(6):
            chunk = f"kill burst {k}; "
            page.keyboard.type(chunk, delay=5)
            typed += chunk
            page.wait_for_timeout(650)  # deliberately past the 600 ms debounce: one save each
    finally:
        killer.join()
    assert server.process.returncode == -9
    assert not server.alive()

    with _opened(url) as crashed:  # opening it recovers the WAL, as the restart will
        assert crashed.integrity_check() == "ok"
    versions = answer_versions(url, item)
    numbers = [v[0] for v in versions]
    assert numbers == list(range(1, len(versions) + 1)), numbers
    assert len(versions) >= max(acked)
    for number, text in acked.items():
        assert versions[number - 1][1] == text, f"acknowledged version {number} changed"
    # Saves that raced the kill are either whole or absent: each is a prefix of what was typed.
    for number, text, _author, _base in versions:
        assert typed.startswith(text), f"version {number} is not what was typed: {text!r}"

    restarted = app_server(env=server.env, port=server.port)
    with _opened(url) as store:
        assert store.integrity_check() == "ok"
    reopen(page, restarted.url, "Ivan")  # still signed in after the crash
    editor = open_interview(page, seeded.interview_id)
    expect(editor).to_have_value(versions[-1][1])
    assert editor.input_value().startswith(acked[max(acked)])
    expect_saved(page, len(versions))
    no_exception(page)


# --- refresh and restart ---------------------------------------------------------------------


def _rate(page: Any, rating: int, reason: str) -> None:
    expect = _expect()
    page.get_by_test_id("stRadio").get_by_text(str(rating), exact=True).click()
    wait_idle(page)
    page.get_by_label("Reason for your rating", exact=True).fill(reason)
    page.get_by_role("button", name="Save rating").click()
    expect(page.get_by_text(f"Rating {rating} saved.")).to_be_visible(timeout=SLOW)


def _next(page: Any, position: int) -> None:
    """Press "Next →" and wait until question ``position`` is on screen."""
    expect = _expect()
    page.get_by_role("button", name="Next →").click()
    expect(page.get_by_text(re.compile(rf"^Question {position} of \d+"))).to_be_visible()
    wait_idle(page)


def _expect_restored(page: Any, interview_id: int, plain_text: str) -> None:
    """Reopened from "Your interviews": question 1 (live editor) and 2 (plain text box)."""
    expect = _expect()
    editor = open_interview(page, interview_id)
    expect(editor).to_have_value(ANSWER)
    expect_saved(page, 1)
    expect(page.get_by_role("radio", name="3", exact=True)).to_be_checked()
    expect(page.get_by_label("Reason for your rating", exact=True)).to_have_value(REASON)
    expect(page.get_by_text(re.compile(r"Saved rating: 3 by ivan"))).to_be_visible()
    _next(page, 2)
    # A new session starts with the live editor again; it shows what the plain box saved.
    expect(page.locator(EDITOR)).to_have_count(1)
    expect(page.locator(EDITOR)).to_have_value(plain_text)
    expect_saved(page, 1)
    no_exception(page)


@pytest.mark.server
@pytest.mark.browser
def test_refresh_and_restart_restore_every_saved_answer_and_rating(
    app_server: Any, page: Any, env: dict[str, str], real_bank: Bank
) -> None:
    expect = _expect()
    url = env["ASSESS_DATABASE_URL"]
    seeded = seed_interview(url, real_bank)
    server = app_server(env=env)
    sign_in(page, server.url, "ivan")
    editor = open_interview(page, seeded.interview_id)
    editor.fill(ANSWER)
    expect_saved(page, 1)
    _rate(page, 3, REASON)
    # Question 2 through the plain text box, which sends on Ctrl+Enter.
    _next(page, 2)
    page.get_by_text("Plain text box", exact=True).click()
    wait_idle(page)
    plain = page.get_by_label(re.compile("The candidate's answer"))
    plain_text = "Genealogy links each lot to the materials and equipment that made it."
    plain.fill(plain_text)
    plain.press("Control+Enter")
    expect_saved(page, 1)

    reopen(page, page.url, "Ivan")  # a refresh: a new session, still signed in
    _expect_restored(page, seeded.interview_id, plain_text)

    server.stop()
    restarted = app_server(env=server.env, port=server.port)
    reopen(page, restarted.url, "Ivan")  # the sign-in is in the database: it survives too
    _expect_restored(page, seeded.interview_id, plain_text)
    versions = answer_versions(url, seeded.item_ids[0])
    assert [(v[0], v[1]) for v in versions] == [(1, ANSWER)]
    expect(page.get_by_test_id("stException")).to_have_count(0)


@pytest.mark.server
@pytest.mark.browser
def test_the_interview_url_reopens_the_interview_signed_in_or_not(
    app_server: Any, page: Any, env: dict[str, str], real_bank: Bank
) -> None:
    """Reopening the console URL itself (not via "Your interviews"): with the sign-in cookie
    it opens straight away; without it (another browser, or signed out), signing in on that
    URL lands on the interview."""
    expect = _expect()
    seeded = seed_interview(env["ASSESS_DATABASE_URL"], real_bank)
    server = app_server(env=env)
    sign_in(page, server.url, "ivan")
    open_interview(page, seeded.interview_id).fill(ANSWER)
    expect_saved(page, 1)
    deep_link = page.url
    assert f"interview={seeded.interview_id}" in deep_link

    reopen(page, deep_link, "Ivan")
    expect(page.locator(EDITOR)).to_have_value(ANSWER)
    expect_saved(page, 1)

    page.context.clear_cookies()  # as a browser that never signed in
    page.goto(deep_link)
    wait_idle(page)
    expect(page.get_by_role("dialog", name="Page not found")).to_have_count(0, timeout=3_000)
    expect(page.locator(EDITOR)).to_have_count(0)  # nothing of the interview before sign-in
    page.get_by_label("Username", exact=True).fill("ivan")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(EDITOR)).to_have_value(ANSWER, timeout=10_000)
    expect_saved(page, 1)
    assert page.url == deep_link


# --- two interviewers on one question --------------------------------------------------------


@pytest.mark.server
@pytest.mark.browser
def test_two_interviewers_keep_both_versions_and_see_the_conflict(
    app_server: Any, browser: Any, page: Any, env: dict[str, str], real_bank: Bank
) -> None:
    expect = _expect()
    url = env["ASSESS_DATABASE_URL"]
    seeded = seed_interview(url, real_bank)
    server = app_server(env=env)
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    other.set_default_timeout(30_000)
    try:
        page_b = other.new_page()
        # Ivan runs the interview; Ada (admin, may open every interview) joins in a second
        # browser. Both have question 1 open before either types.
        sign_in(page, server.url, "ivan")
        editor_a = open_interview(page, seeded.interview_id)
        sign_in(page_b, server.url, "ada")
        editor_b = open_interview(page_b, seeded.interview_id)
        text_a = "Ivan's notes: ERP releases the order and the MES dispatches it."
        text_b = "Ada's notes: the MES checks readiness of material before dispatch."
        editor_a.fill(text_a)
        expect_saved(page, 1)
        editor_b.fill(text_b)
        expect_saved(page_b, 2)
        conflict = conflict_note(2, "ada", 1, "ivan")
        expect(page_b.get_by_text(conflict)).to_be_visible()
        no_exception(page_b)

        versions = answer_versions(url, seeded.item_ids[0])
        assert versions == [(1, text_a, "ivan", 0), (2, text_b, "ada", 0)]

        reopen(page, server.url, "Ivan")  # Ivan reloads: the later text, and the conflict
        editor_a = open_interview(page, seeded.interview_id)
        expect(editor_a).to_have_value(text_b)
        expect(page.get_by_text(re.compile(r"Saved · version 2 by ada"))).to_be_visible()
        expect(page.get_by_text(conflict)).to_be_visible()
        page.get_by_text("Compare versions 1 and 2").click()
        expect(page.get_by_text(text_a, exact=True)).to_be_visible()
        no_exception(page)
    finally:
        other.close()


# --- a locked database and a full disk -------------------------------------------------------


def _unsaved_banner(page: Any) -> Any:
    return page.get_by_test_id("stAlert").filter(has_text="Unsaved — retrying.")


@contextlib.contextmanager
def _small_disk(size_mb: int = 16) -> Iterator[Path | None]:
    """A tmpfs of ``size_mb`` MiB to fill up for real, or None where mounting is not allowed
    (not root, or a container without the capability)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="assess-small-disk-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        folder.rmdir()
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _fill(folder: Path) -> Path:
    """Write a file until the file system says it is full; returns it (delete to free)."""
    filler = folder / "filler"
    block = b"\0" * 65536
    with filler.open("wb") as out:
        try:
            while True:
                out.write(block)
                out.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC, exc
    return filler


@contextlib.contextmanager
def _disk_full(server: Any, db: Path, disk: Path | None) -> Iterator[str]:
    """The database's disk is full while inside; yields the words the banner must show.

    With a tmpfs: filled for real (ENOSPC, SQLite's SQLITE_FULL). Without: the server may
    not grow a file past the write-ahead log's end (RLIMIT_FSIZE; Python ignores SIGXFSZ,
    so the write fails with EFBIG and SQLite reports a disk I/O error). Commits append to
    the log; the database file is only written at a checkpoint, so nothing else is cut off.
    """
    if disk is not None:
        filler = _fill(disk)
        try:
            yield "the disk holding the database is full"
        finally:
            filler.unlink()
        return
    wal = db.with_name(db.name + "-wal")
    assert wal.exists(), "the server's SQLite is expected to run in WAL mode"
    limit = wal.stat().st_size + 1000
    assert server.log_path.stat().st_size < limit
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield "disk I/O error"
    finally:
        resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, (hard, hard))


@pytest.mark.server
@pytest.mark.browser
def test_locked_database_and_full_disk_keep_the_text_and_retry(
    app_server: Any, page: Any, tmp_path: Path, real_bank_snapshot: Path, real_bank: Bank
) -> None:
    expect = _expect()
    with _small_disk() as disk:
        env = app_env(disk or tmp_path, real_bank_snapshot)
        url = env["ASSESS_DATABASE_URL"]
        db = sqlite_path(url)
        seeded = seed_interview(url, real_bank)
        item = seeded.item_ids[0]
        server = app_server(env=env)
        sign_in(page, server.url, "ivan")
        editor = open_interview(page, seeded.interview_id)
        first = "Before the lock: ERP releases the order."
        editor.fill(first)
        expect_saved(page, 1)

        # Locked: another writer holds the database longer than the store's 5 s busy timeout.
        locked_text = first + " Typed while another writer holds the lock."
        lock = sqlite3.connect(db, timeout=0, isolation_level=None)
        try:
            lock.execute("BEGIN EXCLUSIVE")
            editor.fill(locked_text)
            expect(_unsaved_banner(page)).to_be_visible(timeout=SLOW)
            expect(_unsaved_banner(page)).to_contain_text("locked")
            expect(editor).to_have_value(locked_text)
            no_exception(page)
            assert [v[0] for v in answer_versions(url, item)] == [1]
        finally:
            lock.rollback()
            lock.close()
        page.get_by_role("button", name="Retry now").click()
        expect_saved(page, 2)
        expect(_unsaved_banner(page)).to_have_count(0)
        assert answer_versions(url, item)[-1][:2] == (2, locked_text)

        # Full: the same promise, and the retry succeeds once there is room again.
        full_text = locked_text + " Typed while the disk is full."
        with _disk_full(server, db, disk) as words:
            editor.fill(full_text)
            expect(_unsaved_banner(page)).to_be_visible(timeout=SLOW)
            expect(_unsaved_banner(page)).to_contain_text(words)
            expect(editor).to_have_value(full_text)
            no_exception(page)
        assert [v[0] for v in answer_versions(url, item)] == [1, 2]
        page.get_by_role("button", name="Retry now").click()
        expect_saved(page, 3)
        expect(_unsaved_banner(page)).to_have_count(0)
        expect(editor).to_have_value(full_text)
        assert answer_versions(url, item)[-1][:2] == (3, full_text)
        with _opened(url) as store:
            assert store.integrity_check() == "ok"
        no_exception(page)
        server.stop()  # before the small disk is unmounted


def test_store_reports_a_full_database_as_store_error(tmp_path: Path, real_bank: Bank) -> None:
    """The same failure without a server: SQLITE_FULL from a page cap becomes StoreError."""
    url = f"sqlite:///{tmp_path / 'full.db'}"
    seeded = seed_interview(url, real_bank)
    store = Store.open(url)
    try:
        with store.engine.connect() as conn:
            pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())
        store.engine.dispose()

        def cap(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        event.listen(store.engine, "connect", cap)
        item = seeded.item_ids[0]
        with store.transaction() as s:
            interviews.save_answer(s, item, "short", "ivan", "e1", 0)  # fits in free pages
        huge = " ".join(f"word{i}" for i in range(10_000))  # ~90 KB: needs new pages
        full = pytest.raises(StoreError, match=r"disk holding the database is full")
        with full, store.transaction() as s:
            interviews.save_answer(s, item, huge, "ivan", "e1", 1)
        with store.transaction() as s:
            assert [v.text for v in interviews.answer_history(s, item)] == ["short"]
        assert store.integrity_check() == "ok"
    finally:
        store.dispose()
