"""Real Socket.IO clients against a live server: who may connect, and the Redis queue."""

import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid

import pytest
import redis
import requests
import socketio

from samskapande.extensions import socketio as server_socketio
from tests.realtime.servers import REDIS_URL, wait_subscribed

CHANNEL = f"test-connect-{uuid.uuid4().hex[:8]}"  # this module's own, whatever else listens


def joined_session(base_url: str) -> requests.Session:
    """A browser-like session that has joined the demo round through its form."""
    http = requests.Session()
    page = http.get(f"{base_url}/r/NASAKER", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    response = http.post(f"{base_url}/r/NASAKER/join",
                         data={"csrf_token": token, "display_name": "Ahmed"}, timeout=10)
    assert response.ok
    return http


def connect(base_url: str, http: requests.Session | None = None) -> socketio.Client:
    client = socketio.Client(reconnection=False, http_session=http)
    client.connect(base_url, transports=["websocket"], wait_timeout=10)
    return client


def test_a_visitor_who_has_not_joined_cannot_connect(live_server):
    client = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(live_server.url, transports=["websocket"], wait_timeout=10)


def test_a_participant_connects_over_websocket(live_server):
    client = connect(live_server.url, joined_session(live_server.url))
    try:
        assert client.connected
        assert client.transport() == "websocket"
    finally:
        client.disconnect()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(database_url, demo, tmp_path):
    """`samskapande serve` in its own process, sharing the test database and Redis."""
    try:
        probe = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        probe.ping()
        probe.close()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key",
           "SAMSKAPANDE_INSTANCE_PATH": str(tmp_path), "SOCKETIO_MESSAGE_QUEUE": REDIS_URL,
           "SOCKETIO_CHANNEL": CHANNEL, "RATE_LIMIT_KEY_PREFIX": f"{CHANNEL}:rate",
           "HOST": "127.0.0.1", "PORT": str(port)}
    process = subprocess.Popen(
        [sys.executable, "-c", "from samskapande.cli import main; main()", "serve"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                if requests.get(url, timeout=1).ok:
                    break
            except requests.ConnectionError:
                pass
            assert process.poll() is None, process.stdout.read().decode()
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()


def test_serve_listens_on_port_from_the_environment(served):
    assert requests.get(served, timeout=5).headers["Content-Security-Policy"]


def test_an_event_published_through_redis_reaches_a_client_of_another_process(served):
    """What one server process publishes to the queue reaches clients of another."""
    received = threading.Event()
    payloads = []
    client = socketio.Client(reconnection=False, http_session=joined_session(served))

    @client.on("announcement")
    def on_announcement(data):
        payloads.append(data)
        received.set()

    client.connect(served, transports=["websocket"], wait_timeout=10)
    wait_subscribed(CHANNEL)
    publisher = server_socketio.__class__(message_queue=REDIS_URL, channel=CHANNEL,
                                          write_only=True)
    try:
        publisher.emit("announcement", {"text": "Mötet börjar nu"})
        assert received.wait(timeout=10), "the event published through Redis never arrived"
    finally:
        client.disconnect()
        publisher.server.manager.redis.close()
    assert payloads == [{"text": "Mötet börjar nu"}]
