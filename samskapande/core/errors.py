"""Error pages in the visitor's language, for people who reach a dead end."""

from __future__ import annotations

import logging

from flask import Flask, g, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from samskapande.core.refusals import Refusal
from samskapande.extensions import login_manager

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30

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
    503: (_l("The service is unavailable right now"),
          _l("We cannot reach the database right now, so nothing was saved. Please try "
             "again in a moment.")),
}


def render_error(code: int, detail: str | None = None):
    title, explanation = ERRORS.get(code, ERRORS[500])
    return render_template(
        "errors/error.html", code=code, title=title, explanation=detail or explanation
    ), code


def is_outage(error: BaseException | None) -> bool:
    """Whether a database error means the database cannot be reached (down, restarting,
    the connection cut), rather than a mistake in what was asked."""
    return isinstance(error, DBAPIError) and (
        isinstance(error, OperationalError) or error.connection_invalidated)


def render_outage():
    """The 503 page, rendered without asking the database anything: the visitor is shown
    as nobody in particular (the user loader would query the database that just failed).
    The transaction is rolled back by core.transaction, as after every error page."""
    g._login_user = login_manager.anonymous_user()
    body, code = render_error(503)
    return body, code, {"Retry-After": str(RETRY_AFTER_SECONDS)}


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

    @app.errorhandler(Refusal)
    def refusal(error: Refusal):
        # A view that did not expect this refusal: the person still reads why, not a 500.
        return render_error(400, str(error.message))

    @app.errorhandler(OverflowError)
    def number_beyond_the_database(_error: OverflowError):
        # A number from an address or a form larger than any id (SQLite's driver refuses
        # it): it names nothing, as an unknown id does.
        return render_error(404)

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        if isinstance(error, DataError):  # e.g. a number beyond an int column (PostgreSQL)
            return render_error(400)
        if is_outage(error):
            log.warning("database unreachable, answered 503: %s", error.orig)
            return render_outage()
        app.log_exception((type(error), error, error.__traceback__))
        return render_error(500)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        # A commit that fails at the end of the request arrives here, not above.
        if is_outage(getattr(error, "original_exception", None)):
            log.warning("database unreachable, answered 503: %s", error.original_exception)
            return render_outage()
        return render_error(500)
