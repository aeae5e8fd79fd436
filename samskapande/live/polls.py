"""Quick polls (snabbomröstningar) in a meeting: single or multiple choice, or which of the
round's needs matters most. One answer per participant, and so one per ticket code in ticket
mode (a ticket is redeemed by one participant); results are live."""

from __future__ import annotations

import functools
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from samskapande.core.database import insert_ignoring_conflict
from samskapande.core.models import utcnow
from samskapande.core.text import normalise
from samskapande.extensions import db
from samskapande.live import permissions
from samskapande.live.common import LiveError, audit, clean, queue, require_moderator
from samskapande.live.models import (
    Meeting,
    Poll,
    PollAnswer,
    PollBallot,
    PollKind,
    PollOption,
    PollStatus,
)
from samskapande.live.payloads import poll_payload
from samskapande.realtime import coalesce, journal
from samskapande.rounds import aggregates
from samskapande.rounds.models import Participant, Ticket

QUESTION_MAX = 300
OPTION_MAX = 200
OPTIONS_MAX = 8


# -- quick polls ----------------------------------------------------------------------------

# Line breaks that survive normalise() (which turns \r and \r\n into \n): a question and an
# option are one line each, on the poll's card and on the projector.
_LINE_BREAKS = ("\n", "\u2028", "\u2029")


def _one_line(text: str, refusal: str, field: str) -> str:
    if any(mark in text for mark in _LINE_BREAKS):
        raise LiveError(refusal, field=field)
    return text


def poll_question(question: str | None) -> str:
    """The question as stored, or a refusal: written, one line, not too long, no controls."""
    question = normalise(question)
    if not question:
        raise LiveError(_("Write the poll's question."), field="question")
    _one_line(question, _("Write the question on one line: remove the line breaks."),
              "question")
    try:
        return clean(question, QUESTION_MAX)
    except LiveError as error:
        raise LiveError(error.message, field="question") from None


def poll_labels(options: list[str] | None) -> list[str]:
    """The options as stored: blank ones dropped, repeated ones once, 2 to OPTIONS_MAX, each
    one line of at most OPTION_MAX characters without control characters."""
    labels = list(dict.fromkeys(label for label in map(normalise, options or []) if label))
    if len(labels) < 2:
        raise LiveError(_("Write at least two options."), field="options")
    if len(labels) > OPTIONS_MAX:
        raise LiveError(_("At most %(max)d options.", max=OPTIONS_MAX), field="options")
    one_line = _("Write each option on one line: remove the line breaks.")
    try:
        return [clean(_one_line(label, one_line, "options"), OPTION_MAX) for label in labels]
    except LiveError as error:
        raise LiveError(error.message, field="options") from None


def poll_needs(meeting: Meeting, need_ids: list[int] | None) -> list:
    """The needs a needs poll asks about: those chosen, each a visible need of the meeting's
    round, or without a choice the round's most supported ones; 2 to OPTIONS_MAX."""
    from samskapande.needs.services import visible_needs

    visible = visible_needs(meeting.round)
    if need_ids:
        by_id = {need.id: need for need, _support in visible}
        wanted = list(dict.fromkeys(need_ids))
        if any(need_id not in by_id for need_id in wanted):
            raise LiveError(_("Choose needs of this round."), field="needs")
        if len(wanted) > OPTIONS_MAX:
            raise LiveError(_("Choose at most %(max)d needs.", max=OPTIONS_MAX), field="needs")
        needs = [by_id[need_id] for need_id in wanted]
    else:
        ranked = sorted(visible, key=lambda pair: -pair[1])  # stable: newest first among equals
        needs = [need for need, _support in ranked[:OPTIONS_MAX]]
    if len(needs) < 2:
        raise LiveError(_("Choose at least two needs of the round."), field="needs")
    return needs


def create_poll(meeting: Meeting, user, *, question: str, kind: str,
                options: list[str] | None = None, need_ids: list[int] | None = None) -> Poll:
    """A poll in draft; a needs poll takes its options from the round's visible needs.

    Every rule of a poll is here, for the HTTP form and the socket alike; a refusal names
    the form field it belongs to (`details["field"]`).
    """
    require_moderator(meeting, user)
    question = poll_question(question)
    if kind not in (PollKind.SINGLE, PollKind.MULTIPLE, PollKind.NEEDS):
        raise LiveError(_("Choose a kind of poll."), field="kind")
    if kind == PollKind.NEEDS:
        choices = [(need.text[:OPTION_MAX], need.id) for need in poll_needs(meeting, need_ids)]
    else:
        choices = [(label, None) for label in poll_labels(options)]
    recent = db.session.scalar(select(Poll).where(
        Poll.meeting_id == meeting.id, Poll.question == question, Poll.kind == kind,
        Poll.status == PollStatus.DRAFT, Poll.created_at >= utcnow() - timedelta(seconds=60)))
    if recent is not None:
        return recent  # a double click or a resent form makes one poll
    poll = Poll(meeting_id=meeting.id, question=question, kind=kind,
                options=[PollOption(label=label, need_id=need_id, position=i)
                         for i, (label, need_id) in enumerate(choices)])
    db.session.add(poll)
    db.session.flush()
    audit("poll.create", poll, meeting, user)
    return poll


def open_poll(poll: Poll, user) -> None:
    meeting = db.session.get(Meeting, poll.meeting_id)
    require_moderator(meeting, user)
    if poll.status != PollStatus.DRAFT:
        if poll.status == PollStatus.OPEN:
            return
        raise LiveError(_("A closed poll cannot be opened again."))
    poll.status = PollStatus.OPEN
    poll.opened_at = utcnow()
    db.session.flush()
    audit("poll.open", poll, meeting, user)
    queue(meeting.id, "public", "poll", "open", poll=poll_payload(poll))


def close_poll(poll: Poll, user) -> None:
    meeting = db.session.get(Meeting, poll.meeting_id)
    require_moderator(meeting, user)
    if poll.status != PollStatus.OPEN:
        return
    poll.status = PollStatus.CLOSED
    poll.closed_at = utcnow()
    db.session.flush()
    audit("poll.close", poll, meeting, user)
    queue(meeting.id, "public", "poll", "close", poll=poll_payload(poll))


def has_answered(poll: Poll, participant: Participant | None) -> bool:
    return participant is not None and db.session.scalar(
        select(PollBallot.id).where(PollBallot.poll_id == poll.id,
                                    PollBallot.participant_id == participant.id)) is not None


def answer_poll(poll: Poll, participant: Participant, option_ids: list[int]) -> None:
    """One answer per participant (and so per ticket code); single choice takes one option."""
    meeting = db.session.get(Meeting, poll.meeting_id)
    if poll.status != PollStatus.OPEN:
        raise LiveError(_("The poll is closed."))
    if not permissions.can_answer_poll(participant, poll, meeting):
        if meeting.round.ticket_mode and participant is not None:
            raise LiveError(_("In this round you answer with your ticket code: "
                              "enter it on the round's page first."))
        raise LiveError(_("Join the round to answer the poll."))
    valid = {option.id for option in poll.options}
    chosen = list(dict.fromkeys(i for i in option_ids if i in valid))
    if not chosen:
        raise LiveError(_("Choose an option."))
    if poll.kind != PollKind.MULTIPLE and len(chosen) > 1:
        raise LiveError(_("Choose one option."))
    # One statement decides: a ballot of this participant already there (answered before,
    # or a second tab a moment ago) means refused, and nothing of this answer is stored.
    # The ticket the participant redeemed, if any, is noted on the ballot in the same go.
    ticket = select(Ticket.id).where(Ticket.participant_id == participant.id).scalar_subquery()
    if not insert_ignoring_conflict(db.session, PollBallot.__table__, poll_id=poll.id,
                                    participant_id=participant.id, ticket_id=ticket,
                                    created_at=utcnow()):
        raise LiveError(_("You have already answered this poll."))
    db.session.add_all(PollAnswer(poll_id=poll.id, option_id=option_id,
                                  participant_id=participant.id) for option_id in chosen)
    db.session.flush()
    # Not journaled here: a room answering at once would make N answers N² deliveries and
    # wait in line for the stream's counter. The poll's state follows a moment later.
    coalesce.changed(("poll", poll.id), functools.partial(journal_poll_state, poll.id))


def journal_poll_state(poll_id: int) -> None:
    """Journal the poll's results as they are now (realtime.coalesce calls it)."""
    poll = db.session.get(Poll, poll_id)
    if poll is None:
        return  # purged meanwhile

    def now() -> tuple[str, dict]:
        db.session.refresh(poll)  # read after the number: closed meanwhile, say so
        return "update", {"poll": poll_payload(poll)}

    journal.queue_state(poll.meeting_id, "public", "poll", now)


def poll_counts(poll) -> dict[int, int]:
    """Answers per option id of a poll: those stored plus those kept after purging."""
    counts = dict(db.session.execute(
        select(PollAnswer.option_id, func.count(PollAnswer.id))
        .where(PollAnswer.poll_id == poll.id).group_by(PollAnswer.option_id)).all())
    meeting = db.session.get(Meeting, poll.meeting_id)
    kept = aggregates.retained(meeting.round_id, aggregates.POLL_RESULTS).get(str(poll.id), {})
    for option_id, n in kept.items():
        counts[int(option_id)] = counts.get(int(option_id), 0) + n
    return counts
