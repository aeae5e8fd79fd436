"""A resident who has joined knows it on every page: who they take part as, My page, and
leaving this device; My page's news starts with the second visit; the code on a slip."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from samskapande.extensions import db
from samskapande.rounds.models import Participant
from tests.conftest import create_staff, csrf_token, log_in, submit
from tests.needs.helpers import ROUND, join, participant
from tests.responses.conftest import build_world
from tests.responses.test_public import draft, sign_all
from tests.terminal.test_terminal import enter_terminal_mode

PAGES = ["/", ROUND, f"{ROUND}/needs", f"{ROUND}/needs/new", f"{ROUND}/me", "/privacy",
         "/resume"]
ME = f"{ROUND}/me"


def header(client, url: str) -> str:
    html = client.get(url, follow_redirects=True).get_data(as_text=True)
    return html.split("<header", 1)[1].split("</header>", 1)[0]


def footer(client, url: str) -> str:
    html = client.get(url, follow_redirects=True).get_data(as_text=True)
    return html.split("<footer", 1)[1].split("</footer>", 1)[0]


# -- the header ---------------------------------------------------------------------------

def test_before_joining_the_header_offers_the_code_and_the_staff_login(client, demo):
    for url in PAGES:
        top = header(client, url)
        assert "Du deltar" not in top and 'id="nav-my-page"' not in top, url
        assert "Fortsätt med min kod" in top and "Inloggning för personal" in top, url


def test_once_joined_every_page_says_who_links_my_page_and_can_leave(client, demo):
    join(client, "Gunnel")
    for url in PAGES:
        top = header(client, url)
        assert "Du deltar som <strong>Gunnel</strong>" in top, url
        assert re.search(r'<a href="/r/NASAKER/me" id="nav-my-page">Min sida</a>', top), url
        assert 'action="/r/NASAKER/leave"' in top and "Logga ut på den här enheten" in top, url
        assert "Fortsätt med min kod" not in top and "Inloggning för personal" not in top, url
        assert "Inloggning för personal" in footer(client, url), url


def test_leaving_from_the_header_forgets_this_device_and_the_header_says_so(client, demo):
    join(client, "Gunnel")
    token = csrf_token(client, "/privacy")
    response = client.post(f"{ROUND}/leave", data={"csrf_token": token})
    assert response.status_code == 302
    top = header(client, "/privacy")
    assert "Du deltar" not in top and "Fortsätt med min kod" in top


def test_an_anonymous_resident_is_told_so(client, demo):
    join(client, "")
    assert "Du deltar anonymt" in header(client, f"{ROUND}/needs")


def test_a_name_with_markup_is_shown_as_text(client, demo):
    join(client, "<b>Eva</b> & co")
    top = header(client, "/")
    assert "<b>Eva" not in top and "&lt;b&gt;Eva&lt;/b&gt; &amp; co" in top


def test_staff_keep_their_own_header(app, client, demo):
    join(client, "Gunnel")
    user = create_staff(app, "facilitator")
    assert log_in(client, user["email"]).status_code == 302
    top = header(client, ROUND)
    assert "Du deltar" not in top and 'id="nav-my-page"' not in top
    assert "Logga ut" in top and 'id="nav-todo"' in top


def test_erased_participation_is_not_shown_as_joined(app, client, demo):
    pid = join(client, "Gunnel")
    submit(client, f"{ROUND}/me/erase", {"confirm": "y"})
    assert participant(app, pid)["erased_at"] is not None
    assert "Du deltar" not in header(client, "/")


def test_at_a_terminal_the_done_button_is_the_way_to_leave(client, demo):
    enter_terminal_mode(client)
    join(client, "Gunnel")
    top = header(client, f"{ROUND}/needs")
    assert "Du deltar som <strong>Gunnel</strong>" in top and 'id="nav-my-page"' in top
    assert 'id="end-visit"' in top and 'id="nav-leave"' not in top


# -- My page's news ---------------------------------------------------------------------------

@pytest.fixture
def world(app, demo):
    with app.test_request_context():
        yield build_world(demo["round_id"])
        db.session.rollback()


def _visit_ends(participant_: Participant, *responses, hours: int = 2) -> None:
    """As if the last look at My page, and what happened before it, were hours ago."""
    back = timedelta(hours=hours)
    participant_.last_seen_at -= back
    participant_.created_at -= back
    for response in responses:
        response.published_at -= back
        for version in response.versions:
            version.created_at -= back
    db.session.commit()


def test_news_since_the_last_visit_appears_from_the_second_visit(app, world):
    client = app.test_client()
    code = world.round.code
    submit(client, f"/r/{code}", {"display_name": "Gunnel"}, action=f"/r/{code}/join")
    me = db.session.scalars(select(Participant).order_by(Participant.id.desc())).first()
    first = client.get(f"/r/{code}/me").get_data(as_text=True)
    assert 'id="news"' not in first and "Nytt sedan ditt senaste besök" not in first

    _visit_ends(me)
    second = client.get(f"/r/{code}/me").get_data(as_text=True)
    assert "Nytt sedan ditt senaste besök" in second and 'id="no-news"' in second

    _visit_ends(me)
    from samskapande.voting.models import Vote
    db.session.add(Vote(round_id=world.round.id, need_id=world.needs[0].id,
                        participant_id=me.id, dots=1))
    response = draft(world)
    sign_all(world, response)
    db.session.commit()
    third = client.get(f"/r/{code}/me").get_data(as_text=True)
    news = third.split('id="news"', 1)[1].split("</section>", 1)[0]
    assert "Nytt sedan ditt senaste besök" in news
    assert f"/r/{code}/responses/{response.id}" in news and 'id="no-news"' not in news


# -- the code on a slip and in a file ------------------------------------------------------

def test_my_page_offers_to_print_and_save_the_code(client, demo):
    join(client, "Gunnel")
    html = client.get(ME).get_data(as_text=True)
    assert f'href="{ROUND}/me/code" id="print-code"' in html and "Skriv ut koden" in html
    assert f'href="{ROUND}/me/code.txt" id="save-code" download' in html


def test_the_slip_shows_the_round_the_code_and_where_to_continue(app, client, demo):
    pid = join(client, "Gunnel")
    code = participant(app, pid)["resume_code"]
    html = client.get(f"{ROUND}/me/code").get_data(as_text=True)
    slip = html.split('id="code-slip"', 1)[1].split("</section>", 1)[0]
    assert code in slip and "Näsåker" in slip and "http://localhost/resume" in slip
    assert "Fortsätt med min kod" in slip
    assert "Gunnel" not in slip  # nothing but the code says who it is
    assert "data-print" in html and "js/print.js" in html


def test_the_saved_file_holds_the_round_the_code_and_the_address(app, client, demo):
    pid = join(client, "Gunnel")
    code = participant(app, pid)["resume_code"]
    response = client.get(f"{ROUND}/me/code.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert response.headers["Content-Disposition"] == \
        "attachment; filename=samskapande-nasaker.txt"
    assert response.headers["Cache-Control"] == "no-store"
    text = response.get_data(as_text=True)
    assert f"Din personliga kod: {code}" in text and "http://localhost/resume" in text
    assert "Samskapande – " in text and "Gunnel" not in text and "<" not in text


def test_the_slip_and_the_file_need_a_participation_and_show_only_ones_own_code(
        app, client, demo):
    for url in (f"{ROUND}/me/code", f"{ROUND}/me/code.txt"):
        response = client.get(url)
        assert response.status_code == 302 and response.headers["Location"] == ROUND, url
    other = app.test_client()
    other_code = participant(app, join(other, "Annan"))["resume_code"]
    mine = participant(app, join(client, "Gunnel"))["resume_code"]
    for url in (f"{ROUND}/me/code", f"{ROUND}/me/code.txt"):
        text = client.get(url).get_data(as_text=True)
        assert mine in text and other_code not in text, url
    with app.app_context():
        assert db.session.scalar(select(Participant.id).where(
            Participant.resume_code == other_code)) is not None


def test_at_a_terminal_the_slip_is_offered_and_no_file_is_left_behind(client, demo):
    enter_terminal_mode(client)
    join(client, "Gunnel")
    html = client.get(ME).get_data(as_text=True)
    assert 'id="print-code"' in html and 'id="save-code"' not in html
    assert "window.print" not in html  # offered, never printed by itself
    response = client.get(f"{ROUND}/me/code.txt")
    assert response.status_code == 302 and response.headers["Location"] == f"{ROUND}/me/code"
    slip = client.get(f"{ROUND}/me/code").get_data(as_text=True)
    assert 'id="code-slip"' in slip
