"""The service fixtures work: PostgreSQL round trip, Chromium page, a Streamlit server."""

from __future__ import annotations

import os
import socket
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.postgres
def test_postgres_round_trip(pg_fresh_url: str) -> None:
    engine = create_engine(pg_fresh_url)
    try:
        with engine.begin() as conn:
            assert conn.execute(text("select 1")).scalar_one() == 1
            conn.execute(text("create table t (x int)"))
            conn.execute(text("insert into t values (41), (1)"))
        with engine.connect() as conn:
            assert conn.execute(text("select sum(x) from t")).scalar_one() == 42
            assert engine.dialect.driver == "psycopg"
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_each_test_gets_a_fresh_database(pg_url: str, pg_fresh_url: str) -> None:
    # The table the test above created must not be here, and the name must be a new one.
    engine = create_engine(pg_fresh_url)
    try:
        with engine.connect() as conn:
            tables = conn.execute(text("select count(*) from pg_tables where tablename = 't'"))
            assert tables.scalar_one() == 0
            name = conn.execute(text("select current_database()")).scalar_one()
    finally:
        engine.dispose()
    assert name.startswith("t_")
    assert pg_fresh_url != pg_url


@pytest.mark.browser
def test_chromium_reads_a_data_url_title(page) -> None:
    page.goto("data:text/html,<title>assess smoke</title><p data-testid='x'>hello</p>")
    assert page.title() == "assess smoke"
    assert page.get_by_test_id("x").inner_text() == "hello"


@pytest.mark.browser
def test_screenshot_dir_is_in_the_repo(screenshot_dir: Path, page) -> None:
    page.goto("data:text/html,<h1>shot</h1>")
    shot = screenshot_dir / "services-smoke.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 0
    assert screenshot_dir.name == "test-artifacts"
    shot.unlink()


@pytest.mark.server
def test_app_server_is_healthy_then_kill9_leaves_nothing(app_server) -> None:
    server = app_server(env={"ASSESS_FAKE_ENCODER": "1"})
    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=5) as response:
        assert response.read() == b"ok"
    with urllib.request.urlopen(server.url, timeout=5) as response:
        assert b"<html" in response.read().lower()
    assert server.env["ASSESS_DATABASE_URL"].startswith("sqlite:///")
    pgid = server.process.pid

    server.kill9()

    assert server.process.returncode == -9
    assert not server.alive()
    with pytest.raises(ProcessLookupError):
        os.killpg(pgid, 0)
    assert not _port_open(server.port)


@pytest.mark.server
def test_app_server_restarts_on_the_same_port(app_server) -> None:
    first = app_server()
    first.stop()
    assert not first.alive()
    second = app_server(env=first.env, port=first.port)
    assert second.url == first.url
    assert second.env["ASSESS_DATABASE_URL"] == first.env["ASSESS_DATABASE_URL"]
    with urllib.request.urlopen(f"{second.url}/_stcore/health", timeout=5) as response:
        assert response.read() == b"ok"


@pytest.mark.browser
@pytest.mark.server
def test_browser_opens_the_running_app(app_server, page) -> None:
    from playwright.sync_api import expect

    server = app_server()
    page.goto(server.url)
    expect(page.get_by_test_id("stApp")).to_be_visible()
    expect(page).to_have_title("ISA-95 Interview Assessment")
