"""Real Socket.IO clients of live meetings for the tests: signed-in sessions and a client
that follows the protocol of docs/realtime.md (dedupe by seq, fill gaps, replay on rejoin)."""

from __future__ import annotations

import contextlib
import threading
import time
import uuid

import requests
import socketio
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.accounts.services import GENERATION_KEY
from samskapande.core.identity import SESSION_KEY
from samskapande.extensions import db
from samskapande.live.models import Meeting
from samskapande.rounds.models import Participant, Round

FACILITATOR = "facilitator@demo.samskapande.se"


def demo_meeting_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Meeting.id).join(Round).where(Round.code == "NASAKER"))


def cookie_for(app, base_url: str, values: dict) -> requests.Session:
    """A browser session whose signed cookie holds `values`, as the app would have set it."""
    http = requests.Session()
    cookie = app.session_interface.get_signing_serializer(app).dumps(values)
    http.cookies.set("session", cookie, domain=base_url.split("//")[1].split(":")[0])
    return http


def resident(app, base_url: str, round_code: str = "NASAKER", name: str | None = None):
    """A new participant of the round and a browser session that remembers it."""
    with app.app_context():
        round_ = db.session.scalar(select(Round).where(Round.code == round_code))
        participant = Participant(round_id=round_.id, display_name=name,
                                  resume_code=uuid.uuid4().hex[:12].upper())
        db.session.add(participant)
        db.session.commit()
        values = {SESSION_KEY: {str(round_.id): participant.id}}
        return participant.id, cookie_for(app, base_url, values)


def staff_session(app, base_url: str, email: str = FACILITATOR):
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        user_id, generation = user.id, user.session_generation
    return user_id, cookie_for(app, base_url, {"_user_id": str(user_id), "_fresh": True,
                                               GENERATION_KEY: generation})


class LiveClient:
    """A Socket.IO client in a meeting that delivers each event once and in order."""

    def __init__(self, base_url: str, http: requests.Session, meeting_id: int, *,
                 view: str = "page", where: str = "remote", reconnection: bool = False,
                 **options):
        self.meeting_id, self.view, self.where = meeting_id, view, where
        self.last = {"public": 0, "staff": 0}
        self.delivered: dict[str, list[dict]] = {"public": [], "staff": []}
        self.raw: list[dict] = []
        self.presence: list[dict] = []
        self.queue: list[str] = []  # the server's queue states, as told (join answers too)
        self.poll_seconds = 1.0  # while "delayed": join again this often (fetch what is missed)
        self._polling = False
        self.lock = threading.RLock()
        self.changed = threading.Condition(self.lock)
        self.client = socketio.Client(reconnection=reconnection, http_session=http,
                                      reconnection_delay=0.2, reconnection_delay_max=1,
                                      **options)
        self.client.on("live", self._on_live)
        self.client.on("connect", self._on_connect)
        self.url = base_url
        self.joined = threading.Event()
        self.client.connect(base_url, transports=["websocket"], wait_timeout=10)

    # -- protocol ---------------------------------------------------------------------------
    def _on_connect(self):
        # After a reconnect the server knows nothing of this socket: join again with `after`.
        if self.joined.is_set():
            threading.Thread(target=self.join, daemon=True).start()

    def join(self) -> dict:
        with self.lock:
            after = dict(self.last)
        ack = self.client.call("meeting:join", {"meeting_id": self.meeting_id, "after": after,
                                                "view": self.view, "where": self.where},
                               timeout=10)
        if ack.get("ok"):
            for stream in ("public", "staff"):
                for evt in ack.get(stream, []):
                    self._deliver(evt)
            if ack.get("queue"):
                self._queue_state(ack["queue"], resync=False)
            self.joined.set()
        return ack

    def _queue_state(self, state: str, resync: bool = True) -> None:
        """While delayed, join again every `poll_seconds`; when ok again, join once more."""
        with self.changed:
            if not self.queue or self.queue[-1] != state:
                self.queue.append(state)
            self.changed.notify_all()
            start_polling = state == "delayed" and not self._polling
            self._polling = self._polling or start_polling
        if start_polling:
            threading.Thread(target=self._poll, daemon=True).start()
        elif state == "ok" and resync:
            threading.Thread(target=self._join_quietly, daemon=True).start()

    def _poll(self) -> None:
        while self.queue and self.queue[-1] == "delayed" and self.client.connected:
            time.sleep(self.poll_seconds)
            self._join_quietly()
        with self.lock:
            self._polling = False

    def _join_quietly(self) -> None:
        with contextlib.suppress(Exception):  # a lost answer: the next poll or event asks again
            self.join()

    def _on_live(self, evt):
        if evt.get("type") == "queue":
            self._queue_state(evt["state"])
            return
        if evt.get("type") == "presence":
            with self.changed:
                self.presence.append(evt)
                self.changed.notify_all()
            return
        with self.lock:
            self.raw.append(evt)
            gap = evt["seq"] > self.last[evt["stream"]] + 1
        if gap:  # something in between has not arrived (yet): ask for it
            threading.Thread(target=self.join, daemon=True).start()
        else:
            self._deliver(evt)

    def _deliver(self, evt: dict) -> None:
        with self.changed:
            stream = evt["stream"]
            if evt["seq"] != self.last[stream] + 1:
                return  # a duplicate, or ahead of a gap being filled
            self.last[stream] = evt["seq"]
            self.delivered[stream].append(evt)
            self.changed.notify_all()

    # -- for the tests ----------------------------------------------------------------------
    def emit(self, name: str, data: dict) -> dict:
        return self.client.call(name, data, timeout=10)

    def wait_for(self, predicate, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not predicate(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(left)
            return True

    def wait_seq(self, stream: str, seq: int, timeout: float = 10) -> bool:
        return self.wait_for(lambda c: c.last[stream] >= seq, timeout)

    def kinds(self, stream: str = "public") -> list[tuple[str, str]]:
        return [(e["type"], e["op"]) for e in self.delivered[stream]]

    def close(self) -> None:
        self.client.disconnect()


def settle(app, timeout: float = 10) -> None:
    """Wait until the live server's socket work has ended (disconnect handlers, presence
    pushes), so none of it touches the database after the test has closed it."""
    from samskapande.realtime import presence
    from samskapande.realtime.models import LivePresence

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with app.app_context():
            rows = db.session.scalar(db.select(db.func.count()).select_from(LivePresence))
        if not rows and not presence.pushes_pending():
            break
        time.sleep(0.1)
    time.sleep(0.2)  # the last handler returns its connection after its commit
