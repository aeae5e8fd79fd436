"""Fixtures for the report and open data: the demo facilitator, browsers."""

from __future__ import annotations

import pytest

from tests.browser.test_journeys import browser, browsing  # noqa: F401  (fixtures)
from tests.conftest import log_in

FACILITATOR_EMAIL = "facilitator@demo.samskapande.se"


@pytest.fixture
def facilitator_client(app, demo):
    """The demo facilitator, assigned to the demo model area, logged in (its own client)."""
    client = app.test_client()
    assert log_in(client, FACILITATOR_EMAIL, "demo").status_code == 302
    return client
