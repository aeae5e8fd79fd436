"""Supporting needs and giving dots.

Plain forms redirect back with a message. With `Accept: application/json` (the page's
JavaScript) the answer is JSON instead:
`{"need_id", "my_dots", "support" (null while results are hidden), "dots_left" (null in
support mode), "message"}` with status 200, or 409 with the reason a vote was refused.
"""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from samskapande.core.lookup import get_or_404
from samskapande.core.security import safe_next
from samskapande.needs.models import Need
from samskapande.rounds.lookup import round_or_404
from samskapande.rounds.models import Round, VotingMode
from samskapande.rounds.phases import results_visible
from samskapande.rounds.services import current_participant
from samskapande.voting import services
from samskapande.voting.services import VoteError, VoteResult

bp = Blueprint("voting", __name__)


def wants_json() -> bool:
    return request.accept_mimetypes.best_match(
        ["text/html", "application/json"]) == "application/json"


def result_message(round_: Round, result: VoteResult) -> str:
    if round_.voting_mode == VotingMode.DOTS:
        return ngettext("You have %(num)d dot on this need.",
                        "You have %(num)d dots on this need.", result.my_dots) + " " + \
            ngettext("%(num)d dot left.", "%(num)d dots left.", result.dots_left or 0)
    if result.my_dots:
        return _("You support this need.")
    return _("You no longer support this need.")


def _vote(code: str, need_id: int, action):
    round_ = round_or_404(code)
    need = get_or_404(Need, need_id, round_id=round_.id)
    back = safe_next(request.form.get("next"),
                     url_for("needs.list_view", code=round_.code))
    participant = current_participant(round_)
    if participant is None:
        message = _("Join the round or continue with your personal code first.")
        if wants_json():
            return jsonify(need_id=need_id, message=message), 403
        flash(message, "info")
        return redirect(url_for("residents.round_page", code=round_.code, _anchor="join-heading"))
    try:
        result = action(need, participant)
    except VoteError as error:  # refused before anything changed; a 409 keeps nothing
        if wants_json():
            return jsonify(need_id=need_id, message=str(error.message)), 409
        flash(str(error.message), "error")
        return redirect(back)
    message = result_message(round_, result)
    if wants_json():
        return jsonify(
            need_id=result.need_id, my_dots=result.my_dots,
            support=result.support if results_visible(round_) else None,
            dots_left=result.dots_left, message=message,
        )
    flash(message, "success")
    return redirect(back)


@bp.post("/r/<code>/needs/<int:need_id>/support")
def support(code: str, need_id: int):
    # The button sends support=1 or 0: the state it asks for (sent twice, still that state).
    wanted = {"1": True, "0": False}.get(request.form.get("support", ""))
    return _vote(code, need_id,
                 lambda need, participant: services.set_support(need, participant, wanted))


@bp.post("/r/<code>/needs/<int:need_id>/dots/add")
def add_dot(code: str, need_id: int):
    return _vote(code, need_id, services.add_dot)


@bp.post("/r/<code>/needs/<int:need_id>/dots/remove")
def remove_dot(code: str, need_id: int):
    return _vote(code, need_id, services.remove_dot)
