"""The language switch, which every page links to (the start page is in `residents`)."""

from __future__ import annotations

from flask import Blueprint, current_app, make_response, redirect, request

from samskapande.core.i18n import LANGUAGE_COOKIE
from samskapande.core.security import safe_next

bp = Blueprint("core", __name__)


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
