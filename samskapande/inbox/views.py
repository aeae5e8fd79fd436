"""The staff's start page: "Att göra" first, then the rounds they work with."""

from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_login import current_user, login_required

from samskapande.accounts.permissions import is_staff
from samskapande.inbox import services
from samskapande.rounds.phases import phase_label
from samskapande.rounds.services import rounds_for_staff

bp = Blueprint("inbox", __name__)


@bp.app_context_processor
def inject_todo_count():
    """`todo_count()` for the navigation, counted only where a page asks for it (the
    start page has counted its list already: it leaves the number in `g`)."""

    def todo_count() -> int:
        if "todo_count" not in g:
            g.todo_count = services.todo_count(current_user) if is_staff(current_user) else 0
        return g.todo_count

    return {"todo_count": todo_count}


@bp.get("/staff")
@login_required
def home():
    sections = services.todo(current_user)
    g.todo_count = sum(len(items) for _kind, _heading, items in sections)
    return render_template("inbox/home.html", sections=sections, count=g.todo_count,
                           rounds=rounds_for_staff(current_user), phase_label=phase_label)
