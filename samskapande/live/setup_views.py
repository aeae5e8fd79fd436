"""The facilitator's list of a round's meetings, with a form for a new one.

Linked from the round's workspace; each meeting links to its page, moderation, big screen
and transcript. Registered on the `live` blueprint (see live.views).
"""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.extensions import csrf, db
from samskapande.live import forms
from samskapande.live.models import Meeting
from samskapande.live.views import bp
from samskapande.manage.permissions import managed_round_or_abort
from samskapande.rounds.models import Round


def meetings_of(round_: Round) -> list[Meeting]:
    return list(db.session.scalars(
        select(Meeting).where(Meeting.round_id == round_.id)
        .order_by(Meeting.starts_at, Meeting.id)))


def create_meeting(round_: Round, user, form: forms.MeetingForm) -> Meeting:
    """A new meeting; the same title again within a minute is a double click: one meeting."""
    recent = db.session.scalar(select(Meeting).where(
        Meeting.round_id == round_.id, Meeting.title == form.title.data,
        Meeting.created_at >= utcnow() - timedelta(seconds=60)))
    if recent is not None:
        return recent
    starts_at = form.starts_at.data
    if starts_at is not None:
        zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Stockholm"))
        starts_at = starts_at.replace(tzinfo=zone)
    meeting = Meeting(round_id=round_.id, title=form.title.data,
                      location=form.location.data or "", description=form.description.data or "",
                      starts_at=starts_at, moderation=form.moderation.data)
    db.session.add(meeting)
    db.session.flush()
    record("meeting.create", meeting, actor=user, round_id=round_.id,
           model_area_id=round_.model_area_id)
    return meeting


@bp.route("/manage/rounds/<int:round_id>/meetings", methods=["GET", "POST"])
@login_required
@csrf.exempt
def meetings(round_id: int):
    round_ = managed_round_or_abort(round_id)
    form = forms.MeetingForm()
    status = 200
    if form.is_submitted():
        if form.validate():
            meeting = create_meeting(round_, current_user, form)
            flash(_("The meeting is created."), "success")
            return redirect(url_for("live.meetings", round_id=round_.id,
                                    _anchor=f"meeting-{meeting.id}"))
        status = 400
    return render_template("live/meetings.html", round=round_, form=form,
                           meetings=meetings_of(round_)), status


@bp.app_context_processor
def meeting_links():
    """`meetings_of(round)` for pages outside this package (My page lists the meetings)."""
    return {"meetings_of": meetings_of}
