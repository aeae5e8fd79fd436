"""Erasure, from the resident's own page or by staff: both pages say what becomes of the
person's meeting posts, and it happens: the posts stay, without the name, in the meeting,
its transcript and the journal that reconnecting clients replay."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from samskapande.extensions import db
from samskapande.live.models import Message
from samskapande.realtime import journal
from tests.conftest import csrf_token, log_in, submit
from tests.live.helpers import DEMO_PASSWORD, FACILITATOR, demo_meeting

ROUND = "/r/NASAKER"
NAME = "Gunnel Inläggsdotter"
POST = "Bussen till vårdcentralen går för sällan på kvällarna."
RESIDENT_SAYS = "Dina inlägg i dialogmötena finns kvar, utan ditt namn."
STAFF_SAYS = "Deras inlägg i dialogmötena finns kvar, utan namn."


def _everywhere(app, facilitator) -> str:
    """What the meeting shows of its posts: its page, transcript (HTML, CSV) and journal."""
    with app.app_context():
        meeting = demo_meeting()
        url = f"{ROUND}/meetings/{meeting.id}"
        replay = json.dumps([journal.events_since(meeting.id, stream, 0)
                             for stream in ("public", "staff")], ensure_ascii=False)
    pages = [facilitator.get(f"{url}{part}").get_data(as_text=True)
             for part in ("", "/transcript", "/transcript.csv")]
    return "\n".join([*pages, replay])


@pytest.mark.parametrize("who_erases", ["resident", "staff"])
def test_erased_meeting_posts_stay_without_the_name(app, client, demo, who_erases):
    assert submit(client, ROUND, {"display_name": NAME},
                  action=f"{ROUND}/join").status_code == 302
    code = re.search(r'class="code"[^>]*>([^<]+)<', client.get(f"{ROUND}/me")
                     .get_data(as_text=True)).group(1).strip()
    with app.app_context():
        meeting_url = f"{ROUND}/meetings/{demo_meeting().id}"
    assert submit(client, meeting_url, {"kind": "message", "text": POST},
                  action=f"{meeting_url}/post").status_code == 302
    facilitator = app.test_client()
    assert log_in(facilitator, FACILITATOR, DEMO_PASSWORD).status_code == 302
    before = _everywhere(app, facilitator)
    assert POST in before and NAME in before

    if who_erases == "resident":
        page = client.get(f"{ROUND}/me/erase").get_data(as_text=True)
        assert RESIDENT_SAYS in page
        assert submit(client, f"{ROUND}/me/erase", {}).status_code in {302, 303}
    else:
        found = submit(facilitator, "/admin/participants", {"resume_code": code})
        assert found.status_code == 302, found.get_data(as_text=True)[:300]
        page = facilitator.get(found.headers["Location"]).get_data(as_text=True)
        assert STAFF_SAYS in page
        erased = facilitator.post(f"{found.headers['Location']}/erase", data={
            "confirm": "y", "csrf_token": csrf_token(facilitator, found.headers["Location"])})
        assert erased.status_code == 302

    with app.app_context():
        kept = db.session.scalar(select(Message).where(Message.text == POST))
        assert kept is not None, "the post stays"
    after = _everywhere(app, facilitator)
    assert POST in after and NAME not in after
