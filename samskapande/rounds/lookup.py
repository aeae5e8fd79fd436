"""The round an address names by its code, or a 404: one place for every page.

A round in preparation is seen by its staff only: to everyone else its code names no
round at all (the same 404 as an unknown code, so a draft's code cannot be confirmed).
"""

from __future__ import annotations

from flask_login import current_user

from samskapande.accounts.permissions import can_manage_round
from samskapande.core.lookup import found_or_404
from samskapande.rounds.models import Round
from samskapande.rounds.phases import is_public
from samskapande.rounds.services import find_round


def visible_round(code: str) -> Round | None:
    """The round with this code, if the person asking may see it (a draft: its staff only)."""
    round_ = find_round(code)
    if round_ is None or is_public(round_) or can_manage_round(current_user, round_):
        return round_
    return None


def round_or_404(code: str) -> Round:
    """The round whose code the address carries (any case, with or without dashes)."""
    return found_or_404(visible_round(code))
