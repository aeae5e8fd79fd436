"""The round an address names by its code, or a 404: one place for every page."""

from __future__ import annotations

from samskapande.core.lookup import found_or_404
from samskapande.rounds.models import Round
from samskapande.rounds.services import find_round


def round_or_404(code: str) -> Round:
    """The round whose code the address carries (any case, with or without dashes)."""
    return found_or_404(find_round(code))
