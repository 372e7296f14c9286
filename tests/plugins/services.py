"""Real services for tests: a PostgreSQL database, Debian's Chromium, a Streamlit server.

``.ci/run`` starts a throwaway PostgreSQL cluster and exports ``ASSESS_TEST_PG_URL``; without it
the ``pg_url`` fixture starts its own cluster when the server binaries are installed. A missing
service skips the test on a developer's machine, and fails it when ``ASSESS_REQUIRE_SERVICES=1``
(CI must never pass by skipping).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Generator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import psycopg
import pytest
from sqlalchemy.engine import make_url

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
)
PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"
HEALTH_TIMEOUT = 90.0
ARTIFACTS = "test-artifacts"
_REPORT_KEY = pytest.StashKey[dict[str, pytest.TestReport]]()
_SERVERS_KEY = pytest.StashKey[list["AppServer"]]()


def _missing(reason: str) -> NoReturn:
    """Skip for a developer; fail in CI, where every service must be there."""
    if os.environ.get("ASSESS_REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (ASSESS_REQUIRE_SERVICES=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Keep each phase's report on the item (fixtures read it) and attach server logs."""
    report: pytest.TestReport = yield
    item.stash.setdefault(_REPORT_KEY, {})[report.when] = report
    if report.failed:  # the test's own servers and its module's (``module_app_server``)
        for node in item.listchain():
            for server in node.stash.get(_SERVERS_KEY, []):
                section = (f"app server log (port {server.port})", server.log_tail())
                report.sections.append(section)
    return report


def _failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(_REPORT_KEY, {})
    return any(report.failed for report in reports.values())


def _artifact_name(nodeid: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")[:180]


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_bin() -> Path | None:
    found = sorted(Path("/").glob(PG_BIN_GLOB.lstrip("/")), key=lambda p: p.parent.name)
    found = [path for path in found if (path / "initdb").exists()]
    return found[-1] if found else None


def _as_postgres(argv: list[str]) -> list[str]:
    # initdb refuses to run as root; CI runs as root, a developer usually does not.
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


@contextlib.contextmanager
def _own_cluster(bin_dir: Path) -> Iterator[str]:
    """A throwaway cluster on 127.0.0.1 with trust auth and an ``assess_test`` database."""
    # Not under pytest's tmp dir: that is mode 0700 for root, so postgres could not enter it.
    root = Path(tempfile.mkdtemp(prefix="assess-pg-"))
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        os.chown(root, entry.pw_uid, entry.pw_gid)
    data, port = root / "data", free_port()
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off"
    pg_ctl = str(bin_dir / "pg_ctl")
    try:
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]
        subprocess.run(_as_postgres([*initdb, "-E", "UTF8", "--no-locale"]), **quiet)
        start = [pg_ctl, "-D", str(data), "-l", str(root / "log"), "-w", "-o", options, "start"]
        subprocess.run(_as_postgres(start), **quiet)
        url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE assess_test")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/assess_test"
    except subprocess.CalledProcessError as exc:
        log = root / "log"
        detail = log.read_text(errors="replace") if log.exists() else ""
        pytest.fail(f"throwaway PostgreSQL did not start: {exc.stderr!r}\n{detail}")
    finally:
        stop = _as_postgres([pg_ctl, "-D", str(data), "stop", "-m", "fast"])
        subprocess.run(stop, check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """SQLAlchemy URL of a PostgreSQL database for tests (``postgresql+psycopg://...``)."""
    url = os.environ.get("ASSESS_TEST_PG_URL", "").strip()
    if url:
        yield url
        return
    bin_dir = _pg_bin()
    if bin_dir is None:
        _missing("no PostgreSQL: set ASSESS_TEST_PG_URL or install the postgresql package")
    with _own_cluster(bin_dir) as own_url:
        yield own_url


def _libpq(url: str, database: str | None = None) -> str:
    """The same server as a libpq URL that psycopg accepts (no SQLAlchemy driver name)."""
    parsed = make_url(url).set(drivername="postgresql")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


@pytest.fixture
def pg_fresh_url(pg_url: str) -> Iterator[str]:
    """SQLAlchemy URL of a new, empty database on the test server, dropped afterwards."""
    name = f"t_{secrets.token_hex(6)}"
    admin = _libpq(pg_url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        # FORCE ends connections a test or a killed app server left open.
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- Chromium via Playwright ------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Debian's Chromium; Playwright's own browser download is never used."""
    if not (CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK)):
        _missing(f"no Chromium at {CHROMIUM}: install the Debian package 'chromium'")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Any]:
    """A headless Chromium for the whole session (``playwright.sync_api.Browser``)."""
    from playwright.sync_api import expect, sync_playwright

    # A Streamlit page on two busy cores can take longer than Playwright's 5 s default.
    expect.set_options(timeout=20_000)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def screenshot_dir(request: pytest.FixtureRequest) -> Path:
    """``<repo>/test-artifacts/``, created; CI keeps it as the place to look after a failure."""
    folder = Path(request.config.rootpath) / ARTIFACTS
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest, screenshot_dir: Path) -> Iterator[Any]:
    """A fresh page in its own context; a failing test leaves a screenshot in test-artifacts/."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    new_page = context.new_page()
    try:
        yield new_page
    finally:
        if _failed(request):
            shot = screenshot_dir / f"{_artifact_name(request.node.nodeid)}.png"
            with contextlib.suppress(Exception):  # a crashed page must not hide the failure
                new_page.screenshot(path=str(shot), full_page=True)
        context.close()


# --- Streamlit server -------------------------------------------------------------------------


@dataclass(frozen=True)
class AppServer:
    """A ``streamlit run app.py`` process in its own process group.

    Attributes:
        url: ``http://127.0.0.1:<port>``.
        port: The port it listens on.
        process: The ``streamlit`` process (the leader of its process group).
        log_path: Its stdout and stderr.
        env: The ``ASSESS_*`` and other variables the test passed (for a restart).
    """

    url: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path
    env: Mapping[str, str]

    def alive(self) -> bool:
        """True while any process of the server's group exists."""
        try:
            os.killpg(self.process.pid, 0)
        except ProcessLookupError:
            return False
        return True

    def kill9(self) -> None:
        """SIGKILL the whole process group (a crash, no clean-up), then reap the leader."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        """SIGTERM the group and wait; SIGKILL it if it does not exit within 15 s."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=15)
        self.kill9()  # also ends any child left in the group

    def log_tail(self, chars: int = 6000) -> str:
        """The end of the server's output, for failure messages."""
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError as exc:
            return f"(no log: {exc})"


def _wait_healthy(server: AppServer, timeout: float) -> None:
    health = f"{server.url}/_stcore/health"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with {server.process.returncode} before it was healthy:\n"
                f"{server.log_tail()}"
            )
        try:
            with urllib.request.urlopen(health, timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)  # polling a process we started; there is no event to wait on
    raise TimeoutError(f"{health} did not answer 'ok' in {timeout:.0f} s:\n{server.log_tail()}")


AppServerFactory = Callable[..., AppServer]


def _start_server(
    root: Path,
    folder: Path,
    env: Mapping[str, str] | None = None,
    port: int | None = None,
) -> AppServer:
    """``streamlit run app.py`` from ``root``, logging into ``folder``; running, not yet healthy."""
    extra = dict(env or {})
    extra.setdefault("ASSESS_DATABASE_URL", f"sqlite:///{folder / 'assess.db'}")
    full_env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", **extra}
    chosen = port if port is not None else free_port()
    argv = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.port", str(chosen),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            argv,
            cwd=root,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group, so kill9() reaches every child
        )
    return AppServer(f"http://127.0.0.1:{chosen}", chosen, process, log_path, extra)


def _server_factory(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[AppServerFactory, list[AppServer]]:
    root = Path(request.config.rootpath)
    servers: list[AppServer] = []
    request.node.stash[_SERVERS_KEY] = servers

    def start(
        env: Mapping[str, str] | None = None, port: int | None = None, timeout: float = 90.0
    ) -> AppServer:
        server = _start_server(root, tmp_path_factory.mktemp("app-server"), env, port)
        servers.append(server)
        _wait_healthy(server, timeout)
        return server

    return start, servers


@pytest.fixture
def app_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppServerFactory]:
    """Factory: ``app_server(env=None, port=None, timeout=90) -> AppServer``.

    Starts ``streamlit run app.py`` from the repo root and waits for ``/_stcore/health``.
    ``env`` is added to this process's environment; ``ASSESS_DATABASE_URL`` defaults to a new
    SQLite file in a temp folder. Pass ``port=old.port`` and ``env=old.env`` to restart on the
    same database and address. Every server started here is stopped at teardown; a failing
    test's report carries each server's log.
    """
    start, servers = _server_factory(request, tmp_path_factory)
    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def module_app_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppServerFactory]:
    """``app_server`` for a whole test module: one server start shared by its tests (stopped
    after the module's last test); a failing test's report carries the servers' logs too."""
    start, servers = _server_factory(request, tmp_path_factory)
    yield start
    for server in servers:
        server.stop()
