"""Fixtures of the audit log's tests: the admin fixtures, a browser, and a signed response."""

import pytest

from samskapande.core.transaction import unit_of_work
from samskapande.responses import services as responses
from tests.admin.conftest import admin, admin_client, areas, english  # noqa: F401  (fixtures)
from tests.browser.test_journeys import browser, browsing  # noqa: F401  (fixtures)
from tests.conftest import log_in
from tests.responses.conftest import build_world
from tests.responses.limits import LIMITS

DEMO_ADMIN = "admin@demo.samskapande.se"


@pytest.fixture
def signed(app, demo):
    """The municipality's politician drafts a response to a published theme and signs it."""
    with app.test_request_context(), unit_of_work():
        w = build_world(demo["round_id"])
        response = responses.create_draft(w.round, w.kommun_politician, theme=w.theme,
                                          stance="yes", text="Ja.",
                                          organisation_ids={w.kommun.id}, limits=LIMITS)
        responses.sign(response, w.kommun_politician, responses.fingerprint(response))
        return {"kommun_id": w.kommun.id, "theme": w.theme.title, "round_id": w.round.id}


@pytest.fixture
def reader(app, demo):
    client = english(app.test_client())
    assert log_in(client, DEMO_ADMIN, "demo").status_code == 302
    return client
