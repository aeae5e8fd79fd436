"""Who may follow, post in, answer in and run a dialogue meeting.

Predicates only (no aborts): the views and the socket handlers both ask them, so HTTP and
real time obey the same rules. Staff of a meeting are the facilitators and admins who may
manage its round, and the officials and politicians whose organisation belongs to the
round's model area; of them only the officials and politicians answer questions (the
facilitator leads the conversation, the answers are the organisations' to give).
"""

from __future__ import annotations

from sqlalchemy import select

from samskapande.accounts.models import Role
from samskapande.accounts.permissions import is_staff
from samskapande.extensions import db
from samskapande.live.models import MessageKind, MessageStatus, PollStatus
from samskapande.manage.permissions import can_manage_round
from samskapande.rounds import phases
from samskapande.rounds.models import Ticket


def _is_participant_of(participant, meeting) -> bool:
    return (participant is not None and participant.erased_at is None
            and participant.round_id == meeting.round_id)


def can_moderate(user, meeting) -> bool:
    """May the user moderate the meeting, run its polls and export its transcript?"""
    return meeting is not None and can_manage_round(user, meeting.round)


def can_answer(user, meeting) -> bool:
    """May the user answer the meeting's questions: an active official or politician of an
    organisation of the round's model area (a facilitator who moderates does not answer)?"""
    if meeting is None or not is_staff(user):
        return False
    if user.role not in (Role.OFFICIAL, Role.POLITICIAN) or user.organisation_id is None:
        return False
    return any(org.id == user.organisation_id for org in meeting.round.model_area.organisations)


def is_meeting_staff(user, meeting) -> bool:
    """Is the user staff of the meeting (sees the staff stream, posts as staff): one who
    moderates it or one who answers in it?"""
    return can_moderate(user, meeting) or can_answer(user, meeting)


def can_follow_meeting(user, participant, meeting) -> bool:
    """May this person see the meeting's stream: a participant of its round, or its staff."""
    if meeting is None:
        return False
    if can_moderate(user, meeting):
        return True
    if not phases.can_follow_meetings(meeting.round):
        return False  # a round in preparation: for those who manage it only
    return is_meeting_staff(user, meeting) or _is_participant_of(participant, meeting)


def can_post(user, participant, meeting) -> bool:
    """May this person write in the meeting at all (chat state and mutes are checked later)."""
    if meeting is None or not phases.can_write_in_meetings(meeting.round):
        return False
    return is_meeting_staff(user, meeting) or can_follow_meeting(None, participant, meeting)


def can_upvote(participant, message) -> bool:
    """Residents upvote visible questions of their own round's meetings."""
    return (message is not None and message.kind == MessageKind.QUESTION
            and message.status == MessageStatus.VISIBLE
            and _is_participant_of(participant, message.meeting))


def has_ticket(participant) -> bool:
    return participant is not None and db.session.scalar(
        select(Ticket.id).where(Ticket.participant_id == participant.id)) is not None


def can_answer_poll(participant, poll, meeting) -> bool:
    """Participants of the round answer open polls; in ticket mode only with a redeemed ticket."""
    if poll is None or poll.status != PollStatus.OPEN:
        return False
    if not _is_participant_of(participant, meeting):
        return False
    return not meeting.round.ticket_mode or has_ticket(participant)


def can_view_projector(user, meeting) -> bool:
    """The projector view (storbild) is opened by the round's staff."""
    return is_meeting_staff(user, meeting)


def can_export(user, meeting) -> bool:
    """The moderated transcript: for the round's staff."""
    return is_meeting_staff(user, meeting)
