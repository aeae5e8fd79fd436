"""Voting with plain forms (redirect back with a message) and with JSON for the JavaScript."""

from __future__ import annotations

import re
import threading

import pytest
import requests
from sqlalchemy import func, select

from samskapande.extensions import db
from samskapande.rounds.models import Participant
from samskapande.voting.models import Vote
from tests.conftest import CSRF_RE, LiveServer
from tests.needs.helpers import ROUND, demo_need_id, join, participant, set_round

JSON = {"Accept": "application/json"}


@pytest.fixture
def bus(app, demo):
    return demo_need_id(app, "Bussen till vårdcentralen")


@pytest.fixture
def voter(app, client, demo):
    set_round(app, voting_open=True)
    client.participant_id = join(client, "Ahmed")
    return client


def token_for(client) -> str:
    """The session's form token, from a page with a form (My page, or the join form)."""
    page = client.get(f"{ROUND}/me", follow_redirects=True).get_data(as_text=True)
    match = CSRF_RE.search(page)
    return match.group(1) or match.group(2)


def vote(client, url, next_url=None, headers=None, **fields):
    token = token_for(client)
    data = {"csrf_token": token, **fields}
    if next_url is not None:
        data["next"] = next_url
    return client.post(url, data=data, headers=headers or {})


def support_button(client, need_id) -> str:
    """The support button of the need's page, as the participant sees it now."""
    page = client.get(f"{ROUND}/needs/{need_id}").get_data(as_text=True)
    return re.search(r'<button[^>]*name="support"[^>]*>', page).group(0)


def test_the_list_has_vote_forms_for_the_javascript(voter, bus):
    page = voter.get(f"{ROUND}/needs?q=bussen").get_data(as_text=True)
    form = re.search(rf'<form[^>]*action="{ROUND}/needs/{bus}/support"[^>]*>(.*?)</form>',
                     page, re.S)
    assert form and 'class="vote-form"' in form.group(0) and "data-vote-form" in form.group(0)
    assert 'name="csrf_token"' in form.group(1) and 'name="next"' in form.group(1)
    assert 'aria-pressed="false"' in form.group(1)
    assert 'class="visually-hidden"' in form.group(1)
    assert f'data-support-for="{bus}"' in page and f'data-my-dots-for="{bus}"' in page
    assert page.count("data-vote-status") == 1


def test_support_without_javascript_redirects_back_with_a_message(app, voter, bus):
    response = vote(voter, f"{ROUND}/needs/{bus}/support", next_url=f"{ROUND}/needs?sort=newest")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{ROUND}/needs?sort=newest"
    page = voter.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="flash flash-success"' in page
    page = voter.get(f"{ROUND}/needs/{bus}").get_data(as_text=True)
    assert 'aria-pressed="true"' in page
    assert participant(app, voter.participant_id)["dots_used"] == 1


def test_a_support_form_sent_twice_does_not_undo_itself(app, voter, bus):
    """A double click without JavaScript, the script's fallback after an answer that was
    lost on a weak connection, or a second tab with the older page: the same form twice."""
    assert 'value="1"' in support_button(voter, bus) and 'aria-pressed="false"' in \
        support_button(voter, bus)
    for _ in range(2):
        vote(voter, f"{ROUND}/needs/{bus}/support", support="1")
    assert participant(app, voter.participant_id)["dots_used"] == 1
    button = support_button(voter, bus)
    assert 'value="0"' in button and 'aria-pressed="true"' in button
    for _ in range(2):
        data = vote(voter, f"{ROUND}/needs/{bus}/support", headers=JSON, support="0").get_json()
        assert data["my_dots"] == 0 and data["support"] == 0
    assert participant(app, voter.participant_id)["dots_used"] == 0
    assert 'value="1"' in support_button(voter, bus)


@pytest.mark.parametrize("unsafe", ["https://evil.example/", "//evil.example/", "javascript:x",
                                    ""])
def test_the_way_back_stays_on_this_site(voter, bus, unsafe):
    response = vote(voter, f"{ROUND}/needs/{bus}/support", next_url=unsafe)
    assert response.headers["Location"] == f"{ROUND}/needs"


def test_support_with_javascript_answers_json(voter, bus):
    response = vote(voter, f"{ROUND}/needs/{bus}/support", headers=JSON)
    assert response.status_code == 200
    data = response.get_json()
    assert data["need_id"] == bus and data["my_dots"] == 1 and data["support"] == 1
    assert data["dots_left"] is None and data["message"]
    again = vote(voter, f"{ROUND}/needs/{bus}/support", headers=JSON).get_json()
    assert again["my_dots"] == 0 and again["support"] == 0


def test_json_hides_support_while_results_are_not_live(app, voter, bus):
    set_round(app, results_live=False)
    data = vote(voter, f"{ROUND}/needs/{bus}/support", headers=JSON).get_json()
    assert data["my_dots"] == 1 and data["support"] is None


def test_dots_with_javascript_report_what_is_left(app, voter, bus):
    set_round(app, voting_mode="dots", dots_per_participant=3, max_dots_per_need=2)
    first = vote(voter, f"{ROUND}/needs/{bus}/dots/add", headers=JSON).get_json()
    assert (first["my_dots"], first["dots_left"]) == (1, 2)
    vote(voter, f"{ROUND}/needs/{bus}/dots/add", headers=JSON)
    refused = vote(voter, f"{ROUND}/needs/{bus}/dots/add", headers=JSON)
    assert refused.status_code == 409 and refused.get_json()["message"]
    back = vote(voter, f"{ROUND}/needs/{bus}/dots/remove", headers=JSON).get_json()
    assert (back["my_dots"], back["dots_left"]) == (1, 2)


def test_the_list_in_dot_mode_shows_dots_left_and_both_buttons(app, voter, bus):
    set_round(app, voting_mode="dots", dots_per_participant=4)
    page = voter.get(f"{ROUND}/needs?q=bussen").get_data(as_text=True)
    assert re.search(r'data-dots-left>4<', page)
    assert f'action="{ROUND}/needs/{bus}/dots/add"' in page
    assert f'action="{ROUND}/needs/{bus}/dots/remove"' in page


def test_a_refused_dot_is_explained_without_javascript(app, voter, bus):
    set_round(app, voting_mode="dots", dots_per_participant=1)
    vote(voter, f"{ROUND}/needs/{bus}/dots/add")
    other = demo_need_id(app, "Jag har ingen bil längre")
    response = vote(voter, f"{ROUND}/needs/{other}/dots/add", next_url=f"{ROUND}/needs")
    assert response.status_code == 302
    page = voter.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="flash flash-error"' in page
    assert participant(app, voter.participant_id)["dots_used"] == 1


def test_voting_closed_gives_a_clear_message(app, voter, bus):
    set_round(app, voting_open=False, support_while_collecting=False)
    response = vote(voter, f"{ROUND}/needs/{bus}/support", headers=JSON)
    assert response.status_code == 409 and response.get_json()["message"]
    response = vote(voter, f"{ROUND}/needs/{bus}/support")
    page = voter.get(response.headers["Location"]).get_data(as_text=True)
    assert 'class="flash flash-error"' in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Vote.id))) == 0


def test_visitors_who_have_not_joined_are_sent_to_join(app, client, demo, bus):
    set_round(app, voting_open=True)
    response = vote(client, f"{ROUND}/needs/{bus}/support")
    assert response.status_code == 302 and "/needs" not in response.headers["Location"]
    assert vote(client, f"{ROUND}/needs/{bus}/support", headers=JSON).status_code == 403


def test_a_vote_without_a_valid_form_token_is_refused(app, voter, bus):
    response = voter.post(f"{ROUND}/needs/{bus}/support", data={"csrf_token": "stale"})
    assert response.status_code == 400
    assert participant(app, voter.participant_id)["dots_used"] == 0


def test_unknown_needs_are_not_found(voter):
    assert vote(voter, f"{ROUND}/needs/999999/support").status_code == 404


def test_fifty_concurrent_dots_never_exceed_the_budget(app, demo):
    """50 add-dot requests from one participant at once: the budget holds."""
    set_round(app, voting_open=True, voting_mode="dots", dots_per_participant=5,
              max_dots_per_need=5)
    with app.app_context():
        from samskapande.needs.models import Need
        need_ids = list(db.session.scalars(select(Need.id).order_by(Need.id).limit(10)))
    with LiveServer(app) as server:
        browser = requests.Session()
        page = browser.get(f"{server.url}{ROUND}").text
        match = CSRF_RE.search(page)
        joined = browser.post(f"{server.url}{ROUND}/join",
                              data={"csrf_token": match.group(1) or match.group(2)})
        assert joined.status_code == 200
        page = browser.get(f"{server.url}{ROUND}/needs").text
        match = CSRF_RE.search(page)
        token = match.group(1) or match.group(2)
        start = threading.Barrier(50)
        statuses = []

        def add_dot(i):
            start.wait()
            response = browser.post(
                f"{server.url}{ROUND}/needs/{need_ids[i % len(need_ids)]}/dots/add",
                data={"csrf_token": token}, headers=JSON, timeout=60)
            statuses.append(response.status_code)

        threads = [threading.Thread(target=add_dot, args=(i,)) for i in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(statuses) == 50 and set(statuses) <= {200, 409}
    with app.app_context():
        voter = db.session.scalars(select(Participant).order_by(Participant.id.desc())).first()
        given = db.session.scalar(select(func.coalesce(func.sum(Vote.dots), 0))
                                  .where(Vote.participant_id == voter.id))
        assert voter.dots_used == given == 5  # the whole budget, and not one dot more
        assert statuses.count(200) == 5
