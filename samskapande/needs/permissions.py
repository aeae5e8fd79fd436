"""Who may do what with a need: its author while it can change, the round's facilitators.

One rule decides whether the author may still change a need (edit it or withdraw it); the
views ask it to decide what to show, and the services ask it before they change anything.
"""

from __future__ import annotations

from samskapande.accounts.permissions import can_manage_round
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.phases import can_change_own_need

# What became of these needs is final: their authors change them no more.
SETTLED = frozenset({NeedStatus.MERGED, NeedStatus.MERGED_HIDDEN, NeedStatus.WITHDRAWN})


def is_author(participant, need: Need) -> bool:
    return participant is not None and need.participant_id == participant.id


def still_changeable(need: Need) -> bool:
    """The round still lets authors change needs, and this one is not merged or withdrawn."""
    return can_change_own_need(need.round) and need.status not in SETTLED


def author_may_change(participant, need: Need) -> bool:
    """May this participant still edit or withdraw the need? (One rule for both.)"""
    return is_author(participant, need) and still_changeable(need)


def can_moderate_need(user, need: Need) -> bool:
    """May the user approve, hide or merge this need? The round's facilitators and admins."""
    return can_manage_round(user, need.round)
