"""Retention: what `purge` deletes and when, and what stays (every count in the report)."""

from __future__ import annotations

from datetime import timedelta

from click.testing import CliRunner
from sqlalchemy import select

from samskapande.audit.models import AuditEvent
from samskapande.cli import main
from samskapande.extensions import db
from samskapande.live.models import Message, Mute, Poll, PollAnswer, PollOption, QuestionVote
from samskapande.live.polls import poll_counts
from samskapande.manage import services as manage
from samskapande.needs.models import Need
from samskapande.privacy.retention import purge
from samskapande.realtime.models import LiveEvent
from samskapande.reports.services import build_report, need_support, participation
from samskapande.rounds.models import Participant, Phase, ProfileAnswer
from samskapande.themes.services import support_by_theme
from samskapande.voting.models import Vote
from tests.privacy.conftest import count
from tests.reports.helpers import demo_round, facilitator


def numbers(round_, poll):
    """Every count the round shows: participation, breadth, support, themes, poll results."""
    db.session.expire_all()
    supports = support_by_theme(round_)
    return {
        "participation": participation(round_),
        "need_support": need_support(round_),
        "themes": {tid: (s.votes, s.supporters, s.needs, s.breadth)
                   for tid, s in supports.items()},
        "poll": poll_counts(poll),
        "needs": count(Need, Need.round_id == round_.id),
        "votes": count(Vote, Vote.round_id == round_.id),
    }


def set_retention(round_, chat=None, people=None, answers=False):
    settings = manage.RoundSettings.of(round_)
    settings.chat_retention_days = chat
    settings.participant_retention_days = people
    settings.delete_profile_answers_at_close = answers
    manage.update_round(round_, settings, facilitator())


def answers_of(round_):
    return count(ProfileAnswer, ProfileAnswer.participant_id.in_(
        select(Participant.id).where(Participant.round_id == round_.id)))


def test_closing_sets_the_closing_time_and_opening_again_clears_it(closed_round):
    round_, _poll = closed_round
    assert round_.closed_at is not None
    manage.change_phase(round_, Phase.FOLLOW_UP, facilitator())
    assert round_.closed_at is None


def test_purge_deletes_in_stages_and_every_count_stays(closed_round):
    round_, poll = closed_round
    set_retention(round_, chat=30, people=90, answers=True)
    closed = round_.closed_at
    before = numbers(round_, poll)
    assert answers_of(round_) > 0 and before["poll"] and before["participation"].breadth
    assert any(t[3] for t in before["themes"].values()), "themes have breadth to keep"

    assert count(LiveEvent) == count(Message) > 0

    # At closing: the profile answers go; the chat and the names stay.
    outcome, = purge(now=closed + timedelta(hours=1))
    assert outcome.counts["profile_answers"] > 0 and outcome.counts["messages"] == 0
    assert answers_of(round_) == 0
    assert count(Message) > 0
    assert numbers(round_, poll) == before

    # A month after: the chat goes (messages, upvotes, mutes, poll answers); polls stay.
    outcome, = purge(now=closed + timedelta(days=30))
    assert outcome.counts["messages"] > 0 and outcome.counts["poll_answers"] > 0
    for model in (Message, QuestionVote, Mute, PollAnswer, LiveEvent):
        assert count(model) == 0, model
    assert count(Poll) == 1 and count(PollOption) == 2
    assert db.session.scalar(select(Participant.display_name).where(
        Participant.round_id == round_.id).limit(1)) is not None
    assert numbers(round_, poll) == before

    # After 90 days: names and e-mail addresses go; the participants still count.
    outcome, = purge(now=closed + timedelta(days=90))
    assert outcome.counts["participants_cleared"] > 0
    assert count(Participant, Participant.display_name.is_not(None)) == 0
    assert count(Participant, Participant.email.is_not(None)) == 0
    after = numbers(round_, poll)
    assert after == before
    assert after["participation"].participants > 0 and after["votes"] > 0
    build_report(round_)  # the report still builds from what is left

    # Running again deletes nothing and records nothing.
    events = count(AuditEvent, AuditEvent.action == "retention.purged")
    assert events == 3
    outcome, = purge(now=closed + timedelta(days=400))
    assert not outcome.anything
    assert count(AuditEvent, AuditEvent.action == "retention.purged") == events
    assert numbers(round_, poll) == before


def test_purge_records_what_it_deleted_in_the_audit_log(closed_round):
    round_, _poll = closed_round
    set_retention(round_, chat=0)
    purge(now=round_.closed_at)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "retention.purged"))
    assert event.round_id == round_.id and event.model_area_id == round_.model_area_id
    assert event.details["messages"] > 0 and event.details["profile_answers"] == 0


def test_nothing_is_purged_before_its_time_or_in_a_running_round(closed_round):
    round_, _poll = closed_round
    set_retention(round_, chat=30, people=30)
    assert not purge(now=round_.closed_at + timedelta(days=29))[0].anything
    manage.change_phase(round_, Phase.FOLLOW_UP, facilitator())
    set_retention(round_, chat=0, people=0, answers=True)
    assert purge(now=round_.created_at + timedelta(days=3000)) == []
    assert count(Message) > 0 and answers_of(round_) > 0


def test_empty_retention_keeps_everything(closed_round):
    round_, _poll = closed_round
    messages, answers = count(Message), answers_of(round_)
    assert not purge(now=round_.closed_at + timedelta(days=5000))[0].anything
    assert (count(Message), answers_of(round_)) == (messages, answers)


def test_retention_days_must_be_sensible(closed_round):
    round_, _poll = closed_round
    settings = manage.RoundSettings.of(round_)
    settings.chat_retention_days, settings.participant_retention_days = -1, 100_000
    errors = manage.check_settings(settings, round_)
    assert set(errors) >= {"chat_retention_days", "participant_retention_days"}


def test_purge_command_dry_run_then_for_real(closed_round, app, database_url, tmp_path):
    round_, _poll = closed_round
    set_retention(round_, chat=0, answers=True)
    db.session.commit()  # the command runs in another session
    db.session.remove()
    env = {"SAMSKAPANDE_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": database_url,
           "SAMSKAPANDE_ENV": "development", "SECRET_KEY": "x"}
    runner = CliRunner()
    result = runner.invoke(main, ["purge", "--dry-run"], env=env)
    assert result.exit_code == 0, result.output
    assert "Would delete in round NASAKER" in result.output and "messages" in result.output
    assert count(Message) > 0
    result = runner.invoke(main, ["purge"], env=env)
    assert "Deleted in round NASAKER" in result.output
    assert count(Message) == 0 and answers_of(demo_round()) == 0
    assert "Nothing to purge." in runner.invoke(main, ["purge"], env=env).output


def _typed(settings) -> dict:
    """The settings form's fields as a browser would send them."""
    from samskapande.manage.forms import form_data

    data = {}
    for name, value in form_data(settings).items():
        if value is None or value is False:
            continue
        data[name] = value.isoformat() if hasattr(value, "isoformat") else \
            ("y" if value is True else str(value))
    return data


def test_facilitator_sets_retention_in_the_round_settings(app, demo):
    from tests.conftest import log_in, submit

    client = app.test_client()
    log_in(client, "facilitator@demo.samskapande.se", "demo")
    url = f"/manage/rounds/{demo['round_id']}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'name="chat_retention_days"' in page
    with app.app_context():
        base = _typed(manage.RoundSettings.of(demo_round()))
    bad = submit(client, url, {**base, "chat_retention_days": "-3"})
    assert bad.status_code == 400 and 'id="chat_retention_days-error"' in bad.get_data(as_text=True)
    saved = submit(client, url, {**base, "chat_retention_days": "30",
                                 "participant_retention_days": "",
                                 "delete_profile_answers_at_close": "y"})
    assert saved.status_code == 302
    with app.app_context():
        round_ = demo_round()
        assert (round_.chat_retention_days, round_.participant_retention_days,
                round_.delete_profile_answers_at_close) == (30, None, True)
        event = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "round.updated").order_by(AuditEvent.id.desc())).first()
        assert event.details["changes"]["chat_retention_days"] == [None, 30]


def test_purge_deletes_sign_in_attempts_older_than_a_day(app, ctx, database_url, tmp_path):
    from datetime import UTC, datetime

    from samskapande.accounts.models import SignInAttempt

    now = datetime.now(UTC)
    for age in (timedelta(days=3), timedelta(hours=25), timedelta(hours=2)):
        db.session.add(SignInAttempt(kind="password", identifier="a@example.se",
                                     ip="192.0.2.1", created_at=now - age))
    db.session.commit()
    db.session.remove()
    env = {"SAMSKAPANDE_INSTANCE_PATH": str(tmp_path), "DATABASE_URL": database_url,
           "SAMSKAPANDE_ENV": "development", "SECRET_KEY": "x"}
    result = CliRunner().invoke(main, ["purge"], env=env)
    assert "sign-in attempts older than a day: 2" in result.output, result.output
    assert count(SignInAttempt) == 1


def test_a_need_made_from_a_meeting_question_stays_when_the_chat_goes(closed_round):
    round_, _poll = closed_round
    question = db.session.scalars(select(Message).where(Message.kind == "question")).first()
    text = question.text
    need = Need(round_id=round_.id, text=text, source_message_id=question.id)
    db.session.add(need)
    db.session.commit()
    set_retention(round_, chat=0)
    purge(now=round_.closed_at)
    db.session.expire_all()
    kept = db.session.get(Need, need.id)
    assert kept.text == text and kept.source_message_id is None
    assert count(Message) == 0


def test_erasure_removes_the_name_from_the_meeting_journal(closed_round):
    """A reconnecting client replays the journal: an erased resident's name is not in it."""
    from samskapande.privacy.services import erase_participation

    round_, _poll = closed_round
    person = db.session.scalars(select(Participant).where(
        Participant.round_id == round_.id, Participant.display_name.is_not(None))).first()
    name = person.display_name

    def names_in_journal():
        return [event.payload["message"]["author"]["name"]
                for event in db.session.scalars(select(LiveEvent))]

    assert name in names_in_journal()
    erase_participation(person)
    db.session.commit()
    db.session.expire_all()
    names = names_in_journal()
    assert name not in names and any(names), "only the erased resident's name goes"
