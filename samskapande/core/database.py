"""Database settings that must hold on every connection.

SQLite under gevent: a write waits for SQLite's write lock while another process (a second
server worker, a command) holds it. SQLite's own wait (`busy_timeout`) sleeps inside C,
where gevent cannot switch, so every socket of the process would stall until the lock is
free. Under gevent a write transaction therefore takes the lock itself, before its first
write: `BEGIN IMMEDIATE` without waiting, and while the database is busy, a short
cooperative sleep (the other greenlets run) and again, until `LOCK_WAIT_SECONDS`. Holding
the lock from its first write to its commit, the transaction cannot fail on a busy
database later. Elsewhere (threads) SQLite's own wait is used, which releases the GIL.
"""

from __future__ import annotations

import re
import sqlite3
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine

from samskapande.core.concurrency import is_green

LOCK_WAIT_SECONDS = 10.0  # as long as busy_timeout: then "database is locked"
_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Turn on foreign keys and WAL for SQLite, which leaves both off by default.

    PostgreSQL (psycopg): no server-side prepared statements. psycopg prepares a query
    after its fifth run on a connection and drops them all (DEALLOCATE ALL, one more round
    trip) at every ROLLBACK, which a refused event or a closed session ends with; our
    queries are short, so preparing them again and again costs more than it saves."""
    if hasattr(dbapi_connection, "prepare_threshold"):
        dbapi_connection.prepare_threshold = None
        return
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL stays consistent after a crash and skips an fsync per commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_SECONDS * 1000)}")
    cursor.close()


@event.listens_for(Engine, "before_cursor_execute")
def _write_lock_without_stalling(_conn, cursor, statement, _parameters, _context,
                                 _executemany) -> None:
    """Under gevent, take SQLite's write lock cooperatively before a transaction's first
    write (the driver would otherwise begin it and wait for the lock inside C)."""
    raw = getattr(cursor, "connection", None)
    if (isinstance(raw, sqlite3.Connection) and not raw.in_transaction
            and _WRITE.match(statement) and is_green()):
        begin_immediate(raw)


def begin_immediate(raw: sqlite3.Connection, wait: float = LOCK_WAIT_SECONDS) -> None:
    """`BEGIN IMMEDIATE` on a SQLite connection, waiting for the write lock in gevent's
    sleeps, not SQLite's; raises "database is locked" after `wait` seconds, as SQLite would."""
    import gevent

    deadline = time.monotonic() + wait
    delay = 0.001
    raw.execute("PRAGMA busy_timeout=0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as error:
                if (getattr(error, "sqlite_errorcode", None) != sqlite3.SQLITE_BUSY
                        or time.monotonic() >= deadline):
                    raise
            gevent.sleep(delay)
            delay = min(delay * 2, 0.02)
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(LOCK_WAIT_SECONDS * 1000)}")


def insert_ignoring_conflict(session, table, **values) -> bool:
    """INSERT a row unless one with the same unique key exists; True when it was inserted.

    For a form sent twice at the same moment: the second insert finds the first one's row
    instead of failing the whole transaction with an IntegrityError.
    """
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    # The inserted key comes back, or nothing: the row count cannot be trusted when a value
    # is a subquery (the statement then has RETURNING, and psycopg counts -1).
    statement = insert(table).values(**values).on_conflict_do_nothing()
    return session.execute(statement.returning(*table.primary_key.columns)).first() is not None
