"""A meeting changed by the facilitator: residents see what is new on the round page, on
My page and on the meeting page itself (a page open during the change shows it on reload)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token, log_in
from tests.live.helpers import DEMO_PASSWORD, FACILITATOR, demo_meeting

CHANGED = {"title": "Dialogmöte om vården i Näsåker", "starts_at": "2026-12-10T18:30",
           "ends_at": "2026-12-10T20:30", "location": "Folkets hus",
           "online_url": "https://meet.example.se/nasaker", "description": ""}


@pytest.fixture
def meeting_ids(app, demo):
    with app.app_context():
        meeting = demo_meeting()
        return meeting.round_id, meeting.id


def change_meeting(app, meeting_ids, **values):
    round_id, meeting_id = meeting_ids
    facilitator = app.test_client()
    assert log_in(facilitator, FACILITATOR, DEMO_PASSWORD).status_code == 302
    url = f"/manage/rounds/{round_id}/meetings/{meeting_id}/edit"
    token = csrf_token(facilitator, url)
    response = facilitator.post(url, data={**CHANGED, **values, "csrf_token": token})
    assert response.status_code == 302


def test_the_round_page_says_what_changed(app, participant_client, meeting_ids):
    participant_client.get("/language/en")
    before = participant_client.get("/r/NASAKER").get_data(as_text=True)
    assert "Changed" not in before
    change_meeting(app, meeting_ids)
    page = participant_client.get("/r/NASAKER").get_data(as_text=True)
    assert CHANGED["title"] in page
    assert "new time" in page and "new place Folkets hus" in page
    assert "new online link" in page and 'href="https://meet.example.se/nasaker"' in page
    assert "Changed" in page


def test_my_page_says_what_changed(app, participant_client, meeting_ids):
    participant_client.get("/language/en")
    change_meeting(app, meeting_ids, online_url="")
    page = participant_client.get("/r/NASAKER/me").get_data(as_text=True)
    assert "Changed" in page and "new place Folkets hus" in page and "new time" in page


def test_only_what_residents_rely_on_is_announced(app, participant_client, meeting_ids):
    """A new description alone is no "Changed" note; the meeting page shows it."""
    participant_client.get("/language/en")
    round_id, meeting_id = meeting_ids
    facilitator = app.test_client()
    assert log_in(facilitator, FACILITATOR, DEMO_PASSWORD).status_code == 302
    url = f"/manage/rounds/{round_id}/meetings/{meeting_id}/edit"
    page = facilitator.get(url).get_data(as_text=True)
    prefilled = dict(re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', page))
    prefilled.update({"description": "Fika från 18.", "csrf_token": csrf_token(facilitator, url)})
    assert facilitator.post(url, data=prefilled).status_code == 302
    assert "Changed" not in participant_client.get("/r/NASAKER").get_data(as_text=True)
    meeting_page = participant_client.get(f"/r/NASAKER/meetings/{meeting_id}")
    assert "Fika från 18." in meeting_page.get_data(as_text=True)


def test_an_open_meeting_page_shows_the_new_details_on_reload(app, participant_client,
                                                              meeting_ids):
    participant_client.get("/language/en")
    url = f"/r/NASAKER/meetings/{meeting_ids[1]}"
    assert "Folkets hus" not in participant_client.get(url).get_data(as_text=True)
    change_meeting(app, meeting_ids)
    page = participant_client.get(url).get_data(as_text=True)
    assert "Folkets hus" in page and CHANGED["title"] in page and "Join online" in page


def test_in_swedish_the_note_reads_andrad(app, participant_client, meeting_ids):
    participant_client.get("/language/sv")
    change_meeting(app, meeting_ids)
    page = participant_client.get("/r/NASAKER").get_data(as_text=True)
    assert "Ändrad" in page and "ny tid" in page and "ny plats Folkets hus" in page
