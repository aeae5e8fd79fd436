"""Readable names for the recorded actions (the stored action stays a stable code)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTION_LABELS = {
    "account.created": _l("Account created"),
    "account.invited": _l("Invitation link made"),
    "account.reset_link_created": _l("Password reset link made"),
    "account.invitation_accepted": _l("Invitation accepted, password set"),
    "account.password_changed": _l("Password changed"),
    "account.updated": _l("Account changed"),
    "account.deactivated": _l("Account deactivated"),
    "account.reactivated": _l("Account reactivated"),
    "account.logged_out_everywhere": _l("Logged out everywhere"),
    "audit.exported": _l("Audit log exported"),
    "goal.adopted": _l("Goal adopted"),
    "goal.created": _l("Goal added"),
    "goal.moved": _l("Goal moved"),
    "goal.proposed": _l("Goal proposed"),
    "goal.rejected": _l("Proposed goal rejected"),
    "goal.updated": _l("Goal changed"),
    "model_area.created": _l("Model area created"),
    "model_area.updated": _l("Model area changed"),
    "need.approved": _l("Need approved"),
    "need.from_question": _l("Need made from a meeting question"),
    "need.hidden": _l("Need hidden"),
    "need.in_scope": _l("Need back in scope"),
    "need.merged": _l("Need merged"),
    "need.out_of_scope": _l("Need out of scope"),
    "organisation.created": _l("Organisation created"),
    "organisation.updated": _l("Organisation changed"),
    "participant.erased": _l("Participation erased"),
    "participant.exported": _l("A participant's data exported"),
    "participant.erased_by_staff": _l("A participant's data erased on request"),
    "privacy.settings_updated": _l("Privacy settings changed"),
    "retention.purged": _l("Data deleted after its retention time"),
    "accessibility.report_received": _l("Accessibility problem reported"),
    "accessibility.report_handled": _l("Accessibility report handled"),
    "round.created": _l("Round created"),
    "round.exported": _l("Data exported"),
    "round.phase_changed": _l("Phase changed"),
    "round.tickets_created": _l("Tickets printed"),
    "round.updated": _l("Round settings changed"),
    "round.voting_closed": _l("Voting closed"),
    "round.voting_opened": _l("Voting opened"),
    "theme.accepted": _l("Theme accepted"),
    "theme.created": _l("Theme created"),
    "theme.deleted": _l("Theme deleted"),
    "theme.goal_linked": _l("Theme linked to a goal"),
    "theme.goal_unlinked": _l("Theme unlinked from a goal"),
    "theme.merged": _l("Themes merged"),
    "theme.need_moved": _l("Need moved to another theme"),
    "theme.renamed": _l("Theme renamed"),
    "theme.split": _l("Theme split"),
    "theme.unaccepted": _l("Theme no longer accepted"),
    "themes.published": _l("Themes published"),
    "themes.suggested": _l("Themes suggested"),
    "themes.unpublished": _l("Themes unpublished"),
}


def action_label(action: str) -> str:
    """The readable name, or the code itself for actions added later without one."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
