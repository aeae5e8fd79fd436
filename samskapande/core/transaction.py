"""One action, one transaction: the caller commits, services only flush.

A request, a socket event, a command and a background job are each one unit of work.
Services change the session and `flush()` (so that a conflict or a missing row shows
where it happens); the boundary commits once at the end, or rolls everything back when
the action fails. Two services called together therefore commit or fail together, and an
audit row or a queued mail is stored with the change it belongs to, or not at all.

The boundaries:
- HTTP: `init_transactions` commits after every request answered below 400 and rolls
  back every other (an error page keeps nothing of what the request did);
- Socket.IO: the handler frame (live.sockets.handler, live.connect) uses `unit_of_work`;
- commands and background threads: `unit_of_work()` around their work.

Work that must wait for the commit (sending mail, emitting live events) registers itself
with `after_commit` and is dropped when the transaction rolls back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask
from sqlalchemy import event
from sqlalchemy.orm import Session

from samskapande.extensions import db

log = logging.getLogger(__name__)

_CALLBACKS = "samskapande.after_commit"


@contextmanager
def unit_of_work(*, rehearsal: bool = False) -> Iterator[Session]:
    """Commit what the block did when it ends normally; roll back when it raises.

    A `rehearsal` (a command's --dry-run) does all the work and then rolls it back, so
    what it reports is exactly what the real run would do.
    """
    session = db.session()
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    if rehearsal:
        session.rollback()
    else:
        session.commit()


def commit_request(response):
    """End an HTTP request's unit of work: keep it on success, forget it on an error page."""
    if response.status_code >= 400:
        db.session.rollback()
    else:
        db.session.commit()
    return response


def init_transactions(app: Flask) -> None:
    # Registered first, so it runs last among the after_request functions: the response
    # is complete when the transaction ends. A commit that fails raises, and Flask answers
    # with the error page (whose own pass through here rolls back).
    app.after_request_funcs.setdefault(None, []).insert(0, commit_request)


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the current transaction has committed; never if it rolls back."""
    db.session().info.setdefault(_CALLBACKS, []).append(callback)


@event.listens_for(Session, "after_commit")
def _run_after_commit(session: Session) -> None:
    for callback in session.info.pop(_CALLBACKS, None) or ():
        try:
            callback()
        except Exception:  # the change is committed; what follows it must not undo that
            log.exception("after-commit work %r failed", callback)


@event.listens_for(Session, "after_soft_rollback")
def _drop_after_rollback(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(_CALLBACKS, None)
