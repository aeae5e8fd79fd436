"""Changing an existing meeting: a prefilled form, the rules of the service, who may."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.live.models import Meeting
from tests.conftest import PASSWORD, create_staff, csrf_token, log_in
from tests.live.helpers import DEMO_PASSWORD, FACILITATOR, OFFICIAL, demo_meeting
from tests.test_bad_input import CORPUS, assert_handled

GOOD = {"title": "Dialogmöte om vården", "starts_at": "2026-12-10T18:30",
        "ends_at": "2026-12-10T20:30", "location": "Folkets hus, Näsåker",
        "online_url": "https://meet.example.se/nasaker", "description": "Välkomna!"}


@pytest.fixture
def ids(app, demo):
    with app.app_context():
        meeting = demo_meeting()
        return {"round": meeting.round_id, "meeting": meeting.id}


@pytest.fixture
def edit_url(ids):
    return f"/manage/rounds/{ids['round']}/meetings/{ids['meeting']}/edit"


def logged_in(app, email, password=DEMO_PASSWORD):
    client = app.test_client()
    client.get("/language/en")
    assert log_in(client, email, password).status_code == 302
    return client


def stored(app, meeting_id) -> Meeting:
    with app.app_context():
        meeting = db.session.get(Meeting, meeting_id)
        db.session.expunge(meeting)
        return meeting


def test_the_form_is_prefilled_and_linked_from_the_meetings_list(app, ids, edit_url):
    facilitator = logged_in(app, FACILITATOR)
    listing = facilitator.get(f"/manage/rounds/{ids['round']}/meetings").get_data(as_text=True)
    assert edit_url in listing
    page = facilitator.get(edit_url).get_data(as_text=True)
    title = stored(app, ids["meeting"]).title
    assert f'value="{title}"' in page
    assert 'name="online_url"' in page and 'name="ends_at"' in page
    assert '<label for="online_url"' in page


def test_a_change_is_stored_audited_with_old_and_new_values(app, ids, edit_url):
    facilitator = logged_in(app, FACILITATOR)
    old_title = stored(app, ids["meeting"]).title
    token = csrf_token(facilitator, edit_url)
    response = facilitator.post(edit_url, data={**GOOD, "csrf_token": token})
    assert response.status_code == 302
    meeting = stored(app, ids["meeting"])
    assert (meeting.title, meeting.location, meeting.online_url) == (
        GOOD["title"], GOOD["location"], GOOD["online_url"])
    assert meeting.changed_at is not None
    assert set(meeting.changes) == {"title", "time", "place", "online_url"}
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "meeting.update"))
        assert event.details["changes"]["title"] == {"old": old_title, "new": GOOD["title"]}
        assert event.details["changes"]["starts_at"]["new"] == "2026-12-10 18:30"
    page = facilitator.get(f"/manage/rounds/{ids['round']}/meetings").get_data(as_text=True)
    assert "Folkets hus, Näsåker" in page and "Changed" in page


def test_the_same_form_twice_is_one_change(app, ids, edit_url):
    facilitator = logged_in(app, FACILITATOR)
    for _ in range(2):
        token = csrf_token(facilitator, edit_url)
        assert facilitator.post(edit_url, data={**GOOD, "csrf_token": token}).status_code == 302
    with app.app_context():
        assert len(db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "meeting.update")).all()) == 1


@pytest.mark.parametrize("field, value, message", [
    ("ends_at", "2026-12-10T17:00", "The meeting must end after it starts."),
    ("online_url", "javascript:alert(1)", "Write a web address that starts with https://"),
    ("online_url", "ftp://example.se/x", "Write a web address that starts with https://"),
    ("online_url", "https://exa mple.se", "Write a web address that starts with https://"),
    ("title", "", "Write the meeting's title."),
])
def test_bad_values_are_refused_and_what_was_written_is_kept(app, ids, edit_url, field, value,
                                                             message):
    facilitator = logged_in(app, FACILITATOR)
    before = stored(app, ids["meeting"])
    token = csrf_token(facilitator, edit_url)
    response = facilitator.post(edit_url, data={**GOOD, field: value, "csrf_token": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert "Folkets hus, Näsåker" in page  # the rest of the form is kept
    after = stored(app, ids["meeting"])
    assert (after.title, after.location, after.changed_at) == (
        before.title, before.location, None)


def test_an_expired_form_says_so_and_keeps_the_text(app, ids, edit_url):
    facilitator = logged_in(app, FACILITATOR)
    response = facilitator.post(edit_url, data={**GOOD, "csrf_token": "expired"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The form had expired. Send it again." in page and GOOD["location"] in page
    assert stored(app, ids["meeting"]).changed_at is None


@pytest.mark.parametrize("value", CORPUS)
def test_the_edit_form_takes_the_corpus(app, ids, edit_url, value):
    facilitator = logged_in(app, FACILITATOR)
    token = csrf_token(facilitator, edit_url)
    for field in ("title", "location", "online_url", "description", "starts_at", "ends_at"):
        response = facilitator.post(edit_url, data={**GOOD, field: value, "csrf_token": token})
        assert_handled(response, value)
    assert_handled(facilitator.get(f"/manage/rounds/{ids['round']}/meetings"), value)
    assert_handled(facilitator.get("/r/NASAKER"), value)
    meeting = stored(app, ids["meeting"])
    for text in (meeting.title, meeting.location, meeting.online_url, meeting.description):
        assert "\x00" not in text and "\x07" not in text and len(text) <= 2000
    assert meeting.online_url in ("", GOOD["online_url"])


@pytest.mark.parametrize("who", ["demo-official", "politician", "other-facilitator"])
def test_only_those_who_manage_the_round_may_edit(app, ids, edit_url, who):
    if who == "demo-official":
        client = logged_in(app, OFFICIAL)
    else:
        role = "facilitator" if who == "other-facilitator" else who
        client = logged_in(app, create_staff(app, role)["email"], PASSWORD)
    assert client.get(edit_url).status_code == 403
    response = client.post(edit_url, data={**GOOD, "csrf_token": "x"})
    assert response.status_code == 403
    assert stored(app, ids["meeting"]).title != GOOD["title"]


def test_anonymous_visitors_are_sent_to_log_in(app, client, edit_url):
    assert client.get(edit_url).status_code in (302, 401)


def test_another_rounds_meeting_is_not_found(app, ids):
    facilitator = logged_in(app, FACILITATOR)
    url = f"/manage/rounds/{ids['round']}/meetings/{ids['meeting'] + 999}/edit"
    assert facilitator.get(url).status_code == 404
