"""Backing up and restoring the SQLite database while the server runs.

`backup` uses SQLite's online backup API: it copies one consistent snapshot of the
database (the state after the last commit before it started) while the server keeps
writing, since a reader does not block writers under WAL. The copy is checked with
`PRAGMA integrity_check` and written to a temporary file first, so a half-written backup
never takes the place of a good one.

`restore` copies a checked backup back into the live database through SQLite as well
(never by moving files under a running process, which would leave its WAL and shared
memory describing another database). It first takes an exclusive lock: if the server or
any other process still has the database open, it refuses and says so. The current
database is kept as `<name>.before-restore`.

PostgreSQL has its own tools (pg_dump / pg_restore); `postgres_instructions` says how.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """The backup or restore cannot be done; the message tells the operator why and what to do."""


def sqlite_path(database_url: str) -> Path | None:
    """The database file of a SQLite URL; None for other databases (or in-memory SQLite)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def integrity_problems(path: Path) -> list[str]:
    """What `PRAGMA integrity_check` finds wrong with the file; empty when it is sound."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        return [str(error)]
    try:
        rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:  # not a database at all
        return [str(error)]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


def backup(source: Path, target: Path, *, force: bool = False) -> int:
    """Copy the live database `source` to `target`; returns the size of the copy in bytes."""
    if not source.exists():
        raise BackupError(f"There is no database at {source}.")
    if target.exists() and not force:
        raise BackupError(f"{target} exists already. Choose another name, or add --force "
                          "to overwrite it.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        # One step (pages=-1): a step-wise copy would start over after every write by
        # the server and might never finish on a busy database.
        src.backup(dst)
        # A self-contained file: no WAL beside it, readable as it is.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    problems = integrity_problems(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise BackupError("The copy failed the integrity check: " + "; ".join(problems[:5]))
    os.replace(partial, target)
    return target.stat().st_size


def restore(backup_file: Path, live: Path) -> Path | None:
    """Replace the live database's contents with the backup; returns the kept old copy.

    Refuses when the backup is not sound, or when another process has the live database
    open (stop the server first).
    """
    if not backup_file.exists():
        raise BackupError(f"There is no backup at {backup_file}.")
    problems = integrity_problems(backup_file)
    if problems:
        raise BackupError(f"{backup_file} is not a sound SQLite database: "
                          + "; ".join(problems[:5]))
    live.parent.mkdir(parents=True, exist_ok=True)
    kept = None
    conn = sqlite3.connect(live, timeout=0.5, isolation_level=None)
    try:
        _lock_exclusively(conn, live)
        if live.stat().st_size > 0:
            kept = live.with_name(live.name + ".before-restore")
            kept.unlink(missing_ok=True)
            old = sqlite3.connect(kept)
            try:
                conn.backup(old)
            finally:
                old.close()
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        try:
            source.backup(conn)
        finally:
            source.close()
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError("The restored database failed the integrity check: "
                              + "; ".join(problems[:5]))
    finally:
        conn.close()
    return kept


def _lock_exclusively(conn: sqlite3.Connection, live: Path) -> None:
    """Hold the database alone until `conn` closes; refuse if anyone else has it open."""
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchall()
        conn.execute("COMMIT")  # in exclusive locking mode the lock stays after the commit
    except sqlite3.OperationalError as error:
        raise BackupError(
            f"{live} is in use by another process. Stop the server (and any other "
            "samskapande command) first, then run restore again."
        ) from error


def postgres_instructions(database_url: str, path: str, restoring: bool = False) -> str:
    """What to run instead on PostgreSQL, with the database named but no password shown."""
    url = make_url(database_url).set(drivername="postgresql")
    safe = url.render_as_string(hide_password=True)
    if restoring:
        return ("This installation uses PostgreSQL: restore with pg_restore, after stopping "
                "the server:\n"
                f"  pg_restore --clean --if-exists --no-owner --dbname '{safe}' {path}\n"
                "(give the password through PGPASSWORD or ~/.pgpass). See README, Backups.")
    return ("This installation uses PostgreSQL: back up with pg_dump (consistent while the "
            "server runs):\n"
            f"  pg_dump --format=custom --file {path} '{safe}'\n"
            "(give the password through PGPASSWORD or ~/.pgpass). See README, Backups.")
