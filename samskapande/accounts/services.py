"""Signing staff in and out, and slowing down anyone who guesses."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from samskapande.accounts.models import SignInAttempt, User
from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.core.text import has_control_characters
from samskapande.extensions import db

# One address may fail this many times more than one account, since a library or a
# meeting hall can put many people behind one address.
IP_FACTOR = 4


class TooManyAttempts(Exception):
    """Sign-in is paused for this identifier or address; try again later."""


def load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    return db.session.get(User, int(user_id))


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _recent_failures(kind: str, *, identifier: str | None = None, ip: str | None = None) -> int:
    since = utcnow() - timedelta(seconds=current_app.config["LOGIN_WINDOW_SECONDS"])
    query = select(func.count(SignInAttempt.id)).where(
        SignInAttempt.kind == kind,
        SignInAttempt.succeeded.is_(False),
        SignInAttempt.created_at >= since,
    )
    if identifier is not None:
        query = query.where(SignInAttempt.identifier == identifier)
    if ip is not None:
        query = query.where(SignInAttempt.ip == ip)
    return db.session.scalar(query) or 0


def check_throttle(kind: str, identifier: str, ip: str) -> None:
    """Raise TooManyAttempts when recent failures for this identifier or address are too many."""
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    if _recent_failures(kind, identifier=identifier) >= limit:
        raise TooManyAttempts
    if _recent_failures(kind, ip=ip) >= limit * IP_FACTOR:
        raise TooManyAttempts


def note_attempt(kind: str, identifier: str, ip: str, succeeded: bool) -> None:
    db.session.add(SignInAttempt(kind=kind, identifier=identifier, ip=ip, succeeded=succeeded))


def authenticate(email: str, password: str, ip: str) -> User | None:
    """Return the active user with this e-mail and password, or None; record the attempt.

    Raises TooManyAttempts before checking the password when guessing is under way.
    """
    email = normalise_email(email)
    if has_control_characters(email):
        return None  # no account has such an address (and PostgreSQL refuses NUL in text)
    check_throttle("password", email, ip)
    user = db.session.scalar(select(User).where(User.email == email))
    ok = user is not None and user.active and user.check_password(password)
    note_attempt("password", email, ip, ok)
    if ok:
        user.last_login_at = utcnow()
    db.session.commit()
    return user if ok else None


def change_password(user: User, current: str, new: str) -> bool:
    """Set a new password if `current` is right; the change is audited."""
    if not user.check_password(current):
        return False
    user.set_password(new)
    record("account.password_changed", user, actor=user)
    db.session.commit()
    return True
