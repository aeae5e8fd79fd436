"""Readable names for the recorded actions and their details (what is stored stays a code).

tests/audit/test_labels.py finds every action recorded anywhere and fails when one has
no label here, or a label has no Swedish, English or Finnish translation.
"""

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
    "account.mail_settings_changed": _l("E-mail settings changed"),
    "audit.exported": _l("Audit log exported"),
    "commitment.added": _l("Commitment added"),
    "commitment.owner_changed": _l("Responsible role of a commitment changed"),
    "commitment.removed": _l("Commitment removed"),
    "commitment.status_changed": _l("Commitment status changed"),
    "commitment.update_posted": _l("Progress on a commitment reported"),
    "mandate.drafted": _l("Frame for a round written"),
    "mandate.edited": _l("Frame for a round changed"),
    "mandate.published": _l("Frame for a round published"),
    "mandate.signed": _l("Frame for a round signed"),
    "meeting.close_chat": _l("Meeting chat closed"),
    "meeting.create": _l("Meeting created"),
    "meeting.moderation": _l("Meeting moderation changed"),
    "meeting.open_chat": _l("Meeting chat opened"),
    "meeting.slow_mode": _l("Slow mode in the meeting changed"),
    "message.answer": _l("Question answered in writing"),
    "message.approve": _l("Meeting post approved"),
    "message.hide": _l("Meeting post hidden"),
    "message.mark_answered": _l("Question marked as answered"),
    "message.pin": _l("Meeting post pinned"),
    "message.spotlight": _l("Meeting post shown on the big screen"),
    "message.unpin": _l("Meeting post no longer pinned"),
    "message.unspotlight": _l("Meeting post taken off the big screen"),
    "participant.mute": _l("Participant muted in a meeting"),
    "participant.unmute": _l("Participant may write in a meeting again"),
    "poll.close": _l("Quick poll closed"),
    "poll.create": _l("Quick poll created"),
    "poll.open": _l("Quick poll opened"),
    "response.change_discarded": _l("Proposed change to a response discarded"),
    "response.change_proposed": _l("Change to a published response proposed"),
    "response.drafted": _l("Response drafted"),
    "response.edited": _l("Response edited"),
    "response.published": _l("Response published"),
    "response.signed": _l("Response signed"),
    "response.version_published": _l("New version of a response published"),
    "goal.adopted": _l("Goal adopted"),
    "goal.created": _l("Goal added"),
    "goal.moved": _l("Goal moved"),
    "goal.proposed": _l("Goal proposed"),
    "goal.rejected": _l("Proposed goal rejected"),
    "goal.updated": _l("Goal changed"),
    "meeting.update": _l("Meeting changed"),
    "model_area.created": _l("Model area created"),
    "model_area.updated": _l("Model area changed"),
    "need.approved": _l("Need approved"),
    "need.from_question": _l("Need made from a meeting question"),
    "need.hidden": _l("Need hidden"),
    "need.in_scope": _l("Need back in scope"),
    "need.merged": _l("Need merged"),
    "need.referral_withdrawn": _l("Referral of a need withdrawn"),
    "need.referred": _l("Need referred to an organisation"),
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

# The names of the details recorded with an action, as a reader of the log says them.
DETAIL_LABELS = {
    "action": _l("Action"),
    "actor_id": _l("Who"),
    "area_id": _l("Model area"),
    "after": _l("After"),
    "answer": _l("Written answer"),
    "areas": _l("Model areas"),
    "before": _l("Before"),
    "change": _l("What changed"),
    "changed": _l("Changed"),
    "changes": _l("Changes"),
    "code": _l("Round code"),
    "commitment_id": _l("Commitment"),
    "count": _l("Number"),
    "dataset": _l("Data set"),
    "description": _l("Description"),
    "direction": _l("Direction"),
    "draft": _l("Before the themes were published"),
    "due_on": _l("Due date"),
    "erasure_policy": _l("When a participant is erased"),
    "filter": _l("Filter"),
    "format": _l("File format"),
    "from_theme": _l("From theme"),
    "goal": _l("Goal"),
    "into": _l("Merged into"),
    "invitation": _l("Link number"),
    "k": _l("Number of themes asked for"),
    "kind": _l("Kind"),
    "limit_category": _l("Kind of limit"),
    "limit_text": _l("What limits it"),
    "limits": _l("Limits"),
    "may_sign": _l("May sign"),
    "meeting": _l("Meeting"),
    "merged": _l("Merged theme"),
    "merged_title": _l("Merged theme's title"),
    "message": _l("Question"),
    "mode": _l("Moderation"),
    "moderation": _l("Moderation"),
    "name": _l("Name"),
    "needs": _l("Needs"),
    "new": _l("New status"),
    "new_theme": _l("New theme"),
    "old": _l("Earlier status"),
    "organisation": _l("Organisation"),
    "organisation_id": _l("Organisation"),
    "organisations": _l("Organisations"),
    "party": _l("Party"),
    "place": _l("Place"),
    "policy": _l("When a participant is erased"),
    "position": _l("Position"),
    "proposed_by": _l("Proposed by"),
    "purpose": _l("Purpose"),
    "response_id": _l("Response"),
    "role": _l("Role"),
    "seconds": _l("Seconds between posts"),
    "settings": _l("Settings"),
    "signatures_cleared": _l("Signatures cleared"),
    "slug": _l("Web address"),
    "stance": _l("Stance"),
    "themes": _l("Themes"),
    "title": _l("Title"),
    "since": _l("From (date)"),
    "to_theme": _l("To theme"),
    "until": _l("To (date)"),
    "valid_days": _l("Valid for (days)"),
    "version": _l("Version"),
    "voting_mode": _l("Way of voting"),
    "who_decides": _l("Who decides, and when"),
    # what a retention purge deleted, counted
    "live_events": _l("Live events"),
    "messages": _l("Meeting posts"),
    "mutes": _l("Mutes"),
    "participants_cleared": _l("Participants cleared"),
    "poll_answers": _l("Quick poll answers"),
    "profile_answers": _l("Profile answers"),
    "question_votes": _l("Upvotes on questions"),
}

# Stored codes that a detail can hold, by what they are a code of. The message ids are
# those the features use for the same codes, so they share one translation.
VALUE_LABELS = {
    "phase": {
        "draft": _l("In preparation"), "collect": _l("Collecting needs"),
        "vote": _l("Voting"), "meet": _l("Dialogue meetings"),
        "synthesise": _l("Summarising into themes"), "respond": _l("Politicians respond"),
        "follow_up": _l("Follow-up"), "closed": _l("Closed"),
    },
    "stance": {
        "yes": _l("Yes, we will do it"), "partly": _l("Partly"),
        "investigating": _l("We are looking into it"), "not_now": _l("No, not now"),
    },
    "status": {
        "planned": _l("Planned"), "in_progress": _l("In progress"), "done": _l("Done"),
        "not_done": _l("Not carried out"),
    },
    "role": {
        "admin": _l("Administrator"), "facilitator": _l("Facilitator"),
        "official": _l("Official"), "politician": _l("Politician"),
    },
    "kind": {"region": _l("Region"), "municipality": _l("Municipality")},
    "moderation": {"pre": _l("Before publication"), "post": _l("After publication")},
    "policy": {"anonymise": _l("Their needs stay, without a name"),
               "delete": _l("Their needs are deleted")},
    "purpose": {"invite": _l("Invitation"), "reset": _l("Password reset")},
    "limit_category": {
        "law": _l("Law or regulation"), "money": _l("Money"),
        "staff": _l("Staff and competence"),
        "other_principal": _l("The other principal's responsibility"),
        "national": _l("A national decision"), "investigate": _l("Needs investigation"),
    },
}

# Which details hold which kind of code; an action can say otherwise for its own details.
DETAIL_VALUES = {
    "stance": "stance", "role": "role", "kind": "kind", "mode": "moderation",
    "moderation": "moderation", "policy": "policy", "erasure_policy": "policy",
    "purpose": "purpose", "old": "status", "new": "status",
    "limit_category": "limit_category",
}
ACTION_DETAIL_VALUES = {
    "round.phase_changed": {"change": "phase"},
}


def detail_label(key: str) -> str:
    """The detail's name; a key without one is still said in words ("a_key" -> "A key")."""
    label = DETAIL_LABELS.get(key)
    if label is not None:
        return str(label)
    words = key.replace("_", " ").replace(".", " ").strip()
    return words[:1].upper() + words[1:] if words else key


def value_label(action: str, key: str, value: str) -> str | None:
    """The words for a stored code, or None when the detail holds no known code."""
    kind = ACTION_DETAIL_VALUES.get(action, {}).get(key) or DETAIL_VALUES.get(key)
    label = VALUE_LABELS.get(kind, {}).get(value)
    return str(label) if label is not None else None


def action_label(action: str) -> str:
    """The readable name, or the code itself for actions added later without one."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action
