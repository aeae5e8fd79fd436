"""A round's meetings and a meeting's state as JSON: what a client needs to join by socket.

A client written from docs/realtime.md finds the meetings it may follow
(`/r/<code>/meetings.json`), reads one meeting's state with the stream numbers to join
with (`/r/<code>/meetings/<id>/state.json`) and sends `meeting:join` with `after` = those
numbers, without reading the HTML page. Who may see what is decided as for the meeting
page and the socket: `can_follow_meeting` for the state, `is_meeting_staff` for the staff
stream and the held posts. Refusals and unknown addresses are JSON too
(`{"error": "<a translated sentence>"}`), as a script cannot read an error page.
Registered on the `live` blueprint (see live.blueprint).
"""

from __future__ import annotations

from flask import jsonify, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import NotFound

from samskapande.live import permissions, services
from samskapande.live.blueprint import bp, meeting_or_404, meeting_url, presence, viewer
from samskapande.live.meetings import meetings_of
from samskapande.live.models import Meeting
from samskapande.manage.permissions import can_manage_round
from samskapande.realtime import journal
from samskapande.rounds.lookup import round_or_404
from samskapande.rounds.services import current_participant


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def json_answer(body: dict, status: int = 200):
    """JSON that no cache keeps: the state is stale a moment later, and may be a person's own."""
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def not_found():
    return json_answer({"error": _("The meeting was not found.")}, 404)


def refused():
    return json_answer({"error": _("You cannot take part in this meeting. "
                                   "Join the round or log in again.")}, 403)


def may_follow(meeting: Meeting) -> bool:
    return permissions.can_follow_meeting(*viewer(meeting), meeting)


def gets_staff_stream(meeting: Meeting) -> bool:
    """The rule of `meeting:join` for a page (not a projector): staff of the meeting."""
    return viewer(meeting)[0] is not None


def meeting_summary(meeting: Meeting) -> dict:
    return {"id": meeting.id, "title": meeting.title,
            "starts_at": _iso(meeting.starts_at), "ends_at": _iso(meeting.ends_at),
            "state": services.meeting_payload(meeting),
            "url": meeting_url(meeting),
            "state_url": url_for("live.meeting_state", code=meeting.round.code,
                                 meeting_id=meeting.id)}


def may_follow_round(round_, meetings: list[Meeting]) -> bool:
    """Whether this person may follow the round's meetings (the rule depends on the round
    only); for a round without meetings yet: its participants and those who manage it."""
    if meetings:
        return may_follow(meetings[0])
    return current_participant(round_) is not None or can_manage_round(current_user, round_)


@bp.get("/r/<code>/meetings.json")
def meetings_json(code: str):
    try:
        round_ = round_or_404(code)
    except NotFound:
        return not_found()
    meetings = meetings_of(round_)
    if not may_follow_round(round_, meetings):
        return refused()
    return json_answer({"round": {"code": round_.code, "title": round_.title},
                        "meetings": [meeting_summary(m) for m in meetings if may_follow(m)]})


def message_payloads(messages) -> list[dict]:
    votes = services.vote_counts(m.id for m in messages)
    return [services.message_payload(m, votes.get(m.id, 0)) for m in messages]


def stream_numbers(meeting: Meeting, staff: bool) -> dict:
    return {stream: journal.last_seq(meeting.id, stream)
            for stream in (("public", "staff") if staff else ("public",))}


@bp.get("/r/<code>/meetings/<int:meeting_id>/state.json")
def meeting_state(code: str, meeting_id: int):
    """The meeting as it is now, and the stream numbers to join with.

    The numbers are read first and the state after them, in this one request: every
    event up to a number is committed with its change, so the state already holds it,
    and a change committed in between is in the state and also arrives as an event after
    the number. A client that joins with `after` = `seq` may thus see a change twice
    (the same post added again: it keeps one per id) but never misses one.
    """
    try:
        meeting = meeting_or_404(code, meeting_id)
    except NotFound:
        return not_found()
    if not may_follow(meeting):
        return refused()
    staff = gets_staff_stream(meeting)
    seq = stream_numbers(meeting, staff)  # first: see the docstring
    body = {
        "meeting": {"id": meeting.id, "title": meeting.title,
                    **services.meeting_payload(meeting)},
        "seq": seq,
        "messages": message_payloads(services.visible_messages(meeting)),
        "polls": [services.poll_payload(poll) for poll in services.polls_of(meeting)],
        "presence": presence(meeting),
    }
    if staff:
        body["held"] = message_payloads(services.held_messages(meeting))
    return json_answer(body)
