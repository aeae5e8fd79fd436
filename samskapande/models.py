"""Every model, imported in one place so Alembic and the app see the whole schema."""

from samskapande.accounts.models import Invitation, Role, SignInAttempt, User, model_area_staff
from samskapande.areas.models import Category, Goal, ModelArea, Organisation
from samskapande.audit.models import AuditEvent
from samskapande.live.models import (
    Meeting,
    Message,
    Mute,
    Poll,
    PollAnswer,
    PollBallot,
    PollOption,
    QuestionVote,
)
from samskapande.needs.models import Need, NeedReferral
from samskapande.notifications.models import OutboxMail
from samskapande.privacy.models import AccessibilityReport, PrivacySettings
from samskapande.realtime.models import LiveEvent, LivePresence, LiveStream
from samskapande.responses.mandate_models import RoundMandate
from samskapande.responses.models import (
    Commitment,
    CommitmentUpdate,
    Response,
    ResponseOrganisation,
    ResponseVersion,
)
from samskapande.rounds.models import (
    Participant,
    PhaseDates,
    ProfileAnswer,
    ProfileQuestion,
    RetainedCounts,
    Round,
    Ticket,
)
from samskapande.themes.models import SuggestionRun, Theme, ThemeGoal, ThemeNeed
from samskapande.voting.models import Vote

__all__ = [
    "AccessibilityReport",
    "AuditEvent",
    "Category",
    "Commitment",
    "CommitmentUpdate",
    "Goal",
    "Invitation",
    "LiveEvent",
    "LivePresence",
    "LiveStream",
    "Meeting",
    "Message",
    "ModelArea",
    "Mute",
    "Need",
    "NeedReferral",
    "Organisation",
    "OutboxMail",
    "Participant",
    "PhaseDates",
    "Poll",
    "PollAnswer",
    "PollBallot",
    "PollOption",
    "PrivacySettings",
    "ProfileAnswer",
    "ProfileQuestion",
    "QuestionVote",
    "Response",
    "ResponseOrganisation",
    "ResponseVersion",
    "RetainedCounts",
    "Role",
    "Round",
    "RoundMandate",
    "SignInAttempt",
    "SuggestionRun",
    "Theme",
    "ThemeGoal",
    "ThemeNeed",
    "Ticket",
    "User",
    "Vote",
    "model_area_staff",
]
