"""The socket protocol as docs/realtime.md describes it, from a client written only from
that page: every event gets an ack, a refusal says the real reason, optional fields have
their documented defaults and anything else is refused before something changes."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.live import services
from samskapande.live.models import Message
from samskapande.realtime import coalesce
from samskapande.rounds.models import Phase, Round
from tests.live.helpers import FACILITATOR, demo_meeting, new_participant, staff
from tests.realtime.live_clients import LiveClient, demo_meeting_id, resident, settle, staff_session


@pytest.fixture
def meeting_id(app, live_server):
    yield demo_meeting_id(app)
    settle(app)


def in_english(http, base_url: str):
    """The browser chose English: refusals are the message ids themselves."""
    http.cookies.set("lang", "en", domain=base_url.split("//")[1].split(":")[0])
    return http


def connect(app, live_server, meeting_id, who: str = "resident", join: bool = True,
            **options) -> LiveClient:
    if who == "resident":
        _pid, http = resident(app, live_server.url)
    else:
        _uid, http = staff_session(app, live_server.url, who)
    client = LiveClient(live_server.url, in_english(http, live_server.url), meeting_id,
                        **options)
    if join:
        ack = client.join()
        assert ack["ok"], ack
    return client


@pytest.fixture
def gunnel(app, live_server, meeting_id):
    client = connect(app, live_server, meeting_id)
    yield client
    client.close()


@pytest.fixture
def maria(app, live_server, meeting_id):
    client = connect(app, live_server, meeting_id, who=FACILITATOR)
    yield client
    client.close()


def post(client: LiveClient, text: str, kind: str = "message", **fields) -> dict:
    return client.emit("meeting:post", {"meeting_id": client.meeting_id, "kind": kind,
                                        "text": text, **fields})


def refused(ack: dict, error: str) -> bool:
    assert ack["ok"] is False, ack
    assert ack["error"] == error, ack
    return True


def posts(app) -> int:
    with app.app_context():
        return db.session.scalar(select(db.func.count(Message.id)))


# -- refusals that say the real reason ------------------------------------------------------

def test_an_event_too_large_says_the_limit_of_the_whole_request(app, gunnel, meeting_id):
    ack = post(gunnel, "Hej", padding="å" * 2100)  # 2100 characters, 4200 bytes as UTF-8
    assert refused(ack, "The request is too large: at most 4 KB (4096 bytes) in all.")
    assert posts(app) == 0


def test_a_post_is_not_upvoted(gunnel):
    message_id = post(gunnel, "Bara ett inlägg")["message"]["id"]
    ack = gunnel.emit("meeting:upvote", {"message_id": message_id})
    assert refused(ack, "Only questions can be upvoted.")


def test_staff_do_not_upvote(gunnel, maria):
    question_id = post(gunnel, "Varför stängde apoteket?", kind="question")["message"]["id"]
    ack = maria.emit("meeting:upvote", {"message_id": question_id})
    assert refused(ack, "Only residents taking part in the round can upvote questions.")


def test_a_hidden_question_is_not_upvoted(app, gunnel, maria):
    question_id = post(gunnel, "Varför stängde apoteket?", kind="question")["message"]["id"]
    assert maria.emit("meeting:moderate", {"message_id": question_id, "action": "hide",
                                           "reason": "Fel möte"})["ok"]
    ack = gunnel.emit("meeting:upvote", {"message_id": question_id})
    assert refused(ack, "This question is no longer shown.")
    with app.app_context():
        assert services.message_payload(db.session.get(Message, question_id))["votes"] == 0


@pytest.fixture
def rctx(app, demo):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        yield
        db.session.rollback()


def test_an_erased_resident_does_not_upvote(rctx):
    meeting = demo_meeting()
    question = services.post_message(meeting, participant=new_participant(meeting.round_id),
                                     kind="question", text="När kommer bussen?")
    erased = new_participant(meeting.round_id)
    erased.erased_at = utcnow()
    with pytest.raises(services.LiveError,
                       match="Only residents taking part in the round can upvote questions."):
        services.upvote_question(question, erased)
    with pytest.raises(services.LiveError,
                       match="Only residents taking part in the round can upvote questions."):
        services.upvote_question(question, None)
    db.session.commit()
    assert coalesce.settle()
    assert services.message_payload(question)["votes"] == 0


def test_a_resident_of_another_round_does_not_upvote(rctx):
    meeting = demo_meeting()
    question = services.post_message(meeting, user=staff(FACILITATOR), kind="question",
                                     text="Vad tycker ni?")
    other = Round(model_area_id=meeting.round.model_area_id, code="ANDRA", title="En annan",
                  place="Ramsele", phase=Phase.MEET)
    db.session.add(other)
    db.session.flush()
    with pytest.raises(services.LiveError, match="Only residents taking part"):
        services.upvote_question(question, new_participant(other.id))


# -- an ack for every event -----------------------------------------------------------------

def call(client: LiveClient, name: str, *args) -> dict:
    """Send an event with exactly these arguments (none, one or more), waiting for its ack."""
    return client.client.call(name, args, timeout=10)


def test_an_event_with_extra_arguments_is_refused_with_an_ack(app, gunnel, meeting_id):
    data = {"meeting_id": meeting_id, "kind": "message", "text": "Hej"}
    assert refused(call(gunnel, "meeting:post", data, 2), "The request could not be read.")
    assert refused(call(gunnel, "meeting:join", {"meeting_id": meeting_id}, {}),
                   "The request could not be read.")
    assert posts(app) == 0


def test_an_event_without_data_is_refused_with_an_ack(gunnel):
    for name in ("meeting:join", "meeting:post", "meeting:upvote", "meeting:answer",
                 "meeting:moderate", "poll:answer"):
        assert refused(call(gunnel, name), "The request could not be read.")
        assert refused(call(gunnel, name, None), "The request could not be read.")


def test_an_unknown_event_is_answered_as_unknown(gunnel, meeting_id):
    for args in ((), ({"meeting_id": meeting_id},), ("x", 1)):
        assert refused(call(gunnel, "meeting:psot", *args),
                       "The server does not know this event.")
    assert post(gunnel, "Fortfarande här")["ok"]  # the socket stays usable


# -- meeting:join validated -----------------------------------------------------------------

def join(client: LiveClient, **fields) -> dict:
    return client.emit("meeting:join", {"meeting_id": client.meeting_id, **fields})


def test_join_has_documented_defaults(app, live_server, meeting_id, gunnel):
    assert post(gunnel, "Första")["ok"]
    newcomer = connect(app, live_server, meeting_id, join=False)
    try:
        ack = join(newcomer)  # no after, where or view: from the start, remote, the page
        assert ack["ok"] and ack["streams"] == ["public"], ack
        assert [e["message"]["text"] for e in ack["public"]] == ["Första"]
        assert newcomer.wait_for(lambda c: c.presence and c.presence[-1]["remote"] == 2)
        assert join(newcomer, after=None, where=None, view=None)["ok"]
    finally:
        newcomer.close()


@pytest.mark.parametrize("after", [
    0, "5", [1], {"public": "1"}, {"public": True}, {"public": -1}, {"public": 1.5},
    {"publik": 1}, {"public": None},
])
def test_join_with_a_wrong_after_is_refused(gunnel, after):
    assert refused(join(gunnel, after=after), "The request could not be read.")


@pytest.mark.parametrize("fields", [
    {"where": "home"}, {"where": 1}, {"where": ["room"]}, {"view": "big"}, {"view": True},
])
def test_join_with_a_wrong_where_or_view_is_refused(gunnel, fields):
    assert refused(join(gunnel, **fields), "The request could not be read.")


def test_only_staff_open_the_projector_view(gunnel, maria):
    assert refused(join(gunnel, view="projector"),
                   "Only the meeting's staff can open the projector view.")
    ack = join(maria, view="projector")
    assert ack["ok"] and ack["streams"] == ["public"]  # the projector shows what all see


def test_a_client_ahead_of_the_journal_is_told_to_reload(gunnel, maria):
    """After a database restore the client's numbers are higher than the journal's: it
    would drop every new event as one it has, so it reloads instead."""
    assert post(gunnel, "Efter återställningen")["ok"]
    ack = join(gunnel, after={"public": 5})
    assert ack["ok"] and ack["reset"] is True and ack["streams"] == ["public"]
    assert "public" not in ack  # no events: the page is loaded again
    assert join(gunnel, after={"public": 1})["public"] == []  # up to date: nothing to replay
    ack = join(maria, after={"public": 1, "staff": 3})
    assert ack["ok"] and ack["reset"] is True and ack["streams"] == ["public", "staff"]
