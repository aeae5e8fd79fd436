"""No second response by mistake: one response per subject and organisation.

The rule (decision)
-------------------
A theme, or one need, is answered by each organisation once. An organisation that is
named in a response to a subject — a draft, a published response, or one with a change
awaiting signatures — answers that subject through that response: it continues the draft,
signs it, or proposes a change of the published text (which becomes its next version).
Writing a new response to the same subject that names an organisation already named
there is refused; a politician who opens "Write a response" is taken to the response that
already speaks for their organisation instead, which is what they mean to do (a joint
draft waiting for their signature is the usual case).
Organisations not named in any response of the subject answer it on their own or jointly
as they choose, so a theme may carry responses of separate organisations, never two
voices of one. A response to one need is a different subject from its theme's.

Two politicians drafting at the same moment cannot both pass the check: the subject's row
(theme or need) is locked before the existing responses are read, so the second waits for
the first's commit and then sees its draft (see `lock_subject`).
"""

from __future__ import annotations

from sqlalchemy import select, update

from samskapande.extensions import db
from samskapande.needs.models import Need
from samskapande.responses.models import Response, ResponseOrganisation
from samskapande.themes.models import Theme


def lock_subject(theme: Theme | None, need: Need | None) -> None:
    """Take the write lock of the theme's (or need's) row until the commit.

    A no-op UPDATE locks the row on PostgreSQL and takes the database's write lock on
    SQLite; what is read afterwards includes every response committed before.
    """
    if theme is not None:
        table = Theme.__table__
        statement = update(table).where(table.c.id == theme.id).values(
            position=table.c.position)
    else:
        table = Need.__table__
        statement = update(table).where(table.c.id == need.id).values(
            round_id=table.c.round_id)
    db.session.flush()
    db.session.execute(statement)


def _of_subject(theme: Theme | None, need: Need | None):
    if theme is not None:
        return Response.theme_id == theme.id
    return Response.need_id == need.id


def responses_naming(organisation_ids, *, theme: Theme | None = None,
                     need: Need | None = None) -> list[Response]:
    """The responses to the subject that name any of these organisations, oldest first."""
    ids = set(organisation_ids)
    if not ids:
        return []
    return list(db.session.scalars(
        select(Response).where(_of_subject(theme, need), Response.id.in_(
            select(ResponseOrganisation.response_id).where(
                ResponseOrganisation.organisation_id.in_(ids))))
        .order_by(Response.id)))


def response_of(organisation_id: int | None, *, theme: Theme | None = None,
                need: Need | None = None) -> Response | None:
    """The response that speaks for the organisation on this subject, if there is one."""
    if organisation_id is None:
        return None
    found = responses_naming({organisation_id}, theme=theme, need=need)
    return found[0] if found else None
