"""Who is asking, on the residents' pages: read through `core.identity`, once per request."""

from __future__ import annotations

from samskapande.core import identity as identity_module
from samskapande.core.identity import SESSION_KEY
from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.rounds.models import Participant
from tests.needs.helpers import ROUND, demo_round_id, join


def test_a_tampered_cookie_entry_is_ignored(app, client, demo):
    round_id = demo_round_id(app)
    with client.session_transaction() as session:
        session[SESSION_KEY] = {str(round_id): "not a number", "x": 1}
    response = client.get(f"{ROUND}/me")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(ROUND)


def test_an_erased_participation_is_forgotten_on_this_device(app, client, demo):
    participant_id = join(client, "Gunnel")
    with app.app_context():
        db.session.get(Participant, participant_id).erased_at = utcnow()
        db.session.commit()
    assert client.get(f"{ROUND}/me").status_code == 302
    with client.session_transaction() as session:
        assert str(demo_round_id(app)) not in session.get(SESSION_KEY, {})


def test_my_page_reads_the_session_once(app, client, demo, monkeypatch):
    join(client, "Gunnel")
    reads = []
    real = identity_module._read_participations
    monkeypatch.setattr(identity_module, "_read_participations",
                        lambda: reads.append(1) or real())
    assert client.get(f"{ROUND}/me").status_code == 200
    assert len(reads) == 1
