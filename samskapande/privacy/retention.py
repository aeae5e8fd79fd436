"""Applying each round's retention settings: what `samskapande purge` deletes, and when.

Counted from the day the round was closed:
- profile answers go at closing, if the round says so;
- the meetings' chat (messages, questions with their answers and upvotes, mutes, poll
  answers) goes `chat_retention_days` after closing;
- participants' names and e-mail addresses go `participant_retention_days` after closing.

What stays: needs, support and votes, poll questions and their result counts, the number
of participants and the breadth counts in the report. Counts that would change when rows
go are kept first (rounds.aggregates). Running it again deletes nothing more, so it is
safe from cron; a dry run does the same work in a transaction it then rolls back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select, update

from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.live.models import (
    Meeting,
    Message,
    Mute,
    Poll,
    PollAnswer,
    PollBallot,
    QuestionAnswer,
    QuestionVote,
)
from samskapande.realtime import journal
from samskapande.rounds import aggregates
from samskapande.rounds.models import Participant, ProfileAnswer, ProfileQuestion, Round
from samskapande.rounds.phases import closed_rounds_condition, is_closed

SIGN_IN_ATTEMPTS_KEPT = timedelta(days=1)
COUNT_NAMES = ("profile_answers", "messages", "question_votes", "mutes", "poll_answers",
               "live_events", "participants_cleared")


@dataclass
class RoundPurge:
    """What was (or, in a dry run, would be) deleted in one round."""

    round_id: int
    round_code: str
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_NAMES, 0))

    @property
    def anything(self) -> bool:
        return any(self.counts.values())


def _count(query) -> int:
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def due(round_: Round, days: int | None, now: datetime) -> bool:
    """Has the round been closed for at least `days` days (None: never)?"""
    if days is None or not is_closed(round_) or round_.closed_at is None:
        return False
    return round_.closed_at + timedelta(days=days) <= now


def purge_meeting_chat(meeting: Meeting) -> dict[str, int]:
    """Delete what was said in one meeting, keeping its poll result counts.

    The one place a meeting's chat is deleted: anything else that keeps chat content
    (e.g. an event journal for reconnecting clients) belongs here too.
    """
    poll_ids = select(Poll.id).where(Poll.meeting_id == meeting.id)
    results: dict = defaultdict(dict)
    for poll_id, option_id, n in db.session.execute(
        select(PollAnswer.poll_id, PollAnswer.option_id, func.count(PollAnswer.id))
        .where(PollAnswer.poll_id.in_(poll_ids)).group_by(PollAnswer.poll_id, PollAnswer.option_id)
    ):
        results[str(poll_id)][str(option_id)] = n
    aggregates.keep_counts(meeting.round_id, aggregates.POLL_RESULTS, dict(results))
    messages = select(Message.id).where(Message.meeting_id == meeting.id)
    counts = {
        "question_votes": _count(select(QuestionVote.id)
                                 .where(QuestionVote.message_id.in_(messages))),
        "messages": _count(messages),
        "mutes": _count(select(Mute.id).where(Mute.meeting_id == meeting.id)),
        "poll_answers": sum(sum(options.values()) for options in results.values()),
    }
    options = {"synchronize_session": False}
    db.session.execute(delete(PollAnswer).where(PollAnswer.poll_id.in_(poll_ids)),
                       execution_options=options)
    db.session.execute(delete(PollBallot).where(PollBallot.poll_id.in_(poll_ids)),
                       execution_options=options)
    db.session.execute(delete(QuestionVote).where(QuestionVote.message_id.in_(messages)),
                       execution_options=options)
    db.session.execute(delete(QuestionAnswer).where(QuestionAnswer.message_id.in_(messages)),
                       execution_options=options)
    db.session.execute(delete(Message).where(Message.meeting_id == meeting.id),
                       execution_options=options)
    db.session.execute(delete(Mute).where(Mute.meeting_id == meeting.id),
                       execution_options=options)
    counts["live_events"] = journal.forget_meeting(meeting.id)
    return counts


def _keep_breadth(round_: Round) -> None:
    """Keep the report's breadth counts (overall and per theme) before answers go."""
    from samskapande.themes.services import support_by_theme

    present = (Participant.round_id == round_.id, Participant.erased_at.is_(None))
    breadth: dict = defaultdict(dict)
    for question_id, value, n in db.session.execute(
        select(ProfileAnswer.question_id, ProfileAnswer.value, func.count(ProfileAnswer.id))
        .join(Participant).where(*present).group_by(ProfileAnswer.question_id, ProfileAnswer.value)
    ):
        breadth[str(question_id)][value] = n
    aggregates.keep_counts(round_.id, aggregates.BREADTH, dict(breadth))
    # Only what the stored answers give: kept counts are added by the readers already.
    themes = {}
    for theme_id, support in _live_theme_support(round_, support_by_theme).items():
        if support.breadth:
            themes[str(theme_id)] = support.breadth
    aggregates.keep_counts(round_.id, aggregates.THEME_BREADTH, themes)


def _live_theme_support(round_: Round, support_by_theme) -> dict:
    """support_by_theme without the kept counts mixed in (they are kept already)."""
    supports = support_by_theme(round_)
    kept = aggregates.retained(round_.id, aggregates.THEME_BREADTH)
    for theme_id, breadth in kept.items():
        support = supports.get(int(theme_id))
        if support is not None:
            support.breadth = _subtract(support.breadth, breadth)
    return supports


def _subtract(counts: dict, kept: dict) -> dict:
    result = {}
    for key, values in counts.items():
        left = {v: n - kept.get(key, {}).get(v, 0) for v, n in values.items()}
        left = {v: n for v, n in left.items() if n > 0}
        if left:
            result[key] = left
    return result


def _purge_profile_answers(round_: Round) -> int:
    answers = select(ProfileAnswer.id).join(ProfileQuestion).where(
        ProfileQuestion.round_id == round_.id)
    n = _count(answers)
    if n:
        _keep_breadth(round_)
        db.session.execute(delete(ProfileAnswer).where(ProfileAnswer.id.in_(answers)),
                           execution_options={"synchronize_session": False})
    return n


def _clear_participants(round_: Round) -> int:
    """Names and e-mail addresses go; the participant (and what they counted for) stays."""
    identifying = (Participant.round_id == round_.id,
                   or_(Participant.display_name.is_not(None), Participant.email.is_not(None),
                       Participant.email_consent.is_(True)))
    result = db.session.execute(
        update(Participant).where(*identifying)
        .values(display_name=None, email=None, email_consent=False),
        execution_options={"synchronize_session": False})
    return result.rowcount or 0


def purge_round(round_: Round, now: datetime) -> RoundPurge:
    outcome = RoundPurge(round_.id, round_.code)
    counts = outcome.counts
    if round_.delete_profile_answers_at_close and due(round_, 0, now):
        counts["profile_answers"] = _purge_profile_answers(round_)
    if due(round_, round_.chat_retention_days, now):
        meetings = db.session.scalars(select(Meeting).where(Meeting.round_id == round_.id))
        for meeting in meetings:
            for name, n in purge_meeting_chat(meeting).items():
                counts[name] += n
    if due(round_, round_.participant_retention_days, now):
        counts["participants_cleared"] = _clear_participants(round_)
    if outcome.anything:
        record("retention.purged", round_, round_id=round_.id,
               model_area_id=round_.model_area_id, **counts)
    return outcome


def purge(*, now: datetime | None = None) -> list[RoundPurge]:
    """Apply every closed round's retention settings; returns what each round lost.

    The caller owns the transaction: `samskapande purge --dry-run` rolls it back.
    """
    now = now or utcnow()
    rounds = db.session.scalars(
        select(Round).where(closed_rounds_condition(), Round.closed_at.is_not(None))
        .order_by(Round.id)).all()
    outcomes = [purge_round(round_, now) for round_ in rounds]
    db.session.flush()
    return outcomes


def purge_sign_in_attempts(*, dry_run: bool = False, now: datetime | None = None) -> int:
    """Delete sign-in attempts (e-mail or nothing, and an IP address) older than a day.

    They only serve to slow down guessing within the throttling window, which is shorter.
    """
    from flask import current_app

    from samskapande.accounts.models import SignInAttempt

    keep = max(SIGN_IN_ATTEMPTS_KEPT, timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"]))
    old = SignInAttempt.created_at < (now or utcnow()) - keep
    n = _count(select(SignInAttempt.id).where(old))
    if n and not dry_run:
        db.session.execute(delete(SignInAttempt).where(old))
    return n
