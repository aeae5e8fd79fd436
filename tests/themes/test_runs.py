"""Suggestion runs whose worker died: noticed by a stopped heartbeat or the time limit,
shown as stopped, and started again without touching what the facilitator sorted."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from samskapande.accounts.models import User
from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.rounds.models import Round
from samskapande.themes import services
from samskapande.themes.models import RunStatus, SuggestionRun


@pytest.fixture
def round_(app, ctx, demo):
    return db.session.get(Round, demo["round_id"])


@pytest.fixture
def maria(round_):
    return db.session.scalar(select(User).where(User.role == "facilitator"))


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
