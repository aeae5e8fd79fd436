"""The round's one moderation page (needs and meeting posts, filtered by kind and meeting),
and the confirmation steps of muting and unmuting a resident.

Registered on the `live` blueprint (see live.blueprint). The actions themselves are the
existing ones (manage.approve/hide for needs, live.moderate/hide for posts); each row
sends them `next`, the filtered page, so the facilitator comes back to where they were.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from samskapande.core.lookup import get_or_404
from samskapande.core.security import safe_next
from samskapande.extensions import csrf, db
from samskapande.live import forms, permissions, services
from samskapande.live.blueprint import bp, meeting_or_404, message_or_404, too_fast
from samskapande.live.meetings import meetings_of
from samskapande.live.payloads import speaker
from samskapande.live.round_moderation import chosen_kind, meeting_of_round, round_queue
from samskapande.manage.forms import int_or_none
from samskapande.manage.permissions import managed_round_or_abort
from samskapande.rounds.models import Participant


@bp.get("/manage/rounds/<int:round_id>/moderation")
@login_required
def round_moderation(round_id: int):
    round_ = managed_round_or_abort(round_id)
    kind = chosen_kind(request.args.get("kind"))
    meeting = meeting_of_round(round_, int_or_none(request.args.get("meeting")))
    try:
        queue = round_queue(round_, current_user, kind=kind, meeting=meeting)
    except services.LiveError:
        abort(403)
    here = url_for("live.round_moderation", round_id=round_.id,
                   kind=None if kind == "all" else kind,
                   meeting=meeting.id if meeting else None)
    return render_template(
        "live/round_moderation.html", round=round_, queue=queue, here=here,
        meetings=meetings_of(round_), payload=services.message_payload, speaker=speaker,
        action_form=forms.ActionForm())


def _moderated(code: str, meeting_id: int):
    meeting = meeting_or_404(code, meeting_id)
    if not permissions.can_moderate(current_user, meeting):
        abort(403 if current_user.is_authenticated else 404)
    return meeting


def _muted_url(meeting) -> str:
    return url_for("live.moderation", code=meeting.round.code, meeting_id=meeting.id,
                   _anchor="muted-heading")


@bp.route("/r/<code>/meetings/<int:meeting_id>/messages/<int:message_id>/mute",
          methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token, to say the page had expired
def mute(code: str, meeting_id: int, message_id: int):
    """Muting the writer of a post: a page that says who and what it does, then the form."""
    meeting = _moderated(code, meeting_id)
    message = message_or_404(meeting, message_id)
    author = db.session.get(Participant, message.participant_id or 0)
    if author is None:
        flash(_("Only residents of the round can be muted."), "error")
        return redirect(_muted_url(meeting))
    back = safe_next(request.args.get("next"), _muted_url(meeting))
    form = forms.ActionForm()
    context = {"round": meeting.round, "meeting": meeting, "message": message,
               "post": services.message_payload(message), "speaker": speaker,
               "name": services.participant_label(author), "back": back,
               "muted": services.is_muted(meeting, author), "form": form}
    if request.method == "GET":
        return render_template("live/mute.html", **context)
    refusal = too_fast()
    if refusal or not form.validate():
        flash(refusal or _("The form had expired. Send it again."), "error")
        return render_template("live/mute.html", **context), 429 if refusal else 400
    try:
        services.mute_participant(meeting, author, current_user)
    except services.LiveError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s is muted in this meeting. You can undo it under “Muted "
                "participants”.", name=context["name"]), "success")
    return redirect(back)


@bp.get("/r/<code>/meetings/<int:meeting_id>/muted/<int:participant_id>/unmute")
def unmute_confirm(code: str, meeting_id: int, participant_id: int):
    """Unmuting: the same kind of page, its form posts to live.unmute."""
    meeting = _moderated(code, meeting_id)
    participant = get_or_404(Participant, participant_id, round_id=meeting.round_id)
    return render_template("live/unmute.html", round=meeting.round, meeting=meeting,
                           participant=participant,
                           name=services.participant_label(participant),
                           muted=services.is_muted(meeting, participant),
                           form=forms.ActionForm())
