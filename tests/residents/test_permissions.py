"""The permission grid of the residents' pages: who may change a participation.

A participation is changed only by the person whose browser remembers it (the identity
read from the session cookie by `core.identity`). Staff of every role, a visitor who has
not joined and another participant of the same round reach nothing of it: the pages send
them to the round page, and the participation stays as it was.
"""

from __future__ import annotations

import pytest

from samskapande.extensions import db
from samskapande.rounds.models import Participant
from tests.conftest import ROLES, create_staff, csrf_token, log_in
from tests.needs.helpers import ROUND, join

ME = f"{ROUND}/me"
ACTIONS = {
    "change the name": (f"{ME}/name", {"display_name": "Någon annan"}),
    "give an e-mail address": (f"{ME}/email", {"email": "annan@example.se", "consent": "y"}),
    "stop e-mail": (f"{ME}/email/stop", {}),
    "erase": (f"{ME}/erase", {}),
}
ACTORS = ("the participant", "another participant", "nobody", *ROLES)


def snapshot(app, participant_id: int) -> dict:
    with app.app_context():
        p = db.session.get(Participant, participant_id)
        return {"name": p.display_name, "email": p.email, "consent": p.email_consent,
                "erased": p.erased_at is not None, "code": p.resume_code}


@pytest.fixture
def gunnel(app, demo) -> int:
    """Gunnel's participation, with an address and a yes to e-mail to take back."""
    client = app.test_client()
    participant_id = join(client, "Gunnel")
    with app.app_context():
        p = db.session.get(Participant, participant_id)
        p.email, p.email_consent = "gunnel@example.se", True
        db.session.commit()
    app.gunnel_client = client
    return participant_id


def actor_client(app, actor: str):
    if actor == "the participant":
        return app.gunnel_client
    client = app.test_client()
    if actor == "another participant":
        join(client, "Greta")
    elif actor in ROLES:
        assert log_in(client, create_staff(app, actor)["email"]).status_code == 302
    return client


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("actor", ACTORS)
def test_only_the_participant_changes_their_participation(app, gunnel, actor, action):
    url, data = ACTIONS[action]
    client = actor_client(app, actor)
    before = snapshot(app, gunnel)
    response = client.post(url, data={**data, "csrf_token": csrf_token(client, "/resume")})
    after = snapshot(app, gunnel)
    if actor == "the participant":
        assert response.status_code == 302
        assert after != before, "the participant's own change was not stored"
        return
    assert after == before, f"{actor} changed Gunnel's participation"
    if actor != "another participant":  # who has not joined is sent to the round page
        assert response.status_code == 302
        assert response.headers["Location"].endswith(ROUND)
