"""Who may curate a round's themes, and the refusals of the theme services.

Kept apart from the services so that both services.py and curation.py can refuse in the
same words without importing each other.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from samskapande.core.refusals import Refusal
from samskapande.extensions import db
from samskapande.manage.permissions import can_manage_round
from samskapande.rounds.models import Round


class ThemeError(Refusal):
    """A theme operation that is not carried out, with the sentence that says why."""


class ThemeForbidden(ThemeError):
    """The actor may not curate this round's themes (views answer 403)."""


def require_manager(actor, round_: Round) -> None:
    """Refuse, before anything changes, an actor who may not run the round."""
    if not can_manage_round(actor, round_):
        raise ThemeForbidden(_l("You do not have access to this page"))


def round_of(obj) -> Round:
    return db.session.get(Round, obj.round_id)
