"""The page of a dialogue meeting."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from samskapande.extensions import db
from samskapande.live.models import Meeting
from samskapande.rounds import services

bp = Blueprint("live", __name__)


@bp.get("/r/<code>/meetings/<int:meeting_id>")
def meeting(code: str, meeting_id: int):
    round_ = services.find_round(code)
    meeting_ = db.session.get(Meeting, meeting_id)
    if round_ is None or meeting_ is None or meeting_.round_id != round_.id:
        abort(404)
    return render_template(
        "live/meeting.html", round=round_, meeting=meeting_,
        participant=services.current_participant(round_),
    )
