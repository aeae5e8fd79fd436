"""The facilitator's pages of a meeting: moderation, polls, projector, transcript, needs.

Registered on the `live` blueprint (see live.blueprint). Each view checks its permission.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from samskapande.core.lookup import get_or_404
from samskapande.core.qr import qr_svg_response
from samskapande.core.refusals import add_error
from samskapande.core.security import safe_next
from samskapande.extensions import csrf
from samskapande.live import exports, forms, permissions, questions, services
from samskapande.live.blueprint import (
    bp,
    meeting_or_404,
    meeting_url,
    message_or_404,
    payloads,
    poll_or_404,
    presence,
    too_fast,
)
from samskapande.live.payloads import speaker
from samskapande.needs.services import list_needs
from samskapande.realtime import journal
from samskapande.rounds.models import Participant

ACTIONS = {"approve", "pin", "unpin", "spotlight", "unspotlight", "mute", "unmute"}


def moderated_meeting_or_abort(code: str, meeting_id: int):
    meeting = meeting_or_404(code, meeting_id)
    if not permissions.can_moderate(current_user, meeting):
        abort(403 if current_user.is_authenticated else 404)
    return meeting


def moderation_url(meeting, **kwargs) -> str:
    return url_for("live.moderation", code=meeting.round.code, meeting_id=meeting.id, **kwargs)


def poll_needs(meeting):
    return [need for need, _support in list_needs(meeting.round, sort="support",
                                                  per_page=40).items]


def render_moderation(meeting, http_status: int = 200, **overrides):
    polls = services.polls_of(meeting, include_drafts=True)
    lists = services.moderation_lists(meeting, current_user)
    context = {
        "round": meeting.round, "meeting": meeting, "speaker": speaker,
        "held": payloads(lists["held"]),
        "hidden": [(m, services.message_payload(m)) for m in lists["hidden"]],
        "muted": lists["muted"],
        "participant_label": services.participant_label,
        "polls": [(poll, services.poll_payload(poll)) for poll in polls],
        "settings_form": forms.SettingsForm(formdata=None, data={
            "chat_open": "1" if meeting.chat_open else "0", "moderation": meeting.moderation,
            "slow_mode_seconds": meeting.slow_mode_seconds}),
        "poll_form": forms.PollForm(poll_needs(meeting), formdata=None),
        "hide_form": forms.HideForm(formdata=None), "action_form": forms.ActionForm(),
        "has_questions": questions.has_open_questions(meeting.round),
        "last_public": journal.last_seq(meeting.id, "public"),
        "last_staff": journal.last_seq(meeting.id, "staff"),
    }
    context.update(overrides)
    return render_template("live/moderation.html", **context), http_status


@bp.get("/r/<code>/meetings/<int:meeting_id>/moderate")
def moderation(code: str, meeting_id: int):
    return render_moderation(moderated_meeting_or_abort(code, meeting_id))


@bp.post("/r/<code>/meetings/<int:meeting_id>/messages/<int:message_id>/<action>")
def moderate(code: str, meeting_id: int, message_id: int, action: str):
    meeting = moderated_meeting_or_abort(code, meeting_id)
    message = message_or_404(meeting, message_id)
    if action not in ACTIONS:
        abort(404)
    back = (moderation_url(meeting) if request.args.get("back") == "moderate"
            else meeting_url(meeting, _anchor=f"post-{message.id}"))
    back = safe_next(request.args.get("next"), back)  # the round's moderation page, filtered
    refusal = too_fast()
    if refusal:
        flash(refusal, "error")
        return redirect(back)
    if not forms.ActionForm().validate():
        flash(_("The form had expired. Send it again."), "error")
        return redirect(back)
    try:
        services.moderate(message, current_user, action)
    except services.LiveError as error:
        flash(str(error), "error")
    else:
        flash(_("Done."), "success")
    return redirect(back)


@bp.post("/r/<code>/meetings/<int:meeting_id>/muted/<int:participant_id>/unmute")
def unmute(code: str, meeting_id: int, participant_id: int):
    meeting = moderated_meeting_or_abort(code, meeting_id)
    participant = get_or_404(Participant, participant_id, round_id=meeting.round_id)
    refusal = too_fast()
    if refusal:
        flash(refusal, "error")
    elif forms.ActionForm().validate():
        try:
            services.unmute_participant(meeting, participant, current_user)
        except services.LiveError as error:
            flash(str(error), "error")
        else:
            flash(_("%(name)s can write again.", name=services.participant_label(participant)),
                  "success")
    return redirect(moderation_url(meeting, _anchor="muted-heading"))


@bp.route("/r/<code>/meetings/<int:meeting_id>/messages/<int:message_id>/hide",
          methods=["GET", "POST"])
@csrf.exempt
def hide(code: str, meeting_id: int, message_id: int):
    meeting = moderated_meeting_or_abort(code, meeting_id)
    message = message_or_404(meeting, message_id)
    form = forms.HideForm()
    context = {"round": meeting.round, "meeting": meeting, "form": form, "speaker": speaker,
               "post": services.message_payload(message),
               "back": safe_next(request.args.get("next"), moderation_url(meeting))}
    if request.method == "GET":
        return render_template("live/hide.html", **context)
    refusal = too_fast()
    if refusal:
        add_error(form.reason, refusal)
        return render_template("live/hide.html", **context), 429
    if not form.validate():
        return render_template("live/hide.html", **context), 400
    try:
        services.hide_message(message, current_user, form.reason.data)
    except services.LiveError as error:
        add_error(form.reason, error.message)
        return render_template("live/hide.html", **context), 400
    flash(_("The post is hidden."), "success")
    return redirect(safe_next(request.args.get("next"),
                              moderation_url(meeting, _anchor="hidden-heading")))


@bp.post("/r/<code>/meetings/<int:meeting_id>/settings")
@csrf.exempt
def settings(code: str, meeting_id: int):
    meeting = moderated_meeting_or_abort(code, meeting_id)
    form = forms.SettingsForm()
    if not form.validate():
        return render_moderation(meeting, 400, settings_form=form)
    try:
        services.set_chat_open(meeting, current_user, form.chat_open.data == "1")
        services.set_moderation(meeting, current_user, form.moderation.data)
        services.set_slow_mode(meeting, current_user, form.slow_mode_seconds.data)
    except services.LiveError as error:
        add_error(form.slow_mode_seconds, error.message)
        return render_moderation(meeting, 400, settings_form=form)
    flash(_("The meeting's settings are saved."), "success")
    return redirect(moderation_url(meeting))


@bp.post("/r/<code>/meetings/<int:meeting_id>/polls")
@csrf.exempt
def create_poll(code: str, meeting_id: int):
    meeting = moderated_meeting_or_abort(code, meeting_id)
    form = forms.PollForm(poll_needs(meeting))
    if not form.validate():
        return render_moderation(meeting, 400, poll_form=form)
    try:
        services.create_poll(meeting, current_user, question=form.question.data,
                             kind=form.kind.data, options=form.option_lines(),
                             need_ids=form.needs.data or None)
    except services.LiveError as error:
        default = "needs" if form.kind.data == "needs" else "options"
        add_error(form[error.details.get("field", default)], error.message)
        return render_moderation(meeting, 400, poll_form=form)
    flash(_("The poll is ready. Open it when the room is ready to answer."), "success")
    return redirect(moderation_url(meeting, _anchor="polls-heading"))


@bp.post("/r/<code>/meetings/<int:meeting_id>/polls/<int:poll_id>/<any(open, close):action>")
def poll_action(code: str, meeting_id: int, poll_id: int, action: str):
    meeting = moderated_meeting_or_abort(code, meeting_id)
    poll = poll_or_404(meeting, poll_id)
    if forms.ActionForm().validate():
        try:
            (services.open_poll if action == "open" else services.close_poll)(poll, current_user)
        except services.LiveError as error:
            flash(str(error), "error")
        else:
            flash(_("The poll is open.") if action == "open" else _("The poll is closed."),
                  "success")
    return redirect(moderation_url(meeting, _anchor=f"poll-{poll.id}"))


@bp.post("/r/<code>/meetings/<int:meeting_id>/questions-to-needs")
def questions_to_needs(code: str, meeting_id: int):
    meeting = moderated_meeting_or_abort(code, meeting_id)
    if forms.ActionForm().validate():
        count = questions.questions_to_needs(meeting.round, current_user)
        flash(_("%(count)d questions became needs of the round.", count=count), "success")
    return redirect(moderation_url(meeting))


# -- projector and transcript ----------------------------------------------------------------

def _staff_meeting_or_abort(code: str, meeting_id: int, predicate):
    meeting = meeting_or_404(code, meeting_id)
    if not predicate(current_user, meeting):
        abort(403 if current_user.is_authenticated else 404)
    return meeting


@bp.get("/r/<code>/meetings/<int:meeting_id>/screen")
def projector(code: str, meeting_id: int):
    meeting = _staff_meeting_or_abort(code, meeting_id, permissions.can_view_projector)
    spotlight = services.spotlight_message(meeting)
    open_polls = [p for p in services.polls_of(meeting) if p.status == "open"]
    return render_template(
        "live/projector.html", round=meeting.round, meeting=meeting, speaker=speaker,
        spotlight=payloads([spotlight])[0] if spotlight else None,
        questions=payloads(services.top_questions(meeting)),
        polls=[services.poll_payload(p) for p in open_polls],  # newest first
        presence=presence(meeting), last_public=journal.last_seq(meeting.id, "public"),
        join_url=url_for("residents.round_page", code=meeting.round.code, _external=True),
    )


@bp.get("/r/<code>/meetings/<int:meeting_id>/qr.svg")
def qr_code(code: str, meeting_id: int):
    """A QR code for the meeting page: joining from it leads into the meeting."""
    meeting = meeting_or_404(code, meeting_id)
    url = meeting_url(meeting, _external=True)
    return qr_svg_response(url)


@bp.get("/r/<code>/meetings/<int:meeting_id>/transcript")
def transcript(code: str, meeting_id: int):
    meeting = _staff_meeting_or_abort(code, meeting_id, permissions.can_export)
    return render_template("live/transcript.html", round=meeting.round, meeting=meeting,
                           rows=exports.transcript(meeting), speaker=speaker,
                           polls=[services.poll_payload(p) for p in services.polls_of(meeting)],
                           moderator=permissions.can_moderate(current_user, meeting),
                           has_questions=questions.has_open_questions(meeting.round),
                           action_form=forms.ActionForm())


@bp.get("/r/<code>/meetings/<int:meeting_id>/transcript.csv")
def transcript_csv(code: str, meeting_id: int):
    meeting = _staff_meeting_or_abort(code, meeting_id, permissions.can_export)
    filename = f"dialogmote-{meeting.id}.csv"
    return Response(exports.transcript_csv(meeting), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
