"""Fixtures: a migrated database per test (SQLite or PostgreSQL), the app, clients, roles.

SAMSKAPANDE_TEST_DATABASE_URL switches the whole suite to PostgreSQL: the suite then
creates a database of its own on that server, migrates it once, and empties it after
every test. Without it, each test gets a copy of a migrated SQLite file.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from werkzeug.serving import make_server

from samskapande import create_app
from samskapande.extensions import db

TEST_DATABASE_URL = os.environ.get("SAMSKAPANDE_TEST_DATABASE_URL")
PASSWORD = "correct horse battery"


def _postgres_url(url: str) -> str:
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def make_app(database_url: str, instance_path: Path, **overrides):
    config = {
        "ENV": "testing",
        "SECRET_KEY": "test-secret-key",
        "INSTANCE_PATH": str(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SOCKETIO_MESSAGE_QUEUE": None,
        "RATE_LIMIT_STORAGE_URL": None,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return create_app(config)


def _migrate(url: str, instance_path: Path) -> None:
    from flask_migrate import upgrade

    app = make_app(url, instance_path)
    with app.app_context():
        upgrade()
        db.engine.dispose()


class DatabasePool:
    """Hands out clean, migrated databases and cleans them up afterwards."""

    def __init__(self, root: Path):
        self.root = root
        self.postgres = TEST_DATABASE_URL is not None
        if self.postgres:
            server = make_url(_postgres_url(TEST_DATABASE_URL))
            self.name = f"samskapande_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            self.admin_engine = create_engine(server, isolation_level="AUTOCOMMIT")
            with self.admin_engine.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{self.name}"'))
            self.url = server.set(database=self.name).render_as_string(hide_password=False)
            _migrate(self.url, root)
            engine = create_engine(self.url)
            with engine.connect() as conn:
                self.tables = [
                    row[0] for row in conn.execute(text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                        "AND tablename <> 'alembic_version'"
                    ))
                ]
            self.engine = engine
        else:
            self.template = root / "template.db"
            _migrate(f"sqlite:///{self.template}", root)
            with sqlite3.connect(self.template) as conn:  # fold the WAL into the file
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def acquire(self) -> str:
        if self.postgres:
            return self.url
        path = self.root / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def release(self, url: str) -> None:
        if self.postgres:
            names = ", ".join(f'"{t}"' for t in self.tables)
            with self.engine.begin() as conn:
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            path = Path(url.removeprefix("sqlite:///"))
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        if self.postgres:
            self.engine.dispose()
            with self.admin_engine.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self.admin_engine.dispose()


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    dbs = DatabasePool(tmp_path_factory.mktemp("databases"))
    yield dbs
    dbs.close()


@pytest.fixture
def database_url(databases):
    url = databases.acquire()
    yield url
    databases.release(url)


@pytest.fixture
def app(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def ctx(app):
    """An application context, for tests that call services directly."""
    with app.app_context():
        yield
        db.session.rollback()


@pytest.fixture
def client(app):
    return app.test_client()


# -- helpers a user would use: forms with their CSRF token ---------------------------------

CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


def csrf_token(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


def submit(client, form_url: str, data: dict, action: str | None = None, **kwargs):
    """Open the page with the form, then post it with the page's CSRF token, as a browser would."""
    token = csrf_token(client, form_url)
    return client.post(action or form_url, data={**data, "csrf_token": token}, **kwargs)


# -- the people ---------------------------------------------------------------------------

ROLES = ("admin", "facilitator", "official", "politician")


@pytest.fixture
def demo(app):
    """The Näsåker demo, loaded as `samskapande demo` loads it."""
    from samskapande.core.transaction import unit_of_work
    from samskapande.demo import load_demo

    with app.app_context(), unit_of_work():
        round_ = load_demo(production=False, past_round=False, second_area=False)
        return {"round_code": round_.code, "round_id": round_.id}


def create_staff(app, role: str, email: str | None = None, **values) -> dict:
    from samskapande.accounts.models import User
    from samskapande.areas.models import Organisation

    with app.app_context():
        organisation = None
        if role in {"official", "politician"}:
            organisation = db.session.scalar(
                db.select(Organisation).where(Organisation.name == "Testkommunen")
            ) or Organisation(name="Testkommunen", kind="municipality")
        user = User(
            email=email or f"{role}-{uuid.uuid4().hex[:6]}@example.se",
            name=values.pop("name", f"Test {role.title()}"),
            role=role,
            title=values.pop("title", "Testtitel"),
            organisation=organisation,
            party="C" if role == "politician" else None,
            **values,
        )
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return {"id": user.id, "email": user.email, "name": user.name, "role": role}


def log_in(client, email: str, password: str = PASSWORD):
    return submit(client, "/login", {"email": email, "password": password})


@pytest.fixture(params=ROLES)
def staff_client(request, app, client):
    """A client logged in as a staff member, once for each role."""
    user = create_staff(app, request.param)
    response = log_in(client, user["email"])
    assert response.status_code == 302, "login failed"
    client.user = user
    return client


@pytest.fixture
def participant_client(app, client, demo):
    """A client that has joined the demo round as a resident."""
    response = submit(client, f"/r/{demo['round_code']}", {"display_name": "Gunnel"},
                      action=f"/r/{demo['round_code']}/join")
    assert response.status_code == 302
    return client


# -- a live server, for browsers and socket clients ---------------------------------------

class LiveServer:
    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


@pytest.fixture
def live_server(app, demo):
    """The app with the demo loaded, served on a free port of this machine."""
    with LiveServer(app) as server:
        yield server
