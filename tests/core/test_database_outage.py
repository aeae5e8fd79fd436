"""A database that cannot be reached answers 503 "try again in a moment", never a 500.

The app is pointed at a port where nothing listens, so every query fails as it does when
PostgreSQL is down; the page must render without asking the database anything (not even
who is logged in). Runs the same on the SQLite and the PostgreSQL suite.
"""

from __future__ import annotations

import pytest

from tests.conftest import make_app

UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/x"


@pytest.fixture
def down_app(tmp_path):
    app = make_app(UNREACHABLE, tmp_path)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


@pytest.mark.parametrize("path", ["/", "/r/ABC123", "/r/ABC123/needs"])
def test_pages_answer_503_with_try_again_when_the_database_is_down(down_app, path):
    client = down_app.test_client()
    # A browser that was logged in: the user loader cannot reach the database either.
    with client.session_transaction() as session:
        session["_user_id"] = "1"
        session["_fresh"] = True
    answer = client.get(path)
    page = answer.get_data(as_text=True)
    assert answer.status_code == 503, page[:500]
    assert "försök igen om en stund" in page.lower()
    assert answer.headers.get("Retry-After")


def test_the_503_is_in_english_for_english_visitors(down_app):
    client = down_app.test_client()
    client.set_cookie("lang", "en")
    answer = client.get("/", headers={"Accept-Language": "en"})
    assert answer.status_code == 503
    assert "try again in a moment" in answer.get_data(as_text=True)
