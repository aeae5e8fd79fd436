"""My page: what is new since my previous visit, and giving or stopping my e-mail address."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import g

from samskapande.extensions import db
from samskapande.rounds.models import Participant
from samskapande.voting.models import Vote
from tests.conftest import submit
from tests.responses.test_public import PUBLIC, draft, sign_all
from tests.test_bad_input import CORPUS, assert_handled


def joined(app, world, supports: int | None = 0):
    client = app.test_client()
    code = world.round.code
    response = submit(client, f"/r/{code}", {"display_name": "Gunnel"},
                      action=f"/r/{code}/join")
    assert response.status_code == 302
    participant = db.session.scalars(db.select(Participant).order_by(Participant.id.desc())
                                     ).first()
    if supports is not None:
        db.session.add(Vote(round_id=world.round.id, need_id=world.needs[supports].id,
                            participant_id=participant.id, dots=1))
        db.session.commit()
    return client, participant


def time_passes(participant, *responses, hours=2):
    """Move what happened `hours` into the past, as if the visit ended that long ago."""
    back = timedelta(hours=hours)
    participant.last_seen_at -= back
    participant.created_at -= back
    if participant.previous_seen_at:
        participant.previous_seen_at -= back
    for response in responses:
        response.published_at -= back
        for version in response.versions:
            version.created_at -= back
    db.session.commit()


def test_new_since_last_visit_shows_responses_to_my_needs_until_the_next_visit(app, world):
    client, participant = joined(app, world)
    me = f"/r/{world.round.code}/me"
    assert 'id="news"' not in client.get(me).get_data(as_text=True)  # no last visit yet
    time_passes(participant)

    response = draft(world)
    sign_all(world, response)
    first = client.get(me).get_data(as_text=True)
    assert 'id="no-news"' not in first and f"/responses/{response.id}" in first
    # Reloading during the same visit must not hide what was new when it began.
    assert f"/responses/{response.id}" in client.get(me).get_data(as_text=True)

    time_passes(participant, response)  # the next visit: it is no longer new
    assert 'id="no-news"' in client.get(me).get_data(as_text=True)


def test_news_is_only_about_needs_i_wrote_or_supported(app, world):
    client, participant = joined(app, world, supports=None)
    time_passes(participant)
    sign_all(world, draft(world))
    html = client.get(f"/r/{world.round.code}/me").get_data(as_text=True)
    assert 'id="no-news"' in html and PUBLIC not in html


def test_giving_and_stopping_the_email(app, world):
    client, participant = joined(app, world)
    me = f"/r/{world.round.code}/me"
    action = f"/r/{world.round.code}/me/email"
    for data in ({"email": "", "consent": "y"}, {"email": "gunnel@example.se"},
                 {"email": "inte en adress", "consent": "y"},
                 {"email": "gun\x00nel@example.se", "consent": "y"},
                 {"email": "a" * 250 + "@example.se", "consent": "y"},
                 {"email": "gunnel😀@example.se", "consent": "y"},
                 {"email": "\u202egunnel@example.se", "consent": "y"},
                 {"email": "<b>gunnel</b>@example.se", "consent": "y"}):
        refused = submit(client, me, data, action=action)
        assert refused.status_code == 400, data
        assert 'class="error-summary"' in refused.get_data(as_text=True)
        db.session.refresh(participant)
        assert participant.email is None and not participant.email_consent

    client.set_cookie("lang", "en")
    # The `world` fixture's context is shared with the client's requests; Flask-Babel caches
    # the locale on `g`, so forget it as a new request in a real server would.
    g.pop("_flask_babel", None)
    saved = submit(client, me, {"email": "gunnel@example.se", "consent": "y"}, action=action)
    assert saved.status_code == 302
    db.session.refresh(participant)
    assert participant.email == "gunnel@example.se" and participant.email_consent
    assert participant.locale == "en"  # mail comes in the language the address was given in
    assert 'id="email-on"' in client.get(me).get_data(as_text=True)

    stopped = submit(client, me, {}, action=f"/r/{world.round.code}/me/email/stop")
    assert stopped.status_code == 302
    db.session.refresh(participant)
    assert participant.email is None and not participant.email_consent


@pytest.mark.parametrize("value", CORPUS)
def test_the_email_form_takes_bad_input(participant_client, demo, value):
    me = f"/r/{demo['round_code']}/me"
    response = submit(participant_client, me, {"email": value, "consent": "y"},
                      action=f"{me}/email")
    assert_handled(response, value)
    assert response.status_code == 400


def test_a_stale_email_form_keeps_the_address_and_says_why(participant_client, demo):
    me = f"/r/{demo['round_code']}/me"
    response = participant_client.post(f"{me}/email", data={
        "email": "gunnel@example.se", "consent": "y", "csrf_token": "stale"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'value="gunnel@example.se"' in page and 'class="error-summary"' in page


@pytest.mark.parametrize("token", ["%00", "x" * 3000, "\u202e1.abc", "MQ.forged", "..%2F"])
def test_odd_unsubscribe_addresses_are_not_found(client, demo, token):
    assert client.get(f"/unsubscribe/{token}").status_code == 404
    assert client.post(f"/unsubscribe/{token}").status_code == 404
