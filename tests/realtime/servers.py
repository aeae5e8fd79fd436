"""`samskapande serve` (or gunicorn as the README deploys it) in processes of their own, for
scale-out and fault tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid

import pytest
import redis
import requests

REDIS_URL = os.environ.get("SAMSKAPANDE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def redis_or_skip() -> str:
    try:
        probe = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        probe.ping()
        probe.close()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no Redis at {REDIS_URL}")
    return REDIS_URL


SERVE = [sys.executable, "-c", "from samskapande.cli import main; main()", "serve"]


def gunicorn(port: int) -> list[str]:
    """The production recipe of the README: one gevent worker per instance."""
    return [sys.executable, "-m", "gunicorn", "--worker-class", "gevent", "--workers", "1",
            "--bind", f"127.0.0.1:{port}", "samskapande.wsgi:app"]


def wait_subscribed(channel: str, count: int = 1, timeout: float = 15,
                    url: str | None = None) -> None:
    """Wait until `count` server processes listen on the queue's channel.

    A process subscribes in a background task started by its first connection, so a
    message published the instant a client has connected can precede it (Redis keeps no
    pub/sub history); the live journal's replay covers that gap for real clients.
    """
    probe = redis.Redis.from_url(url or REDIS_URL)
    try:
        deadline = time.monotonic() + timeout
        while dict(probe.pubsub_numsub(channel)).get(channel.encode(), 0) < count:
            assert time.monotonic() < deadline, f"fewer than {count} servers listen on {channel}"
            time.sleep(0.05)
    finally:
        probe.close()


class PrivateRedis:
    """A `redis-server` of the test's own on a free port, without persistence, that the
    test may kill and start again (the machine's shared Redis on 6379 is never touched)."""

    def __init__(self, directory: str):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.skip("redis-server is not installed")
        self.port = free_port()
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> PrivateRedis:
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", self.directory],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while True:
            try:
                probe = redis.Redis.from_url(self.url, socket_connect_timeout=0.5)
                probe.ping()
                probe.close()
                return self
            except redis.ConnectionError:
                assert self.process.poll() is None, "redis-server did not start"
                assert time.monotonic() < deadline, "redis-server did not answer"
                time.sleep(0.05)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class Served:
    """One server process on a fixed port; `kill()` is SIGKILL, `start()` starts it again.
    `server` is "serve" (`samskapande serve`) or "gunicorn"."""

    def __init__(self, database_url: str, instance: str, *, port: int | None = None,
                 queue: str | None = None, channel: str | None = None, server: str = "serve",
                 **env):
        self.port = port or free_port()
        self.command = SERVE if server == "serve" else gunicorn(self.port)
        self.url = f"http://127.0.0.1:{self.port}"
        channel = channel or f"test-{uuid.uuid4().hex[:8]}"
        # The processes of one test (one channel) share rate limits in the queue's Redis,
        # those of other tests, whose ids repeat, do not.
        self.env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret-key",
                    "SAMSKAPANDE_INSTANCE_PATH": instance, "HOST": "127.0.0.1",
                    "PORT": str(self.port), "SOCKETIO_MESSAGE_QUEUE": queue or "",
                    "SOCKETIO_CHANNEL": channel, "RATE_LIMIT_KEY_PREFIX": f"{channel}:rate",
                    **env}
        self.process: subprocess.Popen | None = None
        self.log_path = os.path.join(instance, f"serve-{self.port}.log")

    def start(self) -> Served:
        with open(self.log_path, "ab") as log:  # a file: a full pipe would stop the server
            self.process = subprocess.Popen(  # noqa: S603 - our own command lines
                self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(self.url + "/", timeout=1).ok:
                    return self
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or listening (gunicorn's master) but not serving
            if self.process.poll() is not None:
                with open(self.log_path) as log:
                    raise AssertionError(log.read()[-2000:])
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)

    def kill(self) -> None:
        self.process.kill()  # SIGKILL: no cleanup, no goodbye to the clients
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
