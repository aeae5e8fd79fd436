"""Giving and withdrawing the e-mail address on one's own page, and one-click unsubscribe.

The unsubscribe link in every mail opens a page with a button: a GET never changes
anything, because mail scanners follow links. The POST needs no login and no form token:
the signed token in the address is the proof (and RFC 8058 one-click POSTs carry none).
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from samskapande.extensions import csrf
from samskapande.notifications import services
from samskapande.notifications.forms import NotifyForm, StopForm
from samskapande.rounds import services as rounds_services

bp = Blueprint("notifications", __name__)


def _participant(code: str):
    round_ = rounds_services.find_round(code)
    if round_ is None:
        abort(404)
    return round_, rounds_services.current_participant(round_)


# The form checks its own CSRF token, so an expired form keeps the address and says why.
@bp.post("/r/<code>/me/email")
@csrf.exempt
def give_email(code: str):
    round_, participant = _participant(code)
    if participant is None:
        return redirect(url_for("rounds.round_page", code=round_.code))
    form = NotifyForm()
    if not form.validate():
        from samskapande.rounds.views import render_my_page

        return render_my_page(round_, participant, notify_form=form, status=400)
    services.subscribe(participant, form.email.data, rounds_services.current_locale())
    flash(_("Thank you. We will e-mail you when your needs get a response or a follow-up."),
          "success")
    return redirect(url_for("rounds.my_page", code=round_.code, _anchor="email-heading"))


@bp.post("/r/<code>/me/email/stop")
def stop_email(code: str):
    round_, participant = _participant(code)
    if participant is None:
        return redirect(url_for("rounds.round_page", code=round_.code))
    if StopForm().validate_on_submit():
        services.unsubscribe(participant)
        flash(_("We will not e-mail you any more, and we have deleted your address."),
              "success")
    return redirect(url_for("rounds.my_page", code=round_.code, _anchor="email-heading"))


@bp.get("/unsubscribe/<token>")
def unsubscribe(token: str):
    participant = services.participant_for_token(token)
    if participant is None:
        abort(404)
    return render_template("notifications/unsubscribe.html", token=token, done=False,
                           subscribed=participant.email_consent)


@bp.post("/unsubscribe/<token>")
@csrf.exempt
def unsubscribe_confirm(token: str):
    participant = services.participant_for_token(token)
    if participant is None:
        abort(404)
    services.unsubscribe(participant)
    return render_template("notifications/unsubscribe.html", token=token, done=True,
                           subscribed=False)
