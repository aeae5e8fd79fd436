"""The start page, where a resident types the round's code, and the language switch."""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, redirect, render_template, request
from sqlalchemy import select

from samskapande.core.i18n import LANGUAGE_COOKIE
from samskapande.core.security import safe_next
from samskapande.extensions import db
from samskapande.rounds.forms import CodeForm
from samskapande.rounds.models import Round
from samskapande.rounds.phases import public_rounds_condition

bp = Blueprint("core", __name__)


@bp.get("/")
def index():
    rounds = db.session.scalars(
        select(Round).where(public_rounds_condition()).order_by(Round.created_at.desc())
    ).all()
    return render_template("core/index.html", form=CodeForm(request.args), rounds=rounds)


@bp.get("/language/<code>")
def set_language(code: str):
    """Remember the chosen language in a cookie and go back to the page the visitor was on."""
    target = safe_next(request.args.get("next"))
    response = make_response(redirect(target))
    if code in current_app.config["LANGUAGES"]:
        response.set_cookie(
            LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True,
        )
    return response
