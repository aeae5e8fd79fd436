"""The meeting page: the stream of posts, posting, upvoting, answering, polls, where I am.

Everything works as plain forms without JavaScript; static/js/live.js adds real time on
top. Every form that writes counts against the person's live write limit first
(`blueprint.too_fast`, the limit the socket events count against), so the forms are no
way around it. The facilitator's pages (moderation, projector, transcript) are in live.staff_views.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session
from flask_babel import get_timezone
from flask_babel import gettext as _
from flask_login import current_user

from samskapande.core.refusals import add_error
from samskapande.extensions import csrf

# setup_views and staff_views register the facilitator's routes on the same blueprint, and
# state_views the JSON a client joins with; importing them here (the module the app
# registers) is what makes their routes exist.
from samskapande.live import (  # noqa: F401
    forms,
    moderation_views,
    permissions,
    services,
    setup_views,
    staff_views,
    state_views,
)
from samskapande.live.blueprint import (
    bp,
    meeting_or_404,
    meeting_url,
    message_or_404,
    payloads,
    poll_or_404,
    presence,
    too_fast,
    viewer,
)
from samskapande.live.models import Meeting
from samskapande.live.payloads import speaker
from samskapande.realtime import journal
from samskapande.rounds.phases import can_join
from samskapande.rounds.services import current_participant

WHERE_KEY = "live_where"


def where_of(meeting: Meeting) -> str:
    return (session.get(WHERE_KEY) or {}).get(str(meeting.id), "remote")


def post_form(meeting: Meeting, **kwargs) -> forms.PostForm:
    return forms.PostForm(services.directable_organisations(meeting),
                          services.directable_people(meeting), **kwargs)


def in_reading_order(posts: list[dict]) -> list[dict]:
    """Pinned posts on top, then the conversation oldest to newest, as a chat reads: the
    newest is last, just above the form to answer it."""
    return sorted(posts, key=lambda post: (not post["pinned"], post["id"]))


def render_meeting(meeting: Meeting, http_status: int = 200, **overrides):
    user, participant = viewer(meeting)
    following = permissions.can_follow_meeting(user, participant, meeting)
    polls = services.polls_of(meeting) if following else []
    context = {
        "round": meeting.round, "meeting": meeting, "participant": participant,
        "staff": user is not None, "following": following, "joinable": can_join(meeting.round),
        "moderator": permissions.can_moderate(current_user, meeting),
        "answerer": permissions.can_answer(current_user, meeting),
        "can_post": permissions.can_post(user, participant, meeting),
        "muted": services.is_muted(meeting, participant),
        "posts": in_reading_order(payloads(services.visible_messages(meeting)))
                 if following else [],
        "my_votes": services.my_votes(meeting, participant),
        "polls": [(poll, services.poll_payload(poll), services.has_answered(poll, participant),
                   forms.PollAnswerForm(poll, formdata=None)) for poll in polls],
        "can_answer_polls": {poll.id: permissions.can_answer_poll(participant, poll, meeting)
                             for poll in polls},
        "form": post_form(meeting, formdata=None),
        "where": where_of(meeting), "where_form": forms.WhereForm(where=where_of(meeting)),
        "action_form": forms.ActionForm(), "answer_form": forms.AnswerForm(formdata=None),
        "last_public": journal.last_seq(meeting.id, "public"),
        "last_staff": journal.last_seq(meeting.id, "staff") if user is not None else 0,
        "presence": presence(meeting), "speaker": speaker, "time_zone": str(get_timezone()),
    }
    context.update(overrides)
    return render_template("live/meeting.html", **context), http_status


@bp.get("/r/<code>/meetings/<int:meeting_id>")
def meeting(code: str, meeting_id: int):
    return render_meeting(meeting_or_404(code, meeting_id))


def _refused(meeting: Meeting, error) -> object:
    flash(str(error), "error")
    return redirect(meeting_url(meeting, _anchor="posts"))


def _button_on_post(meeting: Meeting, message, act, done: str | None = None):
    """A one-button form on a post (upvote, mark answered): the rate, the form's token, then
    `act()`; back at the post, or at the posts with the refusal."""
    refusal = too_fast()
    if refusal:
        return _refused(meeting, refusal)
    if not forms.ActionForm().validate():
        return _refused(meeting, _("The form had expired. Send it again."))
    try:
        act()
    except services.LiveError as error:
        return _refused(meeting, error)
    if done:
        flash(done, "success")
    return redirect(meeting_url(meeting, _anchor=f"post-{message.id}"))


# The forms check their own CSRF token, so an expired form keeps the text and says why.
@bp.post("/r/<code>/meetings/<int:meeting_id>/post")
@csrf.exempt
def post(code: str, meeting_id: int):
    meeting = meeting_or_404(code, meeting_id)
    user, participant = viewer(meeting)
    form = post_form(meeting)
    refusal = too_fast()
    if refusal:  # the text stays in the form, with the reason under it
        add_error(form.text, refusal)
        return render_meeting(meeting, 429, form=form)
    if not form.validate():
        return render_meeting(meeting, 400, form=form)
    organisation_id, user_id = form.directed()
    try:
        message = services.post_message(
            meeting, user=user, participant=participant, kind=form.kind.data,
            text=form.text.data, directed_organisation_id=organisation_id,
            directed_user_id=user_id)
    except services.LiveError as error:
        add_error(form.text, error.message)
        return render_meeting(meeting, 400, form=form)
    if message.status == "pending":
        flash(_("Thank you! Your post is shown once the facilitator has approved it."),
              "success")
        return redirect(meeting_url(meeting, _anchor="posts"))
    flash(_("Your post is shown."), "success")
    return redirect(meeting_url(meeting, _anchor=f"post-{message.id}"))


@bp.post("/r/<code>/meetings/<int:meeting_id>/messages/<int:message_id>/upvote")
def upvote(code: str, meeting_id: int, message_id: int):
    meeting = meeting_or_404(code, meeting_id)
    message = message_or_404(meeting, message_id)
    return _button_on_post(meeting, message, lambda: services.upvote_question(
        message, current_participant(meeting.round)))


@bp.route("/r/<code>/meetings/<int:meeting_id>/messages/<int:message_id>/answer",
          methods=["GET", "POST"])
@csrf.exempt
def answer(code: str, meeting_id: int, message_id: int):
    """Add a written answer to a question (the answers given before stay)."""
    meeting = meeting_or_404(code, meeting_id)
    message = message_or_404(meeting, message_id)
    if not permissions.can_answer(current_user, meeting):
        abort(403)
    form = forms.AnswerForm()
    context = {"round": meeting.round, "meeting": meeting, "form": form, "speaker": speaker,
               "post": services.message_payload(message)}
    if request.method == "GET":
        return render_template("live/answer.html", **context)
    refusal = too_fast()
    if refusal:
        add_error(form.answer, refusal)
        return render_template("live/answer.html", **context), 429
    if not form.validate():
        return render_template("live/answer.html", **context), 400
    try:
        services.answer_question(message, current_user, form.answer.data)
    except services.LiveError as error:
        add_error(form.answer, error.message)
        return render_template("live/answer.html", **context), 400
    flash(_("Your answer is shown with the question."), "success")
    return redirect(meeting_url(meeting, _anchor=f"post-{message.id}"))


@bp.post("/r/<code>/meetings/<int:meeting_id>/messages/<int:message_id>/answered")
def mark_answered(code: str, meeting_id: int, message_id: int):
    """Mark a question answered without writing (it was answered aloud in the room)."""
    meeting = meeting_or_404(code, meeting_id)
    message = message_or_404(meeting, message_id)
    return _button_on_post(meeting, message, lambda: services.mark_answered(
        message, current_user), done=_("The question is marked answered."))


@bp.post("/r/<code>/meetings/<int:meeting_id>/polls/<int:poll_id>/answer")
@csrf.exempt
def answer_poll(code: str, meeting_id: int, poll_id: int):
    meeting = meeting_or_404(code, meeting_id)
    poll = poll_or_404(meeting, poll_id)
    refusal = too_fast()
    if refusal:
        flash(refusal, "error")
        return redirect(meeting_url(meeting, _anchor=f"poll-{poll.id}"))
    form = forms.PollAnswerForm(poll)
    if not form.validate():
        flash(" ".join(str(e) for e in form.choice.errors)
              or _("The form had expired. Send it again."), "error")
        return redirect(meeting_url(meeting, _anchor=f"poll-{poll.id}"))
    try:
        services.answer_poll(poll, current_participant(meeting.round), form.choice.data)
    except services.LiveError as error:
        flash(str(error), "error")
    else:
        flash(_("Thank you for answering!"), "success")
    return redirect(meeting_url(meeting, _anchor=f"poll-{poll.id}"))


@bp.post("/r/<code>/meetings/<int:meeting_id>/where")
def set_where(code: str, meeting_id: int):
    meeting = meeting_or_404(code, meeting_id)
    form = forms.WhereForm()
    if form.validate():
        known = dict(session.get(WHERE_KEY) or {})
        known[str(meeting.id)] = form.where.data
        session[WHERE_KEY] = dict(list(known.items())[-20:])
        flash(_("Thank you! You are counted as in the room.") if form.where.data == "room"
              else _("Thank you! You are counted as remote."), "success")
    else:
        flash(_("Choose where you are."), "error")
    return redirect(meeting_url(meeting))

