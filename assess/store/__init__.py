"""Persistence: SQLAlchemy models, Alembic migrations and the operations the app performs.

``open_store()`` opens the database named by ``ASSESS_DATABASE_URL`` (else the SQLite file
under ``data/``) and brings its schema up to date. Modules, one job each: ``people``
(requisitions, candidates, demographics), ``interviews`` (the console's data), ``panel``,
``settings``, ``audit`` (the event log) and ``records`` (reads for analytics).
"""

from __future__ import annotations

from assess.config import database_url
from assess.store.db import Store


def open_store(url: str | None = None) -> Store:
    return Store.open(url or database_url())


__all__ = ["Store", "open_store"]
