"""The staff's start page: "Att göra" first, then the rounds they work with."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from samskapande.accounts.permissions import is_staff
from samskapande.inbox import services
from samskapande.rounds.phases import phase_label
from samskapande.rounds.services import rounds_for_staff

bp = Blueprint("inbox", __name__)


@bp.app_context_processor
def inject_todo_count():
    """`todo_count()` for the navigation, counted only where a page asks for it."""
    cache = {}

    def todo_count() -> int:
        if "count" not in cache:
            cache["count"] = services.todo_count(current_user) if is_staff(current_user) else 0
        return cache["count"]

    return {"todo_count": todo_count}


@bp.get("/staff")
@login_required
def home():
    sections = services.todo(current_user)
    return render_template("inbox/home.html", sections=sections,
                           count=sum(len(items) for _kind, _heading, items in sections),
                           rounds=rounds_for_staff(current_user), phase_label=phase_label)
