"""One-click unsubscribe (giving and withdrawing the address on My page: `residents.views`).

The unsubscribe link in every mail opens a page with a button: a GET never changes
anything, because mail scanners follow links. The POST needs no login and no form token:
the signed token in the address is the proof (and RFC 8058 one-click POSTs carry none).
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from samskapande.extensions import csrf
from samskapande.notifications import services

bp = Blueprint("notifications", __name__)


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
