"""Database settings that must hold on every connection."""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Turn on foreign keys and WAL for SQLite, which leaves both off by default."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL stays consistent after a crash and skips an fsync per commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def insert_ignoring_conflict(session, table, **values) -> bool:
    """INSERT a row unless one with the same unique key exists; True when it was inserted.

    For a form sent twice at the same moment: the second insert finds the first one's row
    instead of failing the whole transaction with an IntegrityError.
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    # RETURNING says whether a row went in: psycopg 3 reports rowcount -1 for this INSERT.
    result = session.execute(insert(table).values(**values).on_conflict_do_nothing()
                             .returning(*table.primary_key.columns))
    return result.first() is not None
