"""Who may do what with privacy: admins run the installation, facilitators their areas."""

from __future__ import annotations

from samskapande.accounts.models import Role
from samskapande.accounts.permissions import is_staff
from samskapande.manage.permissions import can_manage_round


def can_edit_privacy_settings(user) -> bool:
    """The data controller's details and texts are the installation's: admins only."""
    return is_staff(user) and user.role == Role.ADMIN


def can_handle_accessibility_reports(user) -> bool:
    return is_staff(user) and user.role == Role.ADMIN


def can_look_up_participants(user) -> bool:
    """May the user use the lookup page at all (admins and facilitators)?"""
    return is_staff(user) and user.role in {Role.ADMIN, Role.FACILITATOR}


def can_handle_participant(user, participant) -> bool:
    """May the user see, export and erase this participant's data on their request?

    Admins always; facilitators only for rounds of the model areas they are assigned to.
    """
    return (participant is not None and can_look_up_participants(user)
            and can_manage_round(user, participant.round))
