"""Backup and restore of SQLite: an online backup while the app writes brings everything back."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from samskapande.cli import main
from samskapande.extensions import db
from samskapande.ops.backup import integrity_problems
from tests.conftest import TEST_DATABASE_URL, make_app

sqlite_only = pytest.mark.skipif(TEST_DATABASE_URL is not None,
                                 reason="SQLite backups; PostgreSQL uses pg_dump")


def cli(args, database_path, tmp_path):
    env = {"SAMSKAPANDE_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": f"sqlite:///{database_path}",
           "SAMSKAPANDE_ENV": "development", "SECRET_KEY": "x"}
    return CliRunner().invoke(main, args, env=env)


class Writer(threading.Thread):
    """Another process, in effect: its own app and engine, joining, writing needs and voting."""

    def __init__(self, database_url, instance, round_id):
        super().__init__(daemon=True)
        self.app = make_app(database_url, instance)
        self.round_id = round_id
        self.committed: list[int] = []  # need ids, appended only after their commit
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self):
        from samskapande.core.transaction import unit_of_work
        from samskapande.needs.services import submit_need
        from samskapande.rounds.models import Round
        from samskapande.rounds.services import join_round
        from samskapande.voting.services import toggle_support

        try:
            with self.app.app_context():
                round_ = db.session.get(Round, self.round_id)
                round_.voting_open = True
                db.session.commit()
                n = 0
                while not self.stop.is_set():
                    n += 1
                    with unit_of_work():  # one resident's visit, as a request would commit it
                        participant = join_round(round_, f"Skrivare {n}")
                        need = submit_need(round_, participant,
                                           f"Behov nummer {n} från skrivaren")
                        toggle_support(need, participant)
                    self.committed.append(need.id)
                db.session.remove()
                db.engine.dispose()
        except BaseException as error:  # reported by the test
            self.error = error

    def wait_for(self, count: int, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while len(self.committed) < count:
            assert self.error is None, self.error
            assert time.monotonic() < deadline, "the writer is stuck"
            time.sleep(0.01)


@sqlite_only
def test_backup_while_writing_then_restore_brings_everything_back(app, demo, database_url,
                                                                  tmp_path):
    live = database_url.removeprefix("sqlite:///")
    writer = Writer(database_url, tmp_path / "writer", demo["round_id"])
    writer.start()
    try:
        writer.wait_for(10)
        before_backup = list(writer.committed)
        result = cli(["backup", str(tmp_path / "backup.db")], live, tmp_path)
        assert result.exit_code == 0, result.output
        assert "integrity check: ok" in result.output
        writer.wait_for(len(before_backup) + 5)  # the writer went on during and after
    finally:
        writer.stop.set()
        writer.join(timeout=30)
    assert writer.error is None, writer.error

    fresh = tmp_path / "restored" / "samskapande.db"
    result = cli(["restore", str(tmp_path / "backup.db")], fresh, tmp_path)
    assert result.exit_code == 0, result.output
    assert integrity_problems(fresh) == []
    with sqlite3.connect(fresh) as conn:
        restored_needs = {row[0] for row in conn.execute("SELECT id FROM need")}
        votes = {row[0] for row in conn.execute("SELECT need_id FROM vote")}
    conn.close()
    assert set(before_backup) <= restored_needs
    assert set(before_backup) <= votes

    restored_app = make_app(f"sqlite:///{fresh}", tmp_path / "restored-instance")
    page = restored_app.test_client().get(f"/r/{demo['round_code']}/needs/{before_backup[0]}")
    assert page.status_code == 200
    assert "Behov nummer 1 från skrivaren" in page.get_data(as_text=True)
    with restored_app.app_context():
        db.engine.dispose()


@sqlite_only
def test_backup_refuses_to_overwrite_without_force(app, demo, database_url, tmp_path):
    live = database_url.removeprefix("sqlite:///")
    target = tmp_path / "backup.db"
    target.write_text("an older backup")
    result = cli(["backup", str(target)], live, tmp_path)
    assert result.exit_code != 0 and "--force" in result.output
    assert target.read_text() == "an older backup"
    assert cli(["backup", "--force", str(target)], live, tmp_path).exit_code == 0
    assert integrity_problems(target) == []


@sqlite_only
def test_restore_refuses_while_the_database_is_in_use_and_keeps_it(app, demo, database_url,
                                                                   tmp_path):
    live = database_url.removeprefix("sqlite:///")
    assert cli(["backup", str(tmp_path / "backup.db")], live, tmp_path).exit_code == 0
    with app.app_context():  # the server holds a connection
        db.session.execute(db.text("SELECT 1"))
        result = cli(["restore", str(tmp_path / "backup.db")], live, tmp_path)
        db.session.rollback()
    assert result.exit_code != 0 and "Stop the server" in result.output


def test_restore_refuses_a_file_that_is_not_a_database(tmp_path):
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not a database at all" * 100)
    result = cli(["restore", str(broken)], tmp_path / "live.db", tmp_path)
    assert result.exit_code != 0 and "not a sound SQLite database" in result.output
    assert not (tmp_path / "live.db").exists()


@sqlite_only
def test_restore_keeps_the_database_it_replaces(app, demo, database_url, tmp_path):
    live = database_url.removeprefix("sqlite:///")
    assert cli(["backup", str(tmp_path / "backup.db")], live, tmp_path).exit_code == 0
    with app.app_context():
        db.engine.dispose()
    result = cli(["restore", str(tmp_path / "backup.db")], live, tmp_path)
    assert result.exit_code == 0, result.output
    kept = Path(live + ".before-restore")
    assert "kept at" in result.output and integrity_problems(kept) == []
    with sqlite3.connect(kept) as conn:
        assert conn.execute("SELECT count(*) FROM round").fetchone()[0] == 1
    conn.close()


def test_on_postgresql_both_commands_explain_pg_dump_and_pg_restore(tmp_path):
    env = {"SAMSKAPANDE_INSTANCE_PATH": str(tmp_path), "SAMSKAPANDE_ENV": "development",
           "SECRET_KEY": "x", "DATABASE_URL": "postgresql://samskapande:hemligt@db:5432/prod"}
    backup = CliRunner().invoke(main, ["backup", "nightly.dump"], env=env)
    restore = CliRunner().invoke(main, ["restore", "nightly.dump"], env=env)
    assert backup.exit_code == 0 and restore.exit_code == 0
    assert "pg_dump --format=custom --file nightly.dump" in backup.output
    assert "pg_restore --clean" in restore.output and "stopping the server" in restore.output
    assert "hemligt" not in backup.output + restore.output
    assert not (tmp_path / "nightly.dump").exists()
