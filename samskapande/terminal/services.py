"""The rules of a shared terminal: what marks one, when a visit ends, and what is forgotten.

A library computer is put into terminal mode once with a long-lived cookie that says
nothing about any visitor. In that mode every visit is short-lived: the session records
when it was last used, and a visit left alone for longer than TERMINAL_IDLE_SECONDS is
ended by the server before it answers the next request, whatever the browser does.
"""

from __future__ import annotations

import re
import time

from flask import after_this_request, current_app, g, request, session
from flask_login import logout_user
from flask_wtf.csrf import ValidationError, validate_csrf

from samskapande.core.i18n import LANGUAGE_COOKIE
from samskapande.core.identity import forget_identity, identity

COOKIE = "terminal"
COOKIE_MAX_AGE = 5 * 365 * 24 * 3600  # set once by the librarian; outlives browser restarts
SEEN_KEY = "terminal_seen"  # in the session: when this visit last did anything (epoch seconds)
DEFAULT_IDLE_SECONDS = 180


def idle_seconds() -> int:
    return int(current_app.config.get("TERMINAL_IDLE_SECONDS", DEFAULT_IDLE_SECONDS))


def warning_seconds() -> int:
    """How long before the reset the page warns, for browsers that run JavaScript."""
    return max(5, min(30, idle_seconds() // 3))


def is_terminal() -> bool:
    """Whether this browser is a shared terminal (or is being made one by this request)."""
    if "terminal_mode" in g:
        return g.terminal_mode
    return request.cookies.get(COOKIE) == "1"


def has_visit() -> bool:
    """Whether the session holds anything of a person: a participation or a staff login."""
    return identity().is_anyone


def visit_expired(now: float | None = None) -> bool:
    """Whether the visit in this session was left alone longer than the terminal allows."""
    seen = session.get(SEEN_KEY)
    if not isinstance(seen, (int, float)):
        return False
    return (now if now is not None else time.time()) - seen > idle_seconds()


def note_activity(now: float | None = None) -> None:
    session[SEEN_KEY] = int(now if now is not None else time.time())


def end_visit() -> None:
    """Forget everything about the person using this browser: participations, staff login,
    messages not yet shown, and their language choice. Terminal mode itself stays."""
    logout_user()  # also marks a remember-me cookie, if any, for deletion
    remember = session.get("_remember")
    forget_identity()
    session.clear()
    if remember:
        session["_remember"] = remember
    if LANGUAGE_COOKIE in request.cookies:
        @after_this_request
        def forget_language(response):
            response.delete_cookie(LANGUAGE_COOKIE, samesite="Lax", httponly=True,
                                   secure=current_app.config["SESSION_COOKIE_SECURE"])
            return response


# Posts that carry no form token of a visit: ending one (terminal.*), and the link of an
# unsubscribe mail (its token is in the address and nothing typed is shown back).
POSTS_WITHOUT_VISIT = ("terminal.", "notifications.unsubscribe_confirm")


def posted_in_this_visit() -> bool:
    """Whether this POST was sent from a page of the visit now in the session.

    Every form carries the CSRF token of the session it was rendered in, and ending a
    visit clears the session (and so its token): a form the previous person left in the
    browser's history, sent again by a reload, no longer matches. JavaScript sends the
    token in the X-CSRFToken header.
    """
    if (request.endpoint or "").startswith(POSTS_WITHOUT_VISIT):
        return True
    token = (request.form.get(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
             or request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token"))
    try:
        validate_csrf(token)
    except ValidationError:
        return False
    return True


# Attribute values in our pages are escaped (no raw quote or ">"), so a tag ends at the
# first ">" and these patterns cannot be fooled by text that a visitor typed.
_FORM_WITHOUT_AUTOCOMPLETE = re.compile(r"<form\b(?![^>]*\sautocomplete=)", re.IGNORECASE)
_FIELD_AUTOCOMPLETE = re.compile(
    r'(<(?:input|textarea|select)\b[^>]*\sautocomplete=")[^"]*(")', re.IGNORECASE
)


def forget_autofill(html: str) -> str:
    """Turn the browser's form memory off on every form and field of a page."""
    html = _FORM_WITHOUT_AUTOCOMPLETE.sub('<form autocomplete="off"', html)
    return _FIELD_AUTOCOMPLETE.sub(r"\1off\2", html)
