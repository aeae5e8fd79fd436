"""The facilitator's list of a round's meetings, with a form for a new one and one to change
an existing one.

Linked from the round's workspace; each meeting links to its page, moderation, big screen
and transcript. Registered on the `live` blueprint (see live.blueprint).
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from samskapande.core.lookup import get_or_404
from samskapande.core.refusals import add_error
from samskapande.extensions import csrf
from samskapande.live import forms
from samskapande.live.blueprint import bp
from samskapande.live.common import LiveError
from samskapande.live.meetings import (
    MeetingDetails,
    MeetingInvalid,
    create_meeting,
    meetings_of,
    update_meeting,
)
from samskapande.live.models import Meeting
from samskapande.manage.permissions import managed_round_or_abort


@bp.route("/manage/rounds/<int:round_id>/meetings", methods=["GET", "POST"])
@login_required
@csrf.exempt
def meetings(round_id: int):
    round_ = managed_round_or_abort(round_id)
    form = forms.MeetingForm()
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                meeting = create_meeting(
                    round_, current_user, title=form.title.data, location=form.location.data,
                    description=form.description.data, starts_at=form.starts_at.data,
                    moderation=form.moderation.data)
            except LiveError as error:
                abort(403, str(error))
            flash(_("The meeting is created."), "success")
            return redirect(url_for("live.meetings", round_id=round_.id,
                                    _anchor=f"meeting-{meeting.id}"))
        status = 400
    return render_template("live/meetings.html", round=round_, form=form,
                           meetings=meetings_of(round_)), status


@bp.route("/manage/rounds/<int:round_id>/meetings/<int:meeting_id>/edit",
          methods=["GET", "POST"])
@login_required
@csrf.exempt  # the form checks its own token, so an expired form keeps what was written
def edit_meeting(round_id: int, meeting_id: int):
    round_ = managed_round_or_abort(round_id)
    meeting = get_or_404(Meeting, meeting_id, round_id=round_.id)
    if not forms.MeetingEditForm().is_submitted():
        form = forms.MeetingEditForm(formdata=None, obj=MeetingDetails.of(meeting))
        return render_template("live/edit_meeting.html", round=round_, meeting=meeting,
                               form=form)
    form = forms.MeetingEditForm()
    if form.validate():
        try:
            changed = update_meeting(meeting, current_user, MeetingDetails(
                title=form.title.data, starts_at=form.starts_at.data,
                ends_at=form.ends_at.data, location=form.location.data or "",
                online_url=form.online_url.data or "",
                description=form.description.data or ""))
        except MeetingInvalid as error:
            add_error(form[error.details.get("field", "title")], error.message)
        except LiveError as error:
            abort(403, str(error))
        else:
            flash(_("The meeting is changed. Residents see what is new on the round page.")
                  if changed else _("Nothing was changed."), "success")
            return redirect(url_for("live.meetings", round_id=round_.id,
                                    _anchor=f"meeting-{meeting.id}"))
    return render_template("live/edit_meeting.html", round=round_, meeting=meeting,
                           form=form), 400


@bp.app_context_processor
def meeting_links():
    """`meetings_of(round)` for pages outside this package (My page lists the meetings)."""
    return {"meetings_of": meetings_of}
