"""Alembic environment: runs on the connection ``assess.store.db.migrate`` passes in."""

from __future__ import annotations

from alembic import context

from assess.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # e.g. `alembic revision --autogenerate` from the command line
    from assess.config import database_url
    from assess.store.db import make_engine

    connection = make_engine(database_url()).connect()

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
)
with context.begin_transaction():
    context.run_migrations()
