"""Alembic environment: runs on the connection handed in by bot.storage.migrate."""

from __future__ import annotations

from alembic import context

from bot.storage.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `python -m bot migrate`")

# Batch mode: SQLite cannot ALTER most things, so Alembic rebuilds tables; named constraints
# (see tables.metadata) survive the rebuild.
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
