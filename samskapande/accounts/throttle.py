"""Throttles for residents' codes and joining: slow a script down, never lock a hall out.

Every throttle counts rows of the sign-in attempt table (shared by all server processes,
purged by retention like the staff sign-ins), per *kind* and either per identifier (the
code tried, as a hash: a wrong code is never stored as typed) or per address. Nothing is
ever counted under one shared key, so no one person can pause everyone.

The limits per address are generous on purpose: at a meeting fifty people behind one
router type codes from paper, make typos and join within a minute or two. A script trying
many codes or joining dozens of times a second from one address is still stopped.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from samskapande.accounts.models import SignInAttempt
from samskapande.core.models import utcnow
from samskapande.extensions import db

RESUME = "resume_code"  # a resident's personal code on /resume
JOIN = "join"  # joining a round (every attempt counts, joined or not)
TICKET = "ticket_code"  # a ticket code typed when joining a round in ticket mode
LOOKUP = "lookup_code"  # staff looking a participant up by their personal code


def code_key(code: str) -> str:
    """What the table keeps of a code tried: a hash of its normalised form."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def _count(kind: str, seconds: int, *, identifier: str | None = None,
           ip: str | None = None, failures_only: bool = True) -> int:
    query = select(func.count(SignInAttempt.id)).where(
        SignInAttempt.kind == kind,
        SignInAttempt.created_at >= utcnow() - timedelta(seconds=seconds),
    )
    if failures_only:
        query = query.where(SignInAttempt.succeeded.is_(False))
    if identifier is not None:
        query = query.where(SignInAttempt.identifier == identifier)
    if ip is not None:
        query = query.where(SignInAttempt.ip == ip)
    return db.session.scalar(query) or 0


def _config(name: str) -> int:
    return int(current_app.config[name])


def resume_paused(code: str, ip: str) -> bool:
    """Too many wrong codes lately: this same code (strict), or from this address (generous)."""
    window = _config("LOGIN_WINDOW_SECONDS")
    return (_count(RESUME, window, identifier=code_key(code))
            >= _config("RESUME_MAX_FAILURES_PER_CODE")
            or _count(RESUME, window, ip=ip) >= _config("RESUME_MAX_FAILURES_PER_ADDRESS"))


def join_paused(ip: str) -> bool:
    """Too many joins from this address in the last ten seconds or minute (a script: a hall
    of fifty people joins within a minute or two, never dozens in the same second)."""
    return (_count(JOIN, 10, ip=ip, failures_only=False)
            >= _config("JOIN_MAX_PER_ADDRESS_PER_10_SECONDS")
            or _count(JOIN, 60, ip=ip, failures_only=False)
            >= _config("JOIN_MAX_PER_ADDRESS_PER_MINUTE"))


def ticket_paused(ip: str) -> bool:
    """Too many wrong ticket codes from this address lately."""
    return (_count(TICKET, _config("LOGIN_WINDOW_SECONDS"), ip=ip)
            >= _config("TICKET_MAX_FAILURES_PER_ADDRESS"))


def lookup_paused(ip: str) -> bool:
    """Too many staff lookups by a code that matched no one, from this address lately."""
    return (_count(LOOKUP, _config("LOGIN_WINDOW_SECONDS"), ip=ip)
            >= _config("LOOKUP_MAX_FAILURES_PER_ADDRESS"))


def round_key(round_id: int) -> str:
    """The identifier joins of a round are counted under (its code may change)."""
    return f"round:{round_id}"


def join_bursts(round_id: int, *, within: int = 60, least: int = 15) -> list[tuple]:
    """Spans of time in which at least `least` joins of the round came from one address
    within `within` seconds, as (first, last, joins); the addresses themselves are not
    given out. Reads only what the throttle table keeps, for as long as it keeps it."""
    rows = db.session.execute(
        select(SignInAttempt.ip, SignInAttempt.created_at)
        .where(SignInAttempt.kind == JOIN, SignInAttempt.identifier == round_key(round_id))
        .order_by(SignInAttempt.ip, SignInAttempt.created_at)).all()
    by_address: dict[str, list] = {}
    for ip, at in rows:
        by_address.setdefault(ip, []).append(at)
    bursts = []
    for times in by_address.values():
        start, current = 0, None
        for end, at in enumerate(times):
            while (at - times[start]).total_seconds() > within:
                start += 1
            if end - start + 1 < least:
                continue
            if current is not None and times[start] <= current[1]:
                first = current[0]
            else:
                if current is not None:
                    bursts.append(current)
                first = times[start]
            joins = sum(1 for t in times if first <= t <= at)
            current = (first, at, joins)
        if current is not None:
            bursts.append(current)
    return sorted(bursts)


_PENDING = "samskapande.throttle_notes"


def note(kind: str, ip: str, *, identifier: str = "", succeeded: bool = False) -> None:
    """Count an attempt, kept whatever the request answers (a refusal is a 400 that rolls
    back): it is written once the request's transaction has ended either way, on a
    connection of its own (so it never waits for the request's own writes to end)."""
    db.session().info.setdefault(_PENDING, []).append(
        {"kind": kind, "identifier": identifier, "ip": ip, "succeeded": succeeded,
         "created_at": utcnow()})


def _write_pending(session: Session) -> None:
    rows = session.info.pop(_PENDING, None)
    if rows:
        with session.get_bind().begin() as connection:
            connection.execute(insert(SignInAttempt), rows)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    _write_pending(session)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    if not previous_transaction.nested:
        _write_pending(session)
