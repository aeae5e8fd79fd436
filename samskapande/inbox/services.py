"""What waits for a staff member: one list of to-dos, each linking to where it is done.

Nothing here is stored: every item is read from the state of the round it belongs to,
so it leaves the list by itself once the step is done (the draft signed, the question
answered, the need moderated, the theme answered, the commitment reported on). The
kinds, in the order a person meets them:

- `sign`: a draft (or a proposed change) naming my organisation waits for its signature
  and I may sign it; with what changed since my organisation last signed, if it had. Also
  my organisation's frame for a round ("Våra ramar") while it waits for a signature.
- `cleared`: a draft I wrote lost an organisation's signature through someone else's
  change (who, what, when), until that organisation signs again.
- `question`: a meeting question directed to me or my organisation, not yet answered.
- `moderation`: needs and meeting posts waiting for moderation in rounds I manage.
- `respond`: a published theme of my rounds with no response, while politicians respond:
  for a politician or official, one no response of their organisation covers yet (a draft
  naming it is under `sign`); for the round's facilitator, one to follow up on.
- `commitment`: a commitment of my organisation due within 30 days or overdue, with no
  progress reported in the last 30 days; or without an update for 90 days.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from flask import url_for
from flask_babel import format_date, format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from samskapande.accounts.models import Role
from samskapande.accounts.permissions import can_manage_round, is_staff
from samskapande.extensions import db
from samskapande.inbox.diff import Piece, word_diff
from samskapande.live import permissions as live_permissions
from samskapande.live.models import Meeting, Message, MessageKind, MessageStatus
from samskapande.needs.models import Need, NeedStatus
from samskapande.responses import mandates
from samskapande.responses import permissions as response_permissions
from samskapande.responses.models import (
    Commitment,
    CommitmentUpdate,
    Response,
    ResponseOrganisation,
    ResponseStatus,
)
from samskapande.responses.services import (
    DUE_SOON_DAYS,
    OPEN_STATUSES,
    awaiting_response,
    limits_to_sign,
    local_today,
    quiet_since,
    stance_label,
    subject_of,
    text_to_sign,
    text_with_limits,
)
from samskapande.rounds.models import Round
from samskapande.rounds.phases import can_respond, is_running
from samskapande.rounds.services import rounds_for_staff
from samskapande.themes.models import Theme

# A report this recent answers a due or overdue commitment until it is this old again.
REPORTED_DAYS = 30

SECTIONS = {
    "sign": _l("Waiting for your organisation's signature"),
    "cleared": _l("Your drafts whose signatures were removed"),
    "question": _l("Questions to you or your organisation"),
    "moderation": _l("Waiting for moderation"),
    "respond": _l("Themes waiting for a response"),
    "commitment": _l("Commitments to follow up"),
}

CHANGE_LABELS = {
    "stance": _l("the stance"),
    "text": _l("the text"),
    "limits": _l("the limits"),
    "who_decides": _l("who decides"),
    "organisations": _l("the organisations"),
    "commitments": _l("the commitments"),
}


@dataclass
class Item:
    """One thing to do: what, where it belongs, and the page where it is done."""

    kind: str
    title: str
    url: str
    context: str = ""
    notes: list[str] = field(default_factory=list)
    when: datetime | date | None = None
    diff: list[Piece] | None = None
    stance_change: tuple[str, str] | None = None

    @property
    def when_text(self) -> str:
        if isinstance(self.when, datetime):
            return format_datetime(self.when, "short")
        return format_date(self.when, "long") if self.when else ""


def changed_parts(codes: str) -> str:
    """'text,commitments' as words: "the text and the commitments"."""
    parts = [str(CHANGE_LABELS.get(code, code)) for code in codes.split(",") if code]
    if len(parts) <= 1:
        return "".join(parts)
    return str(_l("%(first)s and %(last)s", first=", ".join(parts[:-1]), last=parts[-1]))


def _subject_title(response: Response) -> str:
    subject = subject_of(response)
    return subject.title if isinstance(subject, Theme) else subject.text[:80]


def _signing(user) -> list[Item]:
    if not response_permissions.may_sign_for_organisation(user, user.organisation_id):
        return []
    links = db.session.scalars(
        select(ResponseOrganisation).join(Response).where(
            ResponseOrganisation.organisation_id == user.organisation_id,
            ResponseOrganisation.signed_by_id.is_(None),
            or_(Response.status == ResponseStatus.DRAFT, Response.draft_text.is_not(None)))
        .order_by(Response.created_at, Response.id))
    items = []
    for link in links:
        response = link.response
        if not response_permissions.can_sign(user, response):
            continue
        round_ = response_permissions.round_of(response)
        stance, text = text_to_sign(response)
        item = Item("sign", _subject_title(response), url_for(
            "responses.sign", response_id=response.id), context=round_.title,
            when=response.updated_at or response.created_at)
        item.notes.append(str(_l("Drafted by %(name)s (%(organisation)s).",
                                 name=response.author_name,
                                 organisation=response.author_organisation)))
        if link.cleared_at is not None:
            item.notes.append(str(_l(
                "Your organisation's signature was removed when %(name)s changed %(what)s.",
                name=link.cleared_by_name, what=changed_parts(link.cleared_change))))
            item.when = link.cleared_at
        if link.signed_text is not None:
            # The limits and who decides are signed with the text: the difference shows them.
            signed = text_with_limits(link.signed_text, link.signed_limits or [],
                                      link.signed_who_decides or "")
            now = text_with_limits(text, *limits_to_sign(response))
            if signed != now:
                item.diff = word_diff(signed, now)
            if link.signed_stance and link.signed_stance != stance:
                item.stance_change = (stance_label(link.signed_stance), stance_label(stance))
        items.append(item)
    return items


def _mandates_to_sign(user) -> list[Item]:
    """My organisation's frames for a round ("Våra ramar") that wait for my signature."""
    return [Item("sign", str(_l("Our frames: %(organisation)s",
                                organisation=mandate.organisation.name)),
                 url_for("mandates.sign", round_id=mandate.round_id,
                         organisation_id=mandate.organisation_id),
                 context=mandate.round.title, when=mandate.updated_at or mandate.created_at,
                 notes=[str(_l("Residents read the frame once it is signed."))])
            for mandate in mandates.awaiting_signature_of(user)]


def _cleared(user) -> list[Item]:
    links = db.session.scalars(
        select(ResponseOrganisation).join(Response).where(
            Response.author_id == user.id,
            ResponseOrganisation.cleared_at.is_not(None),
            ResponseOrganisation.signed_by_id.is_(None),
            or_(ResponseOrganisation.cleared_by_id.is_(None),
                ResponseOrganisation.cleared_by_id != user.id),
            or_(Response.status == ResponseStatus.DRAFT, Response.draft_text.is_not(None)))
        .order_by(ResponseOrganisation.cleared_at, ResponseOrganisation.id))
    items = []
    for link in links:
        response = link.response
        if not response_permissions.can_see_response(user, response):
            continue
        item = Item("cleared", _subject_title(response), url_for(
            "responses.detail", response_id=response.id),
            context=response_permissions.round_of(response).title, when=link.cleared_at)
        item.notes.append(str(_l(
            "%(name)s changed %(what)s, so the signature of %(organisation)s was removed.",
            name=link.cleared_by_name, what=changed_parts(link.cleared_change),
            organisation=link.organisation.name)))
        items.append(item)
    return items


def _questions(user) -> list[Item]:
    if user.role not in (Role.OFFICIAL, Role.POLITICIAN):
        return []
    directed = [Message.directed_user_id == user.id]
    if user.organisation_id is not None:
        directed.append(Message.directed_organisation_id == user.organisation_id)
    messages = db.session.scalars(
        select(Message).where(Message.kind == MessageKind.QUESTION,
                              Message.status == MessageStatus.VISIBLE,
                              Message.answered_at.is_(None), or_(*directed))
        .order_by(Message.created_at, Message.id))
    items = []
    for message in messages:
        meeting = message.meeting
        if not live_permissions.can_answer(user, meeting):
            continue
        item = Item("question", message.text[:120], url_for(
            "live.answer", code=meeting.round.code, meeting_id=meeting.id,
            message_id=message.id), context=f"{meeting.round.title} · {meeting.title}",
            when=message.created_at)
        if message.directed_user_id == user.id:
            item.notes.append(str(_l("Asked of you by name.")))
        else:
            item.notes.append(str(_l("Asked of your organisation.")))
        items.append(item)
    return items


def _moderation(user, rounds: list[Round]) -> list[Item]:
    managed = {round_.id: round_ for round_ in rounds if can_manage_round(user, round_)}
    if not managed:
        return []
    items = []
    pending_needs = db.session.execute(
        select(Need.round_id, func.count(), func.min(Need.created_at)).where(
            Need.round_id.in_(managed), Need.status == NeedStatus.PENDING)
        .group_by(Need.round_id))
    for round_id, count, oldest in pending_needs:
        round_ = managed[round_id]
        items.append(Item("moderation", str(_l("%(count)d needs wait for moderation",
                                                count=count)) if count != 1 else
                          str(_l("1 need waits for moderation")),
                          url_for("live.round_moderation", round_id=round_id, kind="needs"),
                          context=round_.title, when=oldest))
    pending_posts = db.session.execute(
        select(Meeting, func.count(), func.min(Message.created_at)).join(
            Message, Message.meeting_id == Meeting.id).where(
            Meeting.round_id.in_(managed), Message.status == MessageStatus.PENDING)
        .group_by(Meeting))
    for meeting, count, oldest in pending_posts:
        items.append(Item("moderation", str(_l("%(count)d posts wait for moderation",
                                                count=count)) if count != 1 else
                          str(_l("1 post waits for moderation")),
                          url_for("live.round_moderation", round_id=meeting.round_id,
                                  kind="posts", meeting=meeting.id),
                          context=f"{meeting.round.title} · {meeting.title}", when=oldest))
    return items


def _to_respond(user, rounds: list[Round]) -> list[Item]:
    items = []
    named = None  # the themes a response of the user's organisation covers, read once
    for round_ in rounds:
        if response_permissions.can_answer_in(user, round_):
            if named is None:
                named = set(db.session.scalars(
                    select(Response.theme_id).join(ResponseOrganisation).where(
                        Response.theme_id.is_not(None),
                        ResponseOrganisation.organisation_id == user.organisation_id)))
            items += _to_answer(round_, named)
        elif can_manage_round(user, round_) and can_respond(round_):
            items += _to_chase(round_)
    return items


def _to_answer(round_: Round, named: set[int]) -> list[Item]:
    """For a politician or official: themes no response of their organisation covers yet."""
    return [Item("respond", theme.title, url_for("responses.new", round_id=round_.id,
                                                 theme=theme.id), context=round_.title)
            for theme in awaiting_response(round_) if theme.id not in named]


def _to_chase(round_: Round) -> list[Item]:
    """For the round's facilitator: themes with no public response, to follow up on."""
    drafted = set(db.session.scalars(select(Response.theme_id).where(
        Response.theme_id.is_not(None), Response.status == ResponseStatus.DRAFT)))
    items = []
    for theme in awaiting_response(round_):
        item = Item("respond", theme.title, url_for("responses.round_responses",
                                                    round_id=round_.id), context=round_.title)
        item.notes.append(str(_l("A draft waits for signatures.") if theme.id in drafted
                              else _l("No organisation has started a response yet.")))
        items.append(item)
    return items


def _commitments(user, today: date) -> list[Item]:
    if user.role not in (Role.OFFICIAL, Role.POLITICIAN) or user.organisation_id is None:
        return []
    last_update = (select(func.max(CommitmentUpdate.created_at))
                   .where(CommitmentUpdate.commitment_id == Commitment.id)
                   .correlate(Commitment).scalar_subquery())
    rows = db.session.execute(
        select(Commitment, last_update).join(Response).where(
            Commitment.organisation_id == user.organisation_id,
            Commitment.status.in_(OPEN_STATUSES),
            Response.status == ResponseStatus.PUBLISHED)
        .order_by(Commitment.due_on, Commitment.id))
    reported_since = datetime.combine(today - timedelta(days=REPORTED_DAYS), datetime.min.time())
    items = []
    for commitment, updated in rows:
        if not response_permissions.can_report_on(user, commitment):
            continue
        notes = []
        reported = updated is not None and updated.replace(tzinfo=None) >= reported_since
        if commitment.due_on is not None and commitment.due_on < today and not reported:
            notes.append(str(_l("Overdue: it was due on %(date)s.",
                                date=_format_date(commitment.due_on))))
        elif (commitment.due_on is not None and not reported
              and commitment.due_on <= today + timedelta(days=DUE_SOON_DAYS)):
            notes.append(str(_l("Due on %(date)s.", date=_format_date(commitment.due_on))))
        quiet = quiet_since(commitment, updated, today)
        if quiet is not None:
            notes.append(str(_l("No progress reported for %(days)d days.",
                                days=(today - quiet).days)))
        if not notes:
            continue
        round_ = response_permissions.round_of(commitment.response)
        items.append(Item("commitment", commitment.text[:120], url_for(
            "responses.update", commitment_id=commitment.id), context=round_.title,
            notes=notes, when=commitment.due_on))
    return items


def _format_date(day: date) -> str:
    return format_date(day, "long")


def todo(user, today: date | None = None) -> list[tuple[str, str, list[Item]]]:
    """The user's to-dos as (kind, heading, items), only the kinds that have some."""
    if not is_staff(user):
        return []
    today = today or local_today()
    rounds = [round_ for round_ in rounds_for_staff(user) if is_running(round_)]
    found = {
        "sign": _signing(user) + _mandates_to_sign(user),
        "cleared": _cleared(user),
        "question": _questions(user),
        "moderation": _moderation(user, rounds),
        "respond": _to_respond(user, rounds),
        "commitment": _commitments(user, today),
    }
    return [(kind, str(SECTIONS[kind]), items) for kind, items in found.items() if items]


def todo_count(user) -> int:
    return sum(len(items) for _kind, _heading, items in todo(user))
