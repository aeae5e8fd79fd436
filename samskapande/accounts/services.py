"""Signing staff in and out, and slowing down anyone who guesses.

The caller owns the transaction (these functions flush, never commit). A failed sign-in
is recorded too: the login page answers it with 200, so the attempt is kept and counts.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from sqlalchemy import func, select, update

from samskapande.accounts.models import Invitation, SignInAttempt, User
from samskapande.audit.services import record
from samskapande.core.models import utcnow
from samskapande.core.refusals import Refusal
from samskapande.core.text import has_control_characters
from samskapande.extensions import db

# One address may fail this many times more than one account, since a library or a
# meeting hall can put many people behind one address.
IP_FACTOR = 4


class TooManyAttempts(Refusal):
    """Sign-in is paused for this identifier or address; try again later."""


class AccountRefusal(Refusal):
    """An account may not be changed this way, or by this person."""


PAUSED = _l("Too many failed attempts. Wait 15 minutes and try again.")


# The account's session generation when this session was opened (see User.session_generation).
GENERATION_KEY = "_staff_generation"


def load_user(user_id: str) -> User | None:
    """The signed-in user of a session, or None once the session has been ended.

    A session ends when the account is deactivated (Flask-Login's login_required does
    not look at is_active) or when its generation is older than the account's: after a
    logout, a password change, "log out everywhere" or an admin's new link, a copy of
    the cookie is worth nothing. Open sessions (and sockets) become anonymous at their
    next request or event here.
    """
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active:
        return None
    return user if session.get(GENERATION_KEY) == user.session_generation else None


def start_session(user: User) -> None:
    """Sign `user` in on this browser, with the account's current session generation."""
    login_user(user)
    session[GENERATION_KEY] = user.session_generation


def end_sessions(user: User) -> None:
    """End every open session of `user` (this one too, unless it is started again)."""
    user.session_generation = User.session_generation + 1  # in SQL: two bumps never merge
    db.session.flush()


def log_out(user: User, *, everywhere: bool = False) -> None:
    """End this browser's session; the account's other sessions end too.

    Logging out raises the generation, so a copy of this cookie (taken before) stops
    working as well; `everywhere` only changes what is audited.
    """
    end_sessions(user)
    if everywhere:
        record("account.logged_out_everywhere", user, actor=user)
    logout_user()
    session.pop(GENERATION_KEY, None)


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
        raise TooManyAttempts(PAUSED)
    if _recent_failures(kind, ip=ip) >= limit * IP_FACTOR:
        raise TooManyAttempts(PAUSED)


def check_password_throttle(email: str, ip: str) -> None:
    """Raise TooManyAttempts when this address may not try this account's password now.

    No stranger can lock an account: failures count per account *and* address, so the
    right password from an address without recent failures for the account passes
    however many failures come from elsewhere. Guessing stays slow: an address gets
    LOGIN_MAX_FAILURES tries per account, only one once the account has that many
    failures from anywhere (an attack from many addresses), and IP_FACTOR times as many
    over all accounts.
    """
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    here = _recent_failures("password", identifier=email, ip=ip)
    if here >= limit:
        raise TooManyAttempts(PAUSED)
    if here and _recent_failures("password", identifier=email) >= limit:
        raise TooManyAttempts(PAUSED)
    if _recent_failures("password", ip=ip) >= limit * IP_FACTOR:
        raise TooManyAttempts(PAUSED)


def note_attempt(kind: str, identifier: str, ip: str, succeeded: bool) -> None:
    db.session.add(SignInAttempt(kind=kind, identifier=identifier, ip=ip, succeeded=succeeded))


def authenticate(email: str, password: str, ip: str) -> User | None:
    """Return the active user with this e-mail and password, or None; record the attempt.

    Raises TooManyAttempts before checking the password when guessing is under way.
    """
    email = normalise_email(email)
    if has_control_characters(email):
        return None  # no account has such an address (and PostgreSQL refuses NUL in text)
    check_password_throttle(email, ip)
    user = db.session.scalar(select(User).where(User.email == email))
    ok = user is not None and user.active and user.check_password(password)
    note_attempt("password", email, ip, ok)
    if ok:
        user.last_login_at = utcnow()
    db.session.flush()
    return user if ok else None


def change_password(user: User, current: str, new: str) -> bool:
    """Set a new password if `current` is right; the change is audited."""
    if not user.check_password(current):
        return False
    user.set_password(new)
    record("account.password_changed", user, actor=user)
    end_sessions(user)  # every other session ends; the caller may start this one again
    return True


MAIL_KINDS = ("signature_requested", "signature_cleared", "question_directed", "reminders")


def set_mail_preferences(user: User, actor, **wanted: bool) -> bool:
    """Which hand-off mails the account gets (each kind of MAIL_KINDS on or off).

    Only the account's own holder chooses; returns False when nothing changed.
    """
    if actor is None or getattr(actor, "id", None) != user.id or not user.active:
        raise AccountRefusal(_l("Only you can choose the e-mail your account gets."))
    if set(wanted) - set(MAIL_KINDS):
        raise ValueError(f"unknown kinds of mail: {sorted(set(wanted) - set(MAIL_KINDS))}")
    before = {kind: getattr(user, f"mail_{kind}") for kind in MAIL_KINDS}
    for kind, value in wanted.items():
        setattr(user, f"mail_{kind}", bool(value))
    after = {kind: getattr(user, f"mail_{kind}") for kind in MAIL_KINDS}
    if after == before:
        return False
    record("account.mail_settings_changed", user, actor=actor, **after)
    db.session.flush()
    return True


# -- invitations: a single-use link to set one's name and password --------------------------

def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def invite(user: User, actor: User, *, purpose: str = "invite") -> str:
    """Make a new invitation link token for `user`; older unused ones stop working.

    The token itself is returned once (for the admin to pass on) and never stored.
    A reset (purpose "reset") keeps the current password until the link is used.
    """
    now = utcnow()
    db.session.execute(
        update(Invitation)
        .where(Invitation.user_id == user.id, Invitation.used_at.is_(None),
               Invitation.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    token = secrets.token_urlsafe(32)
    days = current_app.config["INVITATION_VALID_DAYS"]
    invitation = Invitation(user_id=user.id, created_by_id=actor.id, token_hash=_token_hash(token),
                            purpose=purpose, expires_at=now + timedelta(days=days))
    db.session.add(invitation)
    db.session.flush()
    record("account.invited" if purpose == "invite" else "account.reset_link_created", user,
           actor=actor, invitation=invitation.id, valid_days=days)
    return token


def find_invitation(token: str) -> Invitation | None:
    """The usable invitation with this token: not used, not revoked, not expired, active account."""
    if not token or len(token) > 100 or has_control_characters(token):
        return None
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == _token_hash(token))
    )
    if (invitation is None or invitation.used_at is not None
            or invitation.revoked_at is not None or invitation.expires_at <= utcnow()
            or not invitation.user.active):
        return None
    return invitation


def accept_invitation(invitation: Invitation, name: str, password: str) -> User | None:
    """Set the name and password and use the link up; None if it was used meanwhile.

    The caller checked the link with find_invitation; the conditional update makes
    a double submit (or two tabs) use it only once.
    """
    used = db.session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None),
               Invitation.revoked_at.is_(None))
        .values(used_at=utcnow())
    )
    if used.rowcount != 1:  # used meanwhile: this update changed nothing
        return None
    user = invitation.user
    user.name = name
    user.set_password(password)
    record("account.invitation_accepted", user, actor=user, invitation=invitation.id,
           purpose=invitation.purpose)
    end_sessions(user)  # a new password ends the sessions opened with the old one
    return user
