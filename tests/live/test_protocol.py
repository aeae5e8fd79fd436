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


# -- idempotent posts -----------------------------------------------------------------------

def test_a_post_sent_again_with_its_key_is_the_same_post(app, gunnel, maria, meeting_id):
    first = post(gunnel, "Kan bussen gå oftare?", kind="question", key="post-0001")
    again = post(gunnel, "Kan bussen gå oftare?", kind="question", key="post-0001")
    assert first["ok"] and again["ok"], (first, again)
    assert again["message"] == first["message"]
    assert posts(app) == 1
    assert maria.wait_seq("public", 1)
    assert not maria.wait_seq("public", 2, timeout=0.5)  # one post, one event
    assert "post-0001" not in str(first) + str(maria.raw)  # the key is the client's own


def test_a_retry_is_the_same_post_even_in_slow_mode(app, gunnel, maria, meeting_id):
    assert maria.emit("meeting:moderate", {"meeting_id": meeting_id, "action": "slow_mode",
                                           "seconds": 60})["ok"]
    first = post(gunnel, "Hej", key="retry_after_lost_ack")
    again = post(gunnel, "Hej", key="retry_after_lost_ack")
    assert again["ok"] and again["message"]["id"] == first["message"]["id"]
    assert not post(gunnel, "Hej igen", key="a-new-post")["ok"]  # slow mode still counts


def test_another_key_is_another_post(app, gunnel):
    first = post(gunnel, "Samma text", key="key-one-1")
    second = post(gunnel, "Samma text", key="key-two-2")  # the key says it is new
    assert first["ok"] and second["ok"]
    assert first["message"]["id"] != second["message"]["id"]
    assert posts(app) == 2


@pytest.mark.parametrize("key", ["short", "x" * 65, "has space1", "åäö-åäö-", 12345678,
                                 True, ["abcdefgh"], ""])
def test_a_bad_key_is_refused(app, gunnel, key):
    assert refused(post(gunnel, "Hej", key=key), "The request could not be read.")
    assert posts(app) == 0


def test_two_authors_may_use_the_same_key(app, live_server, meeting_id, gunnel, maria):
    ahmed = connect(app, live_server, meeting_id)
    try:
        ids = {post(client, f"Från {n}", key="samenyckel")["message"]["id"]
               for n, client in enumerate((gunnel, ahmed, maria))}
        assert len(ids) == 3 and posts(app) == 3
    finally:
        ahmed.close()


def test_two_tabs_sending_one_post_at_once_make_one_post(app, live_server, meeting_id):
    """The same resident's two sockets send the same key at the same moment: one post,
    both acks with it, never an error."""
    import threading

    _pid, http = resident(app, live_server.url)
    tabs = [LiveClient(live_server.url, in_english(http, live_server.url), meeting_id)
            for _ in range(2)]
    try:
        for tab in tabs:
            assert tab.join()["ok"]
        for attempt in range(4):
            acks: list[dict] = []
            start = threading.Barrier(2)

            def send(tab, n=attempt, start=start, acks=acks):
                start.wait()
                acks.append(post(tab, f"Försök {n}", key=f"same-moment-{n}"))

            threads = [threading.Thread(target=send, args=(tab,)) for tab in tabs]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert all(ack["ok"] for ack in acks), acks
            assert acks[0]["message"]["id"] == acks[1]["message"]["id"]
            assert posts(app) == attempt + 1
    finally:
        for tab in tabs:
            tab.close()


def test_a_post_whose_first_send_lands_in_between_is_stored_once(rctx):
    """The first send commits after the retry looked for it and before the retry stores
    it (the race of two tabs, made certain): the retry answers with the first's post."""
    from sqlalchemy import event, insert

    from tests.live.helpers import events

    meeting = demo_meeting()
    resident = new_participant(meeting.round_id)
    landed: list[int] = []
    sending: list[bool] = []

    def first_send_lands(_conn, _cursor, statement, *_args):
        if statement.startswith("INSERT INTO message ") and not sending:
            sending.append(True)  # the first send's own INSERT passes by here too
            with db.engine.connect() as other:
                landed.append(other.execute(insert(Message.__table__).values(
                    meeting_id=meeting.id, participant_id=resident.id, kind="message",
                    text="Hej", status="visible", client_key="racing-key")
                    .returning(Message.id)).scalar_one())
                other.commit()

    event.listen(db.engine, "before_cursor_execute", first_send_lands)
    try:
        message = services.post_message(meeting, participant=resident, text="Hej",
                                        key="racing-key")
    finally:
        event.remove(db.engine, "before_cursor_execute", first_send_lands)
    assert landed and message.id == landed[0]
    assert db.session.scalar(select(db.func.count(Message.id))) == 1
    assert events(meeting.id, "public") == []  # the first send's own event is its own
