"""Suggestion runs whose worker died: noticed by a stopped heartbeat or the time limit,
shown as stopped, and started again without touching what the facilitator sorted."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from samskapande.accounts.models import User
from samskapande.core.models import utcnow
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.rounds.models import Round
from samskapande.themes import services
from samskapande.themes.models import KEPT_BY_SUGGESTIONS, RunStatus, SuggestionRun
from tests.conftest import log_in, submit

ROOT = Path(__file__).resolve().parents[2]
FACILITATOR_EMAIL = "facilitator@demo.samskapande.se"


def _abandoned_run(round_, seconds_ago: float, beat_seconds_ago: float | None = None
                   ) -> SuggestionRun:
    """A run left "running" by a worker that started `seconds_ago` and last wrote its
    heartbeat `beat_seconds_ago` (never, when None)."""
    now = utcnow()
    beat = None if beat_seconds_ago is None else now - timedelta(seconds=beat_seconds_ago)
    run = SuggestionRun(round_id=round_.id, status=RunStatus.RUNNING, progress=10,
                        created_at=now - timedelta(seconds=seconds_ago), heartbeat_at=beat)
    db.session.add(run)
    db.session.commit()
    return run


def _stored(run_id: int) -> SuggestionRun:
    db.session.commit()
    db.session.expire_all()
    return db.session.get(SuggestionRun, run_id)


# -- noticed: a time limit, and a heartbeat --------------------------------------------------

def test_a_run_whose_worker_died_does_not_block_new_runs(app, round_, maria):
    stale = _abandoned_run(round_, services.STALE_AFTER_SECONDS + 60)
    run = services.start_suggestions(round_, maria, k=3)
    assert run.id != stale.id and run.status == RunStatus.DONE
    assert len(services.themes_of(round_)) == 3
    stale = _stored(stale.id)
    assert stale.status == RunStatus.FAILED and stale.error == "stale" and stale.finished_at


def test_a_run_that_has_just_started_keeps_running(app, round_, maria):
    running = _abandoned_run(round_, 5)
    assert services.start_suggestions(round_, maria).id == running.id
    assert services.themes_of(round_) == []


def test_a_run_whose_heartbeat_stopped_is_failed_and_a_new_one_finishes(app, round_, maria):
    silent = _abandoned_run(round_, 120, beat_seconds_ago=services.LOST_AFTER_SECONDS + 5)
    run = services.start_suggestions(round_, maria, k=3)
    assert run.id != silent.id and run.status == RunStatus.DONE
    assert len(services.themes_of(round_)) == 3
    silent = _stored(silent.id)
    assert silent.status == RunStatus.FAILED and silent.lost


def test_a_run_with_a_fresh_heartbeat_keeps_running_long_after_it_started(app, round_, maria):
    beating = _abandoned_run(round_, services.STALE_AFTER_SECONDS - 60, beat_seconds_ago=1)
    assert services.start_suggestions(round_, maria).id == beating.id
    assert services.latest_run(round_).status == RunStatus.RUNNING
    assert services.themes_of(round_) == []


def test_a_run_that_never_beat_is_lost_after_the_configured_silence(app, round_, maria):
    app.config["THEME_RUN_LOST_SECONDS"] = 2
    silent = _abandoned_run(round_, 5)
    assert services.latest_run(round_).lost
    assert services.start_suggestions(round_, maria).id != silent.id


def test_the_time_limit_holds_even_for_a_run_that_beats(app, round_, maria):
    app.config["THEME_RUN_STALE_SECONDS"] = 20
    running = _abandoned_run(round_, 30, beat_seconds_ago=1)
    assert services.latest_run(round_).status == RunStatus.FAILED
    assert services.start_suggestions(round_, maria).id != running.id


def test_a_worker_given_up_on_leaves_the_newer_suggestions_alone(app, round_, maria,
                                                                 monkeypatch):
    """A worker that was only slow, not dead, finds its run failed and changes nothing."""
    run_id = _abandoned_run(round_, 0).id
    real_suggest = services.engine.suggest

    def slow(texts, k):
        _give_up(run_id)
        return real_suggest(texts, k)

    monkeypatch.setattr(services.engine, "suggest", slow)
    services.run_in_background(run_id)
    db.session.expire_all()
    assert db.session.get(SuggestionRun, run_id).status == RunStatus.FAILED
    assert services.themes_of(round_) == []


def _give_up(run_id: int) -> None:
    """What a page request does meanwhile: it marks the run failed, in its own connection."""
    with db.engine.begin() as connection:
        connection.execute(update(SuggestionRun).where(SuggestionRun.id == run_id)
                           .values(status=RunStatus.FAILED, error="stale"))


# -- the heartbeat of a worker that computes ---------------------------------------------------

def _heartbeat_of(run_id: int):
    """The run's heartbeat as another process sees it: read in a connection of its own."""
    with db.engine.connect() as connection:
        return connection.scalar(select(SuggestionRun.heartbeat_at)
                                 .where(SuggestionRun.id == run_id))


def _next_heartbeat(run_id: int, after, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while (beat := _heartbeat_of(run_id)) is None or (after is not None and beat <= after):
        assert time.monotonic() < deadline, f"no heartbeat after {after}"
        time.sleep(0.02)
    return beat


def test_a_computing_run_beats_until_the_engine_returns(app, round_, monkeypatch):
    app.config["THEME_RUN_HEARTBEAT_SECONDS"] = 0.05
    run_id = _abandoned_run(round_, 0).id
    real_suggest = services.engine.suggest
    beats = []

    def slow(texts, k):  # computes until two heartbeats have come
        beats.append(_heartbeat_of(run_id))
        for _ in range(2):
            beats.append(_next_heartbeat(run_id, after=beats[-1]))
        return real_suggest(texts, k)

    monkeypatch.setattr(services.engine, "suggest", slow)
    services.run_in_background(run_id)
    assert beats[0] is not None and beats[0] < beats[1] < beats[2]
    run = _stored(run_id)
    assert run.status == RunStatus.DONE and services.themes_of(round_)
    time.sleep(0.3)  # six heartbeats' time
    assert _heartbeat_of(run_id) == run.heartbeat_at, "the heartbeat went on after the run"


def test_the_heartbeat_stops_when_the_engine_fails(app, round_, monkeypatch):
    app.config["THEME_RUN_HEARTBEAT_SECONDS"] = 0.05
    run_id = _abandoned_run(round_, 0).id

    def failing(texts, k):
        _next_heartbeat(run_id, after=_heartbeat_of(run_id))
        raise ValueError("the engine broke")

    monkeypatch.setattr(services.engine, "suggest", failing)
    services.run_in_background(run_id)
    run = _stored(run_id)
    assert run.status == RunStatus.FAILED and run.error == "ValueError" and not run.lost
    last = _heartbeat_of(run_id)
    time.sleep(0.3)
    assert _heartbeat_of(run_id) == last


# -- a worker process killed mid-way -------------------------------------------------------

# `run_in_background` in a process of its own, as a server's worker thread runs it, with an
# engine that never returns: only its heartbeat shows that it is alive.
BLOCKED_WORKER = """
import sys, threading
from samskapande import create_app
from samskapande.themes import engine, services

engine.suggest = lambda texts, k: threading.Event().wait()
app = create_app()
with app.app_context():
    services.run_in_background(int(sys.argv[1]))
"""


@pytest.fixture
def fac(app, demo):
    """The demo facilitator, logged in."""
    client = app.test_client()
    assert log_in(client, FACILITATOR_EMAIL, "demo").status_code == 302
    return client


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _what_she_sorted(app, round_id: int) -> dict:
    """The themes she changed or accepted, with their needs, and the needs outside the
    scope: what new suggestions must leave as it is."""
    with app.app_context():
        round_ = db.session.get(Round, round_id)
        return {
            "kept": {t.id: (t.title, sorted(link.need_id for link in t.needs))
                     for t in services.themes_of(round_) if t.status in KEPT_BY_SUGGESTIONS},
            "outside": {n.id: n.out_of_scope_reason
                        for n in services.out_of_scope_needs(round_)},
            "problems": services.check_invariant(round_),
        }


def _start_worker(database_url: str, tmp_path: Path, run_id: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "SAMSKAPANDE_ENV": "testing",
           "SECRET_KEY": "test-secret-key", "SAMSKAPANDE_INSTANCE_PATH": str(tmp_path),
           "SOCKETIO_MESSAGE_QUEUE": "", "THEME_RUN_HEARTBEAT_SECONDS": "0.1",
           "THEME_RUN_LOST_SECONDS": "2"}
    with open(tmp_path / "worker.log", "ab") as log:  # a file: a full pipe would stop it
        return subprocess.Popen(  # noqa: S603 - our own script
            [sys.executable, "-c", BLOCKED_WORKER, str(run_id)], cwd=ROOT, env=env,
            stdout=log, stderr=subprocess.STDOUT)


def _wait_for_beats(app, worker: subprocess.Popen, run_id: int, tmp_path: Path):
    """Wait until the worker's heartbeat thread has beaten twice; its last beat."""
    with app.app_context():
        beat = None
        for _ in range(3):  # the worker's start, then two beats of its heartbeat thread
            try:
                beat = _next_heartbeat(run_id, after=beat, timeout=60)
            except AssertionError:
                raise AssertionError((tmp_path / "worker.log").read_text()[-2000:]) from None
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-2000:]
        return beat


def test_a_run_killed_mid_way_can_be_started_again(app, database_url, demo, fac, tmp_path):
    app.config["THEME_RUN_LOST_SECONDS"] = 2
    base = f"/manage/rounds/{demo['round_id']}/themes"
    with app.app_context(), unit_of_work():
        round_ = db.session.get(Round, demo["round_id"])
        maria = db.session.scalar(select(User).where(User.email == FACILITATOR_EMAIL))
        services.start_suggestions(round_, maria, k=4)
        kept, other = services.themes_of(round_)[:2]
        services.rename(kept, maria, "Resor till vården", "Bussar och färdtjänst")
        services.mark_out_of_scope(other.needs[0].need, maria, "Gäller tandvården")
        # A large round's run, as start_suggestions commits it for a worker to compute.
        run = SuggestionRun(round_id=round_.id, started_by_id=maria.id, k_requested=4)
        db.session.add(run)
        db.session.flush()
        killed_id = run.id
    sorted_before = _what_she_sorted(app, demo["round_id"])
    assert sorted_before["kept"] and sorted_before["outside"]

    worker = _start_worker(database_url, tmp_path, killed_id)
    try:
        _wait_for_beats(app, worker, killed_id, tmp_path)
        # While it beats, the page follows the run (even though it lost no time limit).
        assert 'id="suggest-progress"' in _page(fac, base)
    finally:
        worker.kill()  # SIGKILL: no cleanup, nothing marks the run
        worker.wait(timeout=10)
    with app.app_context():
        last_beat = _heartbeat_of(killed_id)
    time.sleep(max(0.0, (last_beat + timedelta(seconds=2.2) - utcnow()).total_seconds()))

    html = _page(fac, base)
    assert 'id="suggest-failed"' in html and 'id="suggest-progress"' not in html
    assert "Förslagen avbröts innan de var klara." in html
    assert "Du kan starta förslagen igen" in html

    restarted = submit(fac, base, {"suggest-k": "4"}, action=base + "/suggest")
    assert restarted.status_code == 302
    assert 'id="suggest-failed"' not in _page(fac, base)
    with app.app_context():
        runs = db.session.scalars(select(SuggestionRun).order_by(SuggestionRun.id)).all()
        assert [(r.status, r.error) for r in runs] == [
            (RunStatus.DONE, None), (RunStatus.FAILED, "stale"), (RunStatus.DONE, None)]
        assert runs[-1].themes_created == 4
    assert _what_she_sorted(app, demo["round_id"]) == sorted_before
