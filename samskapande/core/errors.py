"""Error pages in the visitor's language, for people who reach a dead end."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

ERRORS = {
    400: (_l("Something in the request was wrong"),
          _l("The page could not handle what was sent. Go back and try again.")),
    403: (_l("You do not have access to this page"),
          _l("This page is for other roles. If you think you should have access, "
             "ask the facilitator of the round.")),
    404: (_l("We could not find the page"),
          _l("The address may be mistyped, or the page may have been removed.")),
    405: (_l("That does not work here"),
          _l("The page cannot be used in that way. Go back and try again.")),
    413: (_l("What you sent was too large"),
          _l("Shorten the text and try again.")),
    429: (_l("Too many attempts"),
          _l("Wait a few minutes and try again. This protects accounts from guessing.")),
    500: (_l("Something went wrong on our side"),
          _l("Nothing you did caused this. Try again in a moment; if it keeps happening, "
             "tell the facilitator of the round.")),
}


def render_error(code: int, detail: str | None = None):
    title, explanation = ERRORS.get(code, ERRORS[500])
    return render_template(
        "errors/error.html", code=code, title=title, explanation=detail or explanation
    ), code


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error):
        return render_error(
            400,
            _l("The form had expired or was opened in another tab. Go back, reload the page "
               "and send it again."),
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code in ERRORS:
            return render_error(error.code)
        return error

    @app.errorhandler(InternalServerError)
    def server_error(_error):
        return render_error(500)
