"""The meeting pages as plain forms, without JavaScript: what residents and staff see and do."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.extensions import db
from samskapande.live.models import Meeting, Message, Poll
from tests.conftest import csrf_token, log_in, submit
from tests.live.helpers import DEMO_PASSWORD, FACILITATOR, OFFICIAL, POLITICIAN, demo_meeting


@pytest.fixture
def meeting_id(app, demo):
    with app.app_context():
        return demo_meeting().id


@pytest.fixture
def url(meeting_id):
    return f"/r/NASAKER/meetings/{meeting_id}"


@pytest.fixture(autouse=True)
def english(client):
    """The tests read the English texts (the msgids); Swedish is checked by test_i18n."""
    client.get("/language/en")


def staff_client(app, email):
    client = app.test_client()
    client.get("/language/en")
    assert log_in(client, email, DEMO_PASSWORD).status_code == 302
    return client


def messages(app):
    with app.app_context():
        residents = select(Message).where(Message.user_id.is_(None))
        return [(m.kind, m.text, m.status) for m in db.session.scalars(residents)]


def test_anonymous_visitors_are_asked_to_join(client, url):
    page = client.get(url).get_data(as_text=True)
    assert "Join the round" in page and "post-form" not in page


def test_a_resident_posts_and_sees_the_post_with_who_speaks(app, participant_client, url):
    response = submit(participant_client, url, {"kind": "message", "text": "Hej från byn"},
                      action=f"{url}/post")
    assert response.status_code == 302
    page = participant_client.get(url).get_data(as_text=True)
    assert "Hej från byn" in page and "Gunnel" in page and "Resident" in page
    assert "Show the latest posts" in page
    # The hooks of live.js: where the page's events end, so the socket replays what follows.
    assert 'data-last-public="1"' in page and 'data-staff="0"' in page
    assert 'data-where="remote"' in page
    submit(participant_client, url, {"where": "room"}, action=f"{url}/where")
    assert 'data-where="room"' in participant_client.get(url).get_data(as_text=True)


def test_bad_post_keeps_the_text_and_says_why(app, participant_client, url):
    response = submit(participant_client, url, {"kind": "message", "text": "x" * 1200},
                      action=f"{url}/post")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "At most 1000 characters" in page and "x" * 1200 in page
    assert messages(app) == []


def test_expired_form_keeps_the_text(app, participant_client, url):
    participant_client.get(url)
    response = participant_client.post(f"{url}/post", data={
        "kind": "question", "text": "Min fråga", "csrf_token": "stale"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Min fråga" in page and "expired" in page


def test_double_submit_posts_once(app, participant_client, url):
    token = csrf_token(participant_client, url)
    for _ in range(2):
        participant_client.post(f"{url}/post", data={"kind": "message", "text": "Bara en gång",
                                                      "csrf_token": token})
    assert messages(app) == [("message", "Bara en gång", "visible")]


def test_question_upvoted_once_and_answered_by_a_politician(app, participant_client, url):
    submit(participant_client, url, {"kind": "question", "text": "Blir det buss?"},
           action=f"{url}/post")
    with app.app_context():
        question_id = db.session.scalar(select(Message.id).where(Message.pinned.is_(False)))
    for _ in range(2):
        submit(participant_client, url, {}, action=f"{url}/messages/{question_id}/upvote")
    page = participant_client.get(url).get_data(as_text=True)
    assert '<span class="count">1</span>' in page and "You upvoted this question." in page
    politician = staff_client(app, POLITICIAN)
    response = submit(politician, url, {"answer": "Ja, från mars."},
                      action=f"{url}/messages/{question_id}/answer")
    assert response.status_code == 302
    page = participant_client.get(url).get_data(as_text=True)
    assert "Ja, från mars." in page and "Karin Fjällström" in page and "Answered" in page


def test_pre_moderation_flow_on_the_moderation_page(app, participant_client, url):
    facilitator = staff_client(app, FACILITATOR)
    response = submit(facilitator, f"{url}/moderate",
                      {"chat_open": "1", "moderation": "pre", "slow_mode_seconds": "0"},
                      action=f"{url}/settings")
    assert response.status_code == 302
    submit(participant_client, url, {"kind": "message", "text": "Väntar på godkännande"},
           action=f"{url}/post")
    assert "Väntar på godkännande" not in participant_client.get(url).get_data(as_text=True)
    page = facilitator.get(f"{url}/moderate").get_data(as_text=True)
    assert "Väntar på godkännande" in page
    with app.app_context():
        message_id = db.session.scalar(select(Message.id).where(Message.pinned.is_(False)))
    submit(facilitator, f"{url}/moderate", {},
           action=f"{url}/messages/{message_id}/approve?back=moderate")
    assert "Väntar på godkännande" in participant_client.get(url).get_data(as_text=True)


def test_hide_needs_a_reason(app, participant_client, url):
    submit(participant_client, url, {"kind": "message", "text": "Dumheter"},
           action=f"{url}/post")
    with app.app_context():
        message_id = db.session.scalar(select(Message.id).where(Message.pinned.is_(False)))
    facilitator = staff_client(app, FACILITATOR)
    hide_url = f"{url}/messages/{message_id}/hide"
    response = submit(facilitator, hide_url, {"reason": ""})
    assert response.status_code == 400 and "Write why the post is hidden." in \
        response.get_data(as_text=True)
    assert submit(facilitator, hide_url, {"reason": "Kränkande"}).status_code == 302
    assert "Dumheter" not in participant_client.get(url).get_data(as_text=True)


def test_bad_settings_are_explained(app, url):
    facilitator = staff_client(app, FACILITATOR)
    response = submit(facilitator, f"{url}/moderate",
                      {"chat_open": "1", "moderation": "pre", "slow_mode_seconds": "9999"},
                      action=f"{url}/settings")
    assert response.status_code == 400
    assert "Between 0 and 600 seconds." in response.get_data(as_text=True)


def test_poll_created_opened_answered_closed(app, participant_client, url):
    facilitator = staff_client(app, FACILITATOR)
    response = submit(facilitator, f"{url}/moderate", {
        "question": "Vilken kväll?", "kind": "single", "options": "Tisdag\nTorsdag"},
        action=f"{url}/polls")
    assert response.status_code == 302
    with app.app_context():
        poll = db.session.scalar(select(Poll))
        poll_id, option_id = poll.id, poll.options[1].id
    submit(facilitator, f"{url}/moderate", {}, action=f"{url}/polls/{poll_id}/open")
    page = participant_client.get(url).get_data(as_text=True)
    assert "Vilken kväll?" in page and f'name="poll{poll_id}-choice"' in page
    token = csrf_token(participant_client, url)  # the poll's form has its own prefix
    participant_client.post(f"{url}/polls/{poll_id}/answer", data={
        f"poll{poll_id}-choice": str(option_id), f"poll{poll_id}-csrf_token": token})
    page = participant_client.get(url).get_data(as_text=True)
    assert "Thank you for answering!" in page and "1 answers" in page
    submit(facilitator, f"{url}/moderate", {}, action=f"{url}/polls/{poll_id}/close")
    assert "Closed" in participant_client.get(url).get_data(as_text=True)
    transcript = facilitator.get(f"{url}/transcript").get_data(as_text=True)
    assert "Vilken kväll?" in transcript and "1 answers" in transcript


def test_poll_form_errors(app, url):
    facilitator = staff_client(app, FACILITATOR)
    response = submit(facilitator, f"{url}/moderate",
                      {"question": "Vad?", "kind": "single", "options": "Bara en"},
                      action=f"{url}/polls")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Write at least two options." in page and "Bara en" in page


def test_projector_and_transcript_for_staff_only(app, participant_client, url):
    submit(participant_client, url, {"kind": "question", "text": "Var är vårdcentralen?"},
           action=f"{url}/post")
    assert participant_client.get(f"{url}/screen").status_code == 404
    assert participant_client.get(f"{url}/transcript.csv").status_code == 404
    official = staff_client(app, OFFICIAL)
    screen = official.get(f"{url}/screen").get_data(as_text=True)
    assert "Var är vårdcentralen?" in screen and 'http-equiv="refresh"' in screen
    assert official.get(f"{url}/qr.svg").mimetype == "image/svg+xml"
    csv = official.get(f"{url}/transcript.csv")
    assert csv.mimetype == "text/csv" and "Var är vårdcentralen?" in csv.get_data(as_text=True)
    assert "Var är vårdcentralen?" in official.get(f"{url}/transcript").get_data(as_text=True)
    assert official.get(f"{url}/moderate").status_code == 403


def test_questions_become_needs(app, participant_client, url):
    submit(participant_client, url, {"kind": "question", "text": "Kan bussen gå oftare?"},
           action=f"{url}/post")
    facilitator = staff_client(app, FACILITATOR)
    response = submit(facilitator, f"{url}/moderate", {}, action=f"{url}/questions-to-needs")
    assert response.status_code == 302
    needs = participant_client.get("/r/NASAKER/needs?sort=newest").get_data(as_text=True)
    assert "Kan bussen gå oftare?" in needs


def test_facilitator_creates_a_meeting_from_the_workspace(app, demo):
    facilitator = staff_client(app, FACILITATOR)
    workspace = facilitator.get(f"/manage/rounds/{demo['round_id']}").get_data(as_text=True)
    assert f"/manage/rounds/{demo['round_id']}/meetings" in workspace
    meetings_url = f"/manage/rounds/{demo['round_id']}/meetings"
    response = submit(facilitator, meetings_url, {"title": "", "moderation": "post",
                                                  "location": "Bygdegården"})
    assert response.status_code == 400 and "Bygdegården" in response.get_data(as_text=True)
    for _ in range(2):  # a double submit makes one meeting
        response = submit(facilitator, meetings_url, {
            "title": "Uppföljningsmöte", "location": "Bygdegården",
            "starts_at": "2026-12-03T18:30", "moderation": "pre", "description": ""})
        assert response.status_code == 302
    with app.app_context():
        meeting = db.session.scalars(select(Meeting).where(Meeting.title == "Uppföljningsmöte")
                                     ).one()
        assert meeting.moderation == "pre" and meeting.starts_at.hour == 17  # 18:30 CET in UTC
    official = staff_client(app, OFFICIAL)
    assert official.get(meetings_url).status_code == 403


def test_my_page_links_the_meetings(participant_client, url):
    assert url in participant_client.get("/r/NASAKER/me").get_data(as_text=True)


def test_pin_spotlight_and_mute_from_the_meeting_page(app, participant_client, url):
    submit(participant_client, url, {"kind": "message", "text": "Lyft fram mig"},
           action=f"{url}/post")
    with app.app_context():
        message_id = db.session.scalar(select(Message.id).where(Message.pinned.is_(False)))
    facilitator = staff_client(app, FACILITATOR)
    for action in ("pin", "spotlight", "mute"):
        response = submit(facilitator, url, {}, action=f"{url}/messages/{message_id}/{action}")
        assert response.status_code == 302
    screen = facilitator.get(f"{url}/screen").get_data(as_text=True)
    assert 'class="spotlight-text">Lyft fram mig<' in screen
    page = participant_client.get(url).get_data(as_text=True)
    assert "paused your posting" in page and 'id="post-form"' not in page
    moderation = facilitator.get(f"{url}/moderate").get_data(as_text=True)
    assert "Gunnel" in moderation
    with app.app_context():
        participant_id = db.session.scalar(select(Message.participant_id)
                                           .where(Message.id == message_id))
    submit(facilitator, f"{url}/moderate", {}, action=f"{url}/muted/{participant_id}/unmute")
    assert 'id="post-form"' in participant_client.get(url).get_data(as_text=True)


def test_residents_cannot_moderate(app, participant_client, url):
    submit(participant_client, url, {"kind": "message", "text": "Hej"}, action=f"{url}/post")
    with app.app_context():
        message_id = db.session.scalar(select(Message.id).where(Message.pinned.is_(False)))
    for action in ("pin", "hide", "approve"):
        response = submit(participant_client, url, {"reason": "x"},
                          action=f"{url}/messages/{message_id}/{action}")
        assert response.status_code == 404
    assert participant_client.get(f"{url}/moderate").status_code == 404
    official = staff_client(app, OFFICIAL)
    assert submit(official, url, {}, action=f"{url}/messages/{message_id}/pin").status_code == 403
