"""Engine, migrations and transactions, with database failures turned into ``StoreError``.

SQLite (the default file under ``data/``) runs in WAL mode with ``synchronous=FULL``, so a
commit that returned is on disk even if the server is killed the next instant, and with a
``busy_timeout`` so a second writer waits instead of failing at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from assess.errors import StoreError

MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 5000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; creates the SQLite file's folder on first use."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"ASSESS_DATABASE_URL is not a database URL: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            try:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the database folder: {exc}") from exc
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as exc:
        raise StoreError(f"cannot use database URL {parsed!r}: {exc}") from exc


def describe(exc: BaseException) -> str:
    """A one-line, user-facing reason for a database failure."""
    message = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return "the database is busy (locked by another writer); the save will be retried"
    if "full" in lowered or "no space" in lowered:
        return "the disk holding the database is full; nothing new can be saved"
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return "the database is read-only; nothing new can be saved"
    if "connect" in lowered or "unable to open" in lowered:
        return f"cannot reach the database: {message}"
    return f"database error: {message}"


def migrate(engine: Engine) -> None:
    """Bring the schema up to date with Alembic (creates every table on a new database)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise StoreError(describe(exc)) from exc


class Store:
    """The database behind the app and the command line: open once, then use transactions."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @classmethod
    def open(cls, url: str) -> Store:
        """Open (and migrate) the database at ``url``."""
        store = cls(make_engine(url))
        migrate(store.engine)
        return store

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session that commits on success; a database failure becomes ``StoreError``."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            raise StoreError(describe(exc)) from exc
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(describe(exc)) from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` ("ok" when sound); "ok" on other backends."""
        if self.backend != "sqlite":
            return "ok"
        with self.engine.connect() as connection:
            return str(connection.execute(text("PRAGMA integrity_check")).scalar())

    def dispose(self) -> None:
        self.engine.dispose()
