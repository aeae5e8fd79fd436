"""Rate limits that every server process shares through Redis, and that still hold, per
process, when Redis is gone (realtime.limits).

Two Flask apps stand for two server processes behind one load balancer: a person who
spent the burst through one is refused by the other. Each test has key prefixes of its
own on the shared Redis, whose ids repeat between test databases.
"""

from __future__ import annotations

import logging
import socket
import time
import uuid
from contextlib import suppress

import pytest

from samskapande.extensions import db
from samskapande.realtime import limits
from tests.conftest import csrf_token, make_app
from tests.realtime.servers import PrivateRedis, redis_or_skip

BURST = int(limits.RATES["write"].burst)
TOO_FAST = "You are sending too fast. Wait a moment and try again."
WHO = "participant:12"


@pytest.fixture
def apps(database_url, tmp_path):
    """`apps(url)`: two apps (two processes) counting in `url` under this test's prefix."""
    made = []

    def make(url: str | None, prefix: str | None = None):
        prefix = prefix or f"test-rate-{uuid.uuid4().hex[:8]}"
        pair = [make_app(database_url, tmp_path, RATE_LIMIT_STORAGE_URL=url,
                         RATE_LIMIT_KEY_PREFIX=prefix) for _ in range(2)]
        made.extend(pair)
        return pair

    yield make
    for app in made:
        with suppress(limits.StorageError):  # a Redis that is not there holds nothing
            limits.rate_limits(app).reset()  # no keys left behind on the shared Redis
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def send(app, kind: str = "write", key: str = WHO) -> int | None:
    """One event of `key`'s through `app`: None when allowed, else the retry_after told."""
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        try:
            limits.refuse_if_too_fast(key, kind)
        except limits.TooFast as refusal:
            assert str(refusal) == TOO_FAST
            return refusal.details["retry_after"]
    return None


def spend(app, count: int = BURST, **kwargs) -> list[int | None]:
    return [send(app, **kwargs) for _ in range(count)]


def test_two_processes_on_one_redis_share_one_budget(apps):
    first, second = apps(redis_or_skip())
    assert spend(first) == [None] * BURST
    retry_after = send(second)
    assert isinstance(retry_after, int) and 1 <= retry_after <= 10  # 10 per 10 s
    assert send(first) is not None
    assert send(second, key="participant:13") is None  # someone else has a budget of their own
    assert send(second, kind="join") is None  # and joining counts apart from writing


def test_the_queues_redis_is_shared_without_a_setting_of_its_own():
    """Two processes configured with the Socket.IO queue's Redis only. (Counted as the
    apps would, without making apps: an app with a queue would leave it on the Socket.IO
    server that later tests of this worker use.)"""
    url = limits.storage_url({"SOCKETIO_MESSAGE_QUEUE": redis_or_skip()})
    assert url.startswith("redis://")
    prefix = f"test-rate-{uuid.uuid4().hex[:8]}"
    first, second = limits.RateLimits(url, prefix), limits.RateLimits(url, prefix)
    item = limits.rate_item("write")
    try:
        assert [first.hit(item, WHO)[0] for _ in range(BURST)] == [True] * BURST
        allowed, retry_after = second.hit(item, WHO)
        assert not allowed and 1 <= retry_after <= 10
    finally:
        first.reset()


def test_forms_refused_in_one_process_after_the_burst_was_spent_in_another(apps, demo_pair):
    first, second = demo_pair(apps(redis_or_skip()))
    url = first.meeting_url
    token = csrf_token(first, url)
    statuses = [first.post(f"{url}/post", data={"kind": "message", "text": f"Snabbt {i}",
                                                "csrf_token": token}).status_code
                for i in range(BURST)]
    assert statuses == [302] * BURST
    page = second.post(f"{url}/post", data={"kind": "message", "text": "Via den andra",
                                            "csrf_token": csrf_token(second, url)})
    assert page.status_code == 429
    text = page.get_data(as_text=True)
    assert TOO_FAST in text and "Via den andra" in text


def test_with_memory_storage_each_process_has_its_own_budget(apps):
    first, second = apps("memory://")
    assert spend(first) == [None] * BURST
    assert send(first) is not None
    assert spend(second) == [None] * BURST


def test_without_any_redis_the_default_is_memory(apps):
    first, second = apps(None)
    assert spend(first) == [None] * BURST
    assert spend(second) == [None] * BURST


def test_an_unreachable_redis_still_limits_each_process_and_fails_no_event(apps, caplog):
    first, second = apps("redis://127.0.0.1:1/0")
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger=limits.__name__):
        assert spend(first) == [None] * BURST
        assert 1 <= send(first) <= 10
        assert spend(second) == [None] * BURST  # per process while Redis is gone
        assert send(second) is not None
    assert time.monotonic() - started < 3
    warnings = [r for r in caplog.records if r.name == limits.__name__]
    assert len(warnings) == 2  # once per process, not once per event


def test_a_redis_that_never_answers_slows_one_event_not_every_one(apps):
    """A host that takes the connection but never answers (a hung Redis, a dropped route):
    the first event waits out the short timeout, the following ones count in memory."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        first, _ = apps(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        started = time.monotonic()
        assert send(first) is None
        assert time.monotonic() - started < 2.5
        started = time.monotonic()
        assert spend(first, BURST - 1) == [None] * (BURST - 1)
        assert send(first) is not None
        assert time.monotonic() - started < 0.5


def test_processes_share_again_once_redis_is_back(apps, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "RETRY_SHARED_SECONDS", 0.2)
    redis_server = PrivateRedis(str(tmp_path)).start()
    try:
        first, second = apps(redis_server.url)
        assert send(first) is None
        redis_server.kill()
        assert spend(first, BURST) == [None] * BURST  # counted afresh in this process
        redis_server.start()  # empty: it keeps nothing on disk
        time.sleep(0.3)
        assert spend(first) == [None] * BURST
        assert send(second) is not None
    finally:
        redis_server.kill()


def test_environment_overrides_of_the_rates_still_apply(apps, monkeypatch):
    monkeypatch.setenv("LIVE_RATE_WRITE_BURST", "3")
    monkeypatch.setenv("LIVE_RATE_WRITE_PER_SECOND", "0.5")
    monkeypatch.setitem(limits.RATES, "write", limits._rate("WRITE", 10, 1.0))
    first, second = apps(redis_or_skip())
    assert spend(first, 3) == [None] * 3
    retry_after = send(second)
    assert 1 <= retry_after <= 6  # 3 per 6 s


# -- a resident's browser, the same session on both processes ---------------------------

@pytest.fixture
def demo_pair():
    """`demo_pair((first, second))`: the demo loaded, and a resident who joined through the
    first app, with a copy of the browser's cookie for the second (the same person)."""
    from samskapande.core.transaction import unit_of_work
    from samskapande.demo import load_demo
    from tests.conftest import submit
    from tests.live.helpers import demo_meeting

    def make(pair):
        first, second = pair
        with first.app_context():
            with unit_of_work():
                code = load_demo(production=False).code
            url = f"/r/{code}/meetings/{demo_meeting().id}"
        browser = first.test_client()
        browser.set_cookie("lang", "en")
        response = submit(browser, f"/r/{code}", {"display_name": "Gunnel"},
                          action=f"/r/{code}/join")
        assert response.status_code == 302
        copy = second.test_client()
        for cookie in browser._cookies.values():
            copy.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
        browser.meeting_url = copy.meeting_url = url
        return browser, copy

    return make


def test_memory_counts_stay_small_and_quiet_people_are_forgotten(monkeypatch):
    """In memory, a key holds no more entries than its limit can use, nothing sweeps every
    key many times a second (it stalled a meeting of a thousand), and the keys of people
    gone quiet go at the next sweep."""
    storage = limits.QuietMemoryStorage()
    limiter = limits.MovingWindowRateLimiter(storage)
    item = limits.RateLimitItemPerSecond(3, 1, namespace="write")
    outcomes = [limiter.hit(item, "participant:1") for _ in range(20)]
    assert outcomes == [True, True, True] + [False] * 17
    assert len(storage.events[item.key_for("participant:1")]) == 3
    time.sleep(1.1)
    assert limiter.hit(item, "participant:1")  # the window moved on
    assert not storage.timer.is_alive()  # and no 10 ms sweeper was started for it
    monkeypatch.setattr(storage, "_sweep_at", 0.0)
    time.sleep(1.1)
    limiter.hit(item, "participant:2")  # the event that comes after a minute sweeps
    assert item.key_for("participant:1") not in storage.events
