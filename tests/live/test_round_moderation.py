"""The round's one moderation page (needs and meeting posts, filtered by kind and meeting),
and muting that asks first and is undone from the same page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.live.models import Meeting, Message, MessageStatus, Mute
from samskapande.needs.models import Need, NeedStatus
from tests.conftest import PASSWORD, create_staff, csrf_token, log_in, submit
from tests.live.helpers import (
    DEMO_PASSWORD,
    FACILITATOR,
    OFFICIAL,
    demo_meeting,
    new_participant,
)


@pytest.fixture(autouse=True)
def english(client):
    client.get("/language/en")


def logged_in(app, email, password=DEMO_PASSWORD):
    client = app.test_client()
    client.get("/language/en")
    assert log_in(client, email, password).status_code == 302
    return client


@pytest.fixture
def world(app, demo):
    """The demo meeting and a second one; a held post and a hidden one in each, a waiting
    need, and a waiting need made from a question of the second meeting."""
    with app.app_context():
        first = demo_meeting()
        second = Meeting(round_id=first.round_id, title="Andra mötet")
        db.session.add(second)
        db.session.flush()
        writer = new_participant(first.round_id, "Skribent")
        rows = {}
        for meeting, tag in ((first, "ett"), (second, "två")):
            for status in (MessageStatus.PENDING, MessageStatus.HIDDEN):
                message = Message(meeting_id=meeting.id, participant_id=writer.id,
                                  text=f"Inlägg {tag} {status}", status=status,
                                  hidden_reason="Personangrepp" if status == "hidden" else None)
                db.session.add(message)
                db.session.flush()
                rows[f"{tag}-{status}"] = message.id
        question = Message(meeting_id=second.id, participant_id=writer.id, kind="question",
                           text="Frågan som blev behov", status=MessageStatus.VISIBLE)
        db.session.add(question)
        db.session.flush()
        for key, text, source in (("need", "Behov som väntar", None),
                                  ("need-from-two", "Behov från andra mötet", question.id)):
            need = Need(round_id=first.round_id, participant_id=writer.id, text=text,
                        status=NeedStatus.PENDING, source_message_id=source)
            db.session.add(need)
            db.session.flush()
            rows[key] = need.id
        db.session.commit()
        return {**rows, "round": first.round_id, "first": first.id, "second": second.id,
                "writer": writer.id}


def page_url(world, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/manage/rounds/{world['round']}/moderation" + (f"?{query}" if query else "")


def test_everything_waiting_in_one_list(app, world):
    page = logged_in(app, FACILITATOR).get(page_url(world))
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for shown in ("Behov som väntar", "Behov från andra mötet", "Inlägg ett pending",
                  "Inlägg två pending", "Inlägg ett hidden", "Personangrepp", "Andra mötet"):
        assert shown in text
    assert '<label for="filter-kind"' in text and '<label for="filter-meeting"' in text


def test_filtered_by_kind(app, world):
    facilitator = logged_in(app, FACILITATOR)
    needs = facilitator.get(page_url(world, kind="needs")).get_data(as_text=True)
    assert "Behov som väntar" in needs and "Inlägg ett pending" not in needs
    posts = facilitator.get(page_url(world, kind="posts")).get_data(as_text=True)
    assert "Behov som väntar" not in posts and "Inlägg två hidden" in posts


def test_filtered_by_meeting(app, world):
    page = logged_in(app, FACILITATOR).get(page_url(world, meeting=world["second"]))
    text = page.get_data(as_text=True)
    assert "Inlägg två pending" in text and "Inlägg ett pending" not in text
    assert "Behov från andra mötet" in text and "Behov som väntar" not in text


@pytest.mark.parametrize("query", ["kind=%3Cscript%3E", "meeting=abc", "meeting=-1",
                                   "meeting=99999999999999999999", "kind=&meeting=",
                                   "meeting=%F0%9F%99%82"])
def test_odd_filters_show_everything_without_error(app, world, query):
    page = logged_in(app, FACILITATOR).get(f"{page_url(world)}?{query}")
    assert page.status_code == 200
    assert "Behov som väntar" in page.get_data(as_text=True)


def test_approving_a_need_returns_to_the_filtered_page(app, world):
    facilitator = logged_in(app, FACILITATOR)
    here = page_url(world, kind="needs")
    token = csrf_token(facilitator, here)
    response = facilitator.post(
        f"/manage/rounds/{world['round']}/needs/{world['need']}/approve?next="
        f"/manage/rounds/{world['round']}/moderation?kind%3Dneeds", data={"csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(here)
    with app.app_context():
        assert db.session.get(Need, world["need"]).status == NeedStatus.VISIBLE
    assert "Behov som väntar" not in facilitator.get(here).get_data(as_text=True)


def test_hiding_a_need_from_the_list_returns_to_it(app, world):
    facilitator = logged_in(app, FACILITATOR)
    here = page_url(world, kind="needs")
    listing = facilitator.get(here).get_data(as_text=True)
    hide_link = f"/manage/rounds/{world['round']}/needs/{world['need']}?next="
    assert hide_link in listing
    need_page = f"{hide_link}/manage/rounds/{world['round']}/moderation?kind%3Dneeds"
    token = csrf_token(facilitator, need_page)
    action = (f"/manage/rounds/{world['round']}/needs/{world['need']}/hide?next="
              f"/manage/rounds/{world['round']}/moderation?kind%3Dneeds")
    assert action in facilitator.get(need_page).get_data(as_text=True).replace("&amp;", "&")
    response = facilitator.post(action, data={"csrf_token": token, "reason": "Off topic"})
    assert response.status_code == 302 and response.headers["Location"].endswith(here)
    with app.app_context():
        assert db.session.get(Need, world["need"]).status == NeedStatus.HIDDEN


def test_approving_and_hiding_posts_return_to_the_filtered_page(app, world):
    facilitator = logged_in(app, FACILITATOR)
    here = page_url(world, kind="posts", meeting=world["first"])
    nxt = f"/manage/rounds/{world['round']}/moderation?kind%3Dposts%26meeting%3D{world['first']}"
    base = f"/r/NASAKER/meetings/{world['first']}/messages"
    token = csrf_token(facilitator, here)
    response = facilitator.post(f"{base}/{world['ett-pending']}/approve?next={nxt}",
                                data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith(here)
    response = facilitator.post(f"{base}/{world['ett-hidden']}/approve?next={nxt}",
                                data={"csrf_token": token})
    assert response.headers["Location"].endswith(here)
    with app.app_context():
        assert db.session.get(Message, world["ett-pending"]).status == MessageStatus.VISIBLE
        assert db.session.get(Message, world["ett-hidden"]).status == MessageStatus.VISIBLE
        held = Message(meeting_id=world["first"], participant_id=world["writer"],
                       text="Nytt väntande", status=MessageStatus.PENDING)
        db.session.add(held)
        db.session.commit()
        held_id = held.id
    assert "Nytt väntande" in facilitator.get(here).get_data(as_text=True)
    hide_page = f"{base}/{held_id}/hide?next={nxt}"
    response = submit(facilitator, hide_page, {"reason": "Reklam"})
    assert response.status_code == 302 and response.headers["Location"].endswith(here)
    with app.app_context():
        assert db.session.get(Message, held_id).status == MessageStatus.HIDDEN


def test_an_address_elsewhere_is_never_where_an_action_returns(app, world):
    facilitator = logged_in(app, FACILITATOR)
    token = csrf_token(facilitator, page_url(world))
    response = facilitator.post(
        f"/r/NASAKER/meetings/{world['first']}/messages/{world['ett-pending']}/approve"
        "?next=https://evil.example/", data={"csrf_token": token})
    assert "evil.example" not in response.headers["Location"]


def test_the_workspace_and_the_old_pages_link_to_it(app, world):
    facilitator = logged_in(app, FACILITATOR)
    target = f"/manage/rounds/{world['round']}/moderation"
    assert target in facilitator.get(f"/manage/rounds/{world['round']}").get_data(as_text=True)
    assert target in facilitator.get(f"/manage/rounds/{world['round']}/needs").get_data(
        as_text=True)
    moderation = facilitator.get(f"/r/NASAKER/meetings/{world['first']}/moderate")
    assert target in moderation.get_data(as_text=True)


def test_only_those_who_manage_the_round(app, client, world):
    assert logged_in(app, OFFICIAL).get(page_url(world)).status_code == 403
    other = logged_in(app, create_staff(app, "facilitator")["email"], PASSWORD)
    assert other.get(page_url(world)).status_code == 403
    assert client.get(page_url(world)).status_code in (302, 401)


# -- muting ---------------------------------------------------------------------------------

def muted(app, world) -> bool:
    with app.app_context():
        return db.session.scalar(select(func.count(Mute.id)).where(
            Mute.meeting_id == world["first"], Mute.participant_id == world["writer"])) == 1


def audited(app, action) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(AuditEvent.id))
                                 .where(AuditEvent.action == action))


def test_muting_asks_first_and_is_undone_from_the_same_page(app, world):
    facilitator = logged_in(app, FACILITATOR)
    moderation = f"/r/NASAKER/meetings/{world['first']}/moderate"
    mute_page = f"/r/NASAKER/meetings/{world['first']}/messages/{world['ett-pending']}/mute"
    assert mute_page in facilitator.get(moderation).get_data(as_text=True)
    confirm = facilitator.get(mute_page)
    text = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and not muted(app, world)
    assert "Mute Skribent?" in text and "can no longer write or ask questions" in text
    response = submit(facilitator, mute_page, {})
    assert response.status_code == 302 and muted(app, world)
    page = facilitator.get(response.headers["Location"]).get_data(as_text=True)
    assert "Skribent is muted in this meeting" in page
    unmute_page = f"/r/NASAKER/meetings/{world['first']}/muted/{world['writer']}/unmute"
    assert unmute_page in page
    confirm = facilitator.get(unmute_page).get_data(as_text=True)
    assert "Let Skribent write again?" in confirm and muted(app, world)
    response = submit(facilitator, unmute_page, {})
    assert response.status_code == 302 and not muted(app, world)
    assert audited(app, "participant.mute") == 1 and audited(app, "participant.unmute") == 1


def test_an_expired_mute_form_mutes_nobody(app, world):
    facilitator = logged_in(app, FACILITATOR)
    mute_page = f"/r/NASAKER/meetings/{world['first']}/messages/{world['ett-pending']}/mute"
    response = facilitator.post(mute_page, data={"csrf_token": "expired"})
    assert response.status_code == 400 and not muted(app, world)
    assert "The form had expired" in response.get_data(as_text=True)


def test_muting_twice_is_one_mute(app, world):
    facilitator = logged_in(app, FACILITATOR)
    mute_page = f"/r/NASAKER/meetings/{world['first']}/messages/{world['ett-pending']}/mute"
    token = csrf_token(facilitator, mute_page)
    for _ in range(2):
        assert facilitator.post(mute_page, data={"csrf_token": token}).status_code == 302
    assert muted(app, world) and audited(app, "participant.mute") == 1
    assert "already muted" in facilitator.get(mute_page).get_data(as_text=True)


def test_residents_and_other_staff_cannot_mute(app, participant_client, world):
    mute_page = f"/r/NASAKER/meetings/{world['first']}/messages/{world['ett-pending']}/mute"
    assert participant_client.get(mute_page).status_code == 404
    assert logged_in(app, OFFICIAL).get(mute_page).status_code == 403
    assert not muted(app, world)
