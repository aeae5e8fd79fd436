"""The staff's list of the rounds they work with (the residents' pages are in `residents`)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from samskapande.rounds import services
from samskapande.rounds.phases import phase_label

bp = Blueprint("rounds", __name__)


@bp.get("/staff/rounds")
@login_required
def staff_overview():
    return render_template(
        "rounds/staff_overview.html", rounds=services.rounds_for_staff(current_user),
        phase_label=phase_label,
    )
