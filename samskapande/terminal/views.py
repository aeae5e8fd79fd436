"""Starting and ending visits on a shared terminal.

`/terminal` makes this browser a shared terminal; every page then has a "Done" button
that ends the visit, and the hooks below end a visit left alone too long before any
other code sees its session.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _

from samskapande.core.security import safe_next
from samskapande.extensions import csrf
from samskapande.terminal import services

bp = Blueprint("terminal", __name__)


@bp.before_app_request
def end_idle_visit():
    """In terminal mode, end a visit left alone too long, refuse a form of an ended visit,
    then note this request's activity."""
    if not services.is_terminal() or request.endpoint == "static":
        return None
    if services.visit_expired():
        had_visit = services.has_visit()
        services.end_visit()
        services.note_activity()
        if request.endpoint == "terminal.alive":
            return jsonify(ended=True)
        if had_visit and not (request.endpoint or "").startswith("terminal."):
            # Never act on a form the previous person left, and say why the page changed.
            target = request.full_path if request.query_string else request.path
            nxt = target if request.method in {"GET", "HEAD"} else None
            return redirect(url_for("terminal.ended", reason="idle", next=nxt), 303)
    if request.method == "POST" and not services.posted_in_this_visit():
        # A form of an ended visit (the browser's back and reload): never act on it, never
        # render it back with the previous person's values.
        flash(_("That page was from an earlier visit on this computer, so nothing was "
                "sent. Start again here."), "info")
        return redirect(url_for("residents.index"), 303)
    services.note_activity()
    return None


@bp.after_app_request
def no_autofill_on_terminals(response):
    if (services.is_terminal() and response.mimetype == "text/html"
            and not response.direct_passthrough and not response.is_streamed):
        response.set_data(services.forget_autofill(response.get_data(as_text=True)))
    return response


@bp.app_context_processor
def terminal_context():
    if not has_request_context() or not services.is_terminal():
        return {"terminal_mode": False}
    return {
        "terminal_mode": True,
        "terminal_idle_seconds": services.idle_seconds(),
        "terminal_idle_minutes": max(1, round(services.idle_seconds() / 60)),
        "terminal_warning_seconds": services.warning_seconds(),
    }


@bp.get("/terminal")
def start():
    """Opened once by the librarian (or set as the browser's home page): terminal mode on,
    and a clean start for whoever comes next."""
    services.end_visit()
    g.terminal_mode = True
    response = current_app.make_response(render_template("terminal/start.html"))
    response.set_cookie(
        services.COOKIE, "1", max_age=services.COOKIE_MAX_AGE, samesite="Lax", httponly=True,
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response


# Ending a visit must work even from a page whose form has gone stale (its session may
# already be gone), so it takes no CSRF token: another site's POST carries no session
# cookie (SameSite=Lax) and so could end nothing anyway.
@bp.post("/terminal/end")
@csrf.exempt
def end():
    services.end_visit()
    return redirect(url_for("terminal.ended", reason="done"), 303)


@bp.get("/terminal/ended")
def ended():
    """The start screen for the next person: thanks, and everything is cleared."""
    if not services.is_terminal():
        return redirect(url_for("residents.index"))
    reason = "idle" if request.args.get("reason") == "idle" else "done"
    start_url = safe_next(request.args.get("next"), url_for("residents.index"))
    if reason == "idle":
        # Reached by the page's own timer (a refresh without JavaScript, or the script's
        # countdown) when nobody touched it, so the visit ends here even if the server
        # has not yet counted it as idle. The next person gets the default language.
        services.end_visit()
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return render_template("terminal/ended.html", reason=reason, start_url=start_url)
    return render_template("terminal/ended.html", reason=reason, start_url=start_url)


@bp.get("/terminal/alive")
def alive():
    """The countdown script's "I am still here": the request itself counts as activity."""
    return jsonify(ended=False, idle_seconds=services.idle_seconds())


@bp.route("/terminal/off", methods=["GET", "POST"])
def off():
    """Library staff take the computer out of terminal mode (a page not linked for visitors)."""
    if request.method == "POST":
        # The CSRF check has passed (this form is not exempt): end the visit and the mode.
        services.end_visit()
        g.terminal_mode = False
        flash(_("This browser is no longer a shared terminal."), "success")
        response = redirect(url_for("residents.index"), 303)
        response.delete_cookie(services.COOKIE, samesite="Lax", httponly=True,
                               secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response
    return render_template("terminal/off.html")
