"""The rules for running a round: its settings, phases, tickets and moderation.

Views parse forms and call these; tests call them directly. Every change is audited,
and every service that changes something checks that the actor may run the round
(`can_manage_round`) before it changes anything. The services flush; the caller commits.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, select

from samskapande.accounts.permissions import can_manage_area, can_manage_round
from samskapande.audit.services import record
from samskapande.core.database import insert_ignoring_conflict
from samskapande.core.models import utcnow
from samskapande.core.refusals import Refusal
from samskapande.core.transaction import after_commit
from samskapande.extensions import db
from samskapande.needs import services as needs
from samskapande.needs.models import Need, NeedReferral, NeedStatus
from samskapande.realtime.publish import publish, round_room
from samskapande.rounds import phases
from samskapande.rounds.models import (
    ErasurePolicy,
    ModerationMode,
    Participant,
    Phase,
    PhaseChange,
    PhaseDates,
    ProfileAnswer,
    ProfileQuestion,
    Round,
    Ticket,
    VotingMode,
)
from samskapande.rounds.services import create_tickets, normalise_code
from samskapande.voting.models import Vote

CODE_MIN, CODE_MAX = 4, 20
TITLE_MAX, PLACE_MAX, DESCRIPTION_MAX = 200, 120, 5000
DOTS_MIN, DOTS_MAX = 1, 20
QUESTIONS_MAX, OPTIONS_MAX, OPTION_MAX_LENGTH, LABEL_MAX = 5, 12, 120, 200
TICKETS_MAX = 200
RETENTION_DAYS_MAX = 3650  # ten years; retention is counted from the round's closing
RETENTION_SETTINGS = ("chat_retention_days", "participant_retention_days",
                      "delete_profile_answers_at_close")
QUESTION_KEY_MAX = 40
SCHEDULED_PHASES = phases.SCHEDULED_PHASES  # what the settings form offers dates for
VOTING_SETTINGS = ("voting_mode", "dots_per_participant", "max_dots_per_need")


class ManageError(Refusal):
    """A rule said no to a facilitator's action; the message is translated."""


class RoundInvalid(ManageError):
    """The settings break rules; `errors` maps form field names to translated messages."""

    def __init__(self, errors: dict[str, list]):
        first = next(iter(errors.values()))[0]
        super().__init__(first, errors=errors)
        self.errors = errors


def _check_manager(round_: Round, actor) -> None:
    """Refuse anyone but the round's facilitators and admins, before anything changes."""
    if not can_manage_round(actor, round_):
        raise ManageError(_l("Only the round's facilitators can do that."))


@dataclass
class QuestionInput:
    """One profile question as typed: a label and its options; `id` when it exists already."""

    label: str = ""
    options: list[str] = field(default_factory=list)
    id: int | None = None

    @property
    def empty(self) -> bool:
        return not self.label and not self.options


@dataclass
class RoundSettings:
    """Everything a facilitator sets for a round, as plain values."""

    title: str
    code: str
    place: str = ""
    description: str = ""
    voting_mode: str = VotingMode.SUPPORT
    dots_per_participant: int = 5
    max_dots_per_need: int = 2
    moderation: str = ModerationMode.POST
    results_live: bool = True
    support_while_collecting: bool = True
    erasure_policy: str = ErasurePolicy.ANONYMISE
    ticket_mode: bool = False
    chat_retention_days: int | None = None  # None: kept
    participant_retention_days: int | None = None
    delete_profile_answers_at_close: bool = False
    # phase -> (starts_on, ends_on); a phase left out has no planned dates.
    schedule: dict[str, tuple[date | None, date | None]] = field(default_factory=dict)
    # In the order shown; the n-th entry's errors are reported as q<n>_label / q<n>_options.
    questions: list[QuestionInput] = field(default_factory=list)

    @classmethod
    def of(cls, round_: Round) -> RoundSettings:
        return cls(
            title=round_.title, code=round_.code, place=round_.place or "",
            description=round_.description or "", voting_mode=round_.voting_mode,
            dots_per_participant=round_.dots_per_participant,
            max_dots_per_need=round_.max_dots_per_need, moderation=round_.moderation,
            results_live=round_.results_live,
            support_while_collecting=round_.support_while_collecting,
            erasure_policy=round_.erasure_policy,
            ticket_mode=round_.ticket_mode,
            **{name: getattr(round_, name) for name in RETENTION_SETTINGS},
            schedule={step.phase: (step.starts_on, step.ends_on) for step in round_.schedule},
            questions=[QuestionInput(q.label, list(q.options), q.id)
                       for q in round_.profile_questions],
        )


# -- checking settings ---------------------------------------------------------------------

def _code_characters_ok(text: str) -> bool:
    """Letters (accents are dropped), digits, spaces and dashes; nothing else."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.fullmatch(r"[A-Za-z0-9 \-]*", bare) is not None


def check_code(text: str, round_id: int | None = None) -> tuple[str, list]:
    """The normalised join code and the errors that stop it being used (none if it is fine)."""
    if not _code_characters_ok(text):
        return "", [_l("Use only the letters A–Z and the digits 0–9 in the code.")]
    code = normalise_code(text)
    if not CODE_MIN <= len(code) <= CODE_MAX:
        return code, [_l("The code needs %(min)d to %(max)d letters or digits.",
                         min=CODE_MIN, max=CODE_MAX)]
    taken = db.session.scalar(select(Round.id).where(Round.code == code))
    if taken is not None and taken != round_id:
        return code, [_l("Another round already has the code %(code)s. Choose another code.",
                         code=code)]
    return code, []


def _has_votes(round_: Round | None) -> bool:
    if round_ is None or round_.id is None:
        return False
    return db.session.scalar(select(Vote.id).where(Vote.round_id == round_.id).limit(1)) is not None


def check_settings(settings: RoundSettings, round_: Round | None = None) -> dict[str, list]:
    """Every rule the settings break, by form field name; an empty dict when they are fine."""
    errors: dict[str, list] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    if not settings.title:
        add("title", _l("Write a title for the round."))
    elif len(settings.title) > TITLE_MAX:
        add("title", _l("At most %(max)d characters.", max=TITLE_MAX))
    if len(settings.place) > PLACE_MAX:
        add("place", _l("At most %(max)d characters.", max=PLACE_MAX))
    if len(settings.description) > DESCRIPTION_MAX:
        add("description", _l("At most %(max)d characters.", max=DESCRIPTION_MAX))
    _code, code_errors = check_code(settings.code, round_.id if round_ is not None else None)
    for message in code_errors:
        add("code", message)

    if settings.voting_mode not in set(VotingMode):
        add("voting_mode", _l("Choose how residents vote."))
    if settings.voting_mode == VotingMode.DOTS:
        dots = settings.dots_per_participant
        if dots is None or not DOTS_MIN <= dots <= DOTS_MAX:
            add("dots_per_participant", _l("Choose between %(min)d and %(max)d dots.",
                                           min=DOTS_MIN, max=DOTS_MAX))
        elif settings.max_dots_per_need is None or not (
                DOTS_MIN <= settings.max_dots_per_need <= dots):
            add("max_dots_per_need", _l("Choose between %(min)d and %(max)d: at least one, and "
                                        "no more than the dots each participant has.",
                                        min=DOTS_MIN, max=dots))
    if round_ is not None and _has_votes(round_):
        before = RoundSettings.of(round_)
        for name in VOTING_SETTINGS:
            if getattr(settings, name) != getattr(before, name) and (
                    name == "voting_mode" or settings.voting_mode == VotingMode.DOTS):
                add(name, _l("Votes have been cast, so the way of voting can no longer change."))
    if settings.moderation not in set(ModerationMode):
        add("moderation", _l("Choose when needs are checked."))
    if settings.erasure_policy not in set(ErasurePolicy):
        add("erasure_policy", _l("Choose what happens to the needs of someone who leaves."))
    for name in ("chat_retention_days", "participant_retention_days"):
        days = getattr(settings, name)
        if days is not None and not 0 <= days <= RETENTION_DAYS_MAX:
            add(name, _l("Choose between %(min)d and %(max)d days, or leave it empty.",
                         min=0, max=RETENTION_DAYS_MAX))

    for phase, (starts, ends) in settings.schedule.items():
        if not phases.is_scheduled_phase(phase):
            continue
        if ends is not None and starts is None:
            add(f"starts_{phase}", _l("Give the first day as well as the last."))
        elif starts is not None and ends is not None and ends < starts:
            add(f"ends_{phase}", _l("The last day cannot come before the first day."))

    filled = [q for q in settings.questions if not q.empty]
    if len(filled) > QUESTIONS_MAX:
        add("questions", _l("At most %(max)d questions.", max=QUESTIONS_MAX))
    for number, question in enumerate(settings.questions, start=1):
        if question.empty:
            continue
        if not question.label:
            add(f"q{number}_label", _l("Write the question, or remove its options."))
        elif len(question.label) > LABEL_MAX:
            add(f"q{number}_label", _l("At most %(max)d characters.", max=LABEL_MAX))
        if not question.options:
            add(f"q{number}_options", _l("Write at least one option, one on each line."))
        elif len(question.options) > OPTIONS_MAX:
            add(f"q{number}_options", _l("At most %(max)d options.", max=OPTIONS_MAX))
        elif any(len(option) > OPTION_MAX_LENGTH for option in question.options):
            add(f"q{number}_options", _l("Each option can have at most %(max)d characters.",
                                         max=OPTION_MAX_LENGTH))
    return errors


def parse_options(text: str) -> list[str]:
    """Options typed one per line: trimmed, blank lines and repeats dropped, order kept."""
    options: list[str] = []
    for line in (text or "").splitlines():
        option = line.strip()
        if option and option not in options:
            options.append(option)
    return options


def question_key(label: str, taken: set[str]) -> str:
    """A short stable key from the label ("Var bor du?" -> "var_bor_du"), unique in the round."""
    decomposed = unicodedata.normalize("NFKD", label)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    base = re.sub(r"[^a-z0-9]+", "_", bare).strip("_")[:QUESTION_KEY_MAX - 4].strip("_")
    base = base or "question"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


# -- creating and editing ------------------------------------------------------------------

def _apply(round_: Round, settings: RoundSettings) -> None:
    round_.title = settings.title
    round_.code = normalise_code(settings.code)
    round_.place = settings.place
    round_.description = settings.description
    round_.voting_mode = settings.voting_mode
    if settings.voting_mode == VotingMode.DOTS:
        round_.dots_per_participant = settings.dots_per_participant
        round_.max_dots_per_need = settings.max_dots_per_need
    round_.moderation = settings.moderation
    round_.results_live = settings.results_live
    round_.support_while_collecting = settings.support_while_collecting
    round_.erasure_policy = settings.erasure_policy
    round_.ticket_mode = settings.ticket_mode
    for name in RETENTION_SETTINGS:
        setattr(round_, name, getattr(settings, name))
    _apply_schedule(round_, settings.schedule)
    _apply_questions(round_, settings.questions)


def _apply_schedule(round_: Round, schedule: dict) -> None:
    existing = {step.phase: step for step in round_.schedule}
    for phase in SCHEDULED_PHASES:
        starts, ends = schedule.get(phase, (None, None))
        step = existing.get(phase)
        if starts is None:
            if step is not None:
                round_.schedule.remove(step)
        elif step is None:
            round_.schedule.append(PhaseDates(phase=phase, starts_on=starts, ends_on=ends))
        else:
            step.starts_on, step.ends_on = starts, ends


def _apply_questions(round_: Round, questions: list[QuestionInput]) -> None:
    """Keep questions that stay (and the answers whose option remains), add and drop others."""
    existing = {q.id: q for q in round_.profile_questions}
    wanted = [q for q in questions if not q.empty]
    kept_ids = {q.id for q in wanted if q.id in existing}
    for question in list(round_.profile_questions):
        if question.id not in kept_ids:
            round_.profile_questions.remove(question)
    db.session.flush()  # drop removed questions first: a new one may take a freed key
    taken = {q.key for q in round_.profile_questions}
    ordered = []
    for position, item in enumerate(wanted):
        question = existing.get(item.id) if item.id in kept_ids else None
        if question is None:
            question = ProfileQuestion(key=question_key(item.label, taken))
            taken.add(question.key)
        else:
            db.session.execute(
                delete(ProfileAnswer).where(ProfileAnswer.question_id == question.id,
                                            ProfileAnswer.value.not_in(item.options)),
                execution_options={"synchronize_session": False},
            )
        question.label, question.options, question.position = item.label, item.options, position
        ordered.append(question)
    round_.profile_questions = ordered


def _snapshot(round_: Round) -> dict:
    """The settings as JSON-friendly values, to record what an edit changed."""
    settings = RoundSettings.of(round_)
    values = {name: getattr(settings, name) for name in (
        "title", "code", "place", "description", "voting_mode", "dots_per_participant",
        "max_dots_per_need", "moderation", "results_live", "support_while_collecting",
        "erasure_policy", "ticket_mode", *RETENTION_SETTINGS)}
    values["schedule"] = {
        phase: [s.isoformat() if s else None, e.isoformat() if e else None]
        for phase, (s, e) in sorted(settings.schedule.items())}
    values["questions"] = [[q.label, q.options] for q in settings.questions]
    return values


def _code_taken() -> RoundInvalid:
    return RoundInvalid({"code": [_l("Another round already has that code. "
                                     "Choose another code.")]})


def _claim_code(code: str, round_id: int | None) -> None:
    """Refuse a code another round holds, read under a lock on that round's row.

    A round whose code is being given up or taken at this moment is waited for
    (PostgreSQL's row lock; SQLite lets one writer at a time anyway), so the change
    sees the code's owner as committed instead of failing on the unique constraint.
    """
    taken = db.session.scalar(
        select(Round.id).where(Round.code == normalise_code(code)).with_for_update())
    if taken is not None and taken != round_id:
        raise _code_taken()


def create_round(area_id: int, settings: RoundSettings, actor) -> Round:
    """A new round in draft, in the model area; raises RoundInvalid with every broken rule."""
    if not can_manage_area(actor, area_id):
        raise ManageError(_l("Only the round's facilitators can do that."))
    errors = check_settings(settings)
    if errors:
        raise RoundInvalid(errors)
    code = normalise_code(settings.code)
    # Another round may take the code after the check: then nothing is inserted, no error.
    if not insert_ignoring_conflict(db.session, Round.__table__, model_area_id=area_id,
                                    phase=Phase.DRAFT, code=code, title=settings.title):
        raise _code_taken()
    round_ = db.session.scalar(select(Round).where(Round.code == code))
    _apply(round_, settings)
    round_.phase_changes.append(PhaseChange(phase=Phase.DRAFT, changed_at=utcnow(),
                                            changed_by_id=getattr(actor, "id", None)))
    db.session.flush()
    record("round.created", round_, actor=actor, round_id=round_.id,
           model_area_id=area_id, settings=_snapshot(round_))
    db.session.flush()
    return round_


def update_round(round_: Round, settings: RoundSettings, actor) -> list[str]:
    """Change the round's settings; returns the names of what changed (audited)."""
    _check_manager(round_, actor)
    errors = check_settings(settings, round_)
    if errors:
        raise RoundInvalid(errors)
    _claim_code(settings.code, round_.id)
    before = _snapshot(round_)
    _apply(round_, settings)
    db.session.flush()
    after = _snapshot(round_)
    changed = {name: [before[name], after[name]]
               for name in after if before[name] != after[name]}
    if changed:
        record("round.updated", round_, actor=actor, round_id=round_.id,
               model_area_id=round_.model_area_id, changes=changed)
    db.session.flush()
    return sorted(changed)


# -- phases and voting ---------------------------------------------------------------------

def _abilities(round_like) -> dict[str, bool]:
    return {
        "join": phases.can_join(round_like),
        "submit": phases.can_submit_need(round_like),
        "change": phases.can_change_own_need(round_like),
        "vote": phases.can_vote(round_like),
        "results": phases.results_visible(round_like),
    }


_GAINED = {
    "join": _l("New residents can join the round."),
    "submit": _l("Residents can write new needs."),
    "change": _l("Residents can edit or withdraw their own needs."),
    "vote": _l("Residents can vote."),
    "results": _l("Residents can see how much support each need has."),
}
_LOST = {
    "join": _l("New residents can no longer join the round."),
    "submit": _l("Residents can no longer write new needs."),
    "change": _l("Residents can no longer edit or withdraw their own needs."),
    "vote": _l("Residents can no longer vote; their votes are kept."),
    "results": _l("Support counts are hidden until voting closes."),
}


def resident_changes(round_: Round, *, phase: str | None = None,
                     voting_open: bool | None = None) -> dict[str, bool]:
    """What residents could do differently: ability -> now allowed, for those that change."""
    after = SimpleNamespace(
        phase=phase if phase is not None else round_.phase,
        voting_open=voting_open if voting_open is not None else round_.voting_open,
        results_live=round_.results_live, voting_mode=round_.voting_mode,
        support_while_collecting=round_.support_while_collecting,
    )
    before, now = _abilities(round_), _abilities(after)
    return {key: now[key] for key in before if before[key] != now[key]}


def resident_effects(round_: Round, *, phase: str | None = None,
                     voting_open: bool | None = None) -> list[str]:
    """What residents will notice if the round moves to `phase` or opens/closes voting."""
    changes = resident_changes(round_, phase=phase, voting_open=voting_open)
    effects = [str(_GAINED[key] if allowed else _LOST[key]) for key, allowed in changes.items()]
    if phase is not None and phase != round_.phase:
        effects.insert(0, str(_l("The round's page shows the phase “%(phase)s”.",
                                 phase=phases.phase_label(phase))))
    if not effects:
        effects.append(str(_l("Residents will notice no difference.")))
    return effects


def voting_plan(round_: Round, phase: str, keep_voting: bool = False) -> bool | None:
    """Whether moving to `phase` opens (True) or closes (False) voting, or leaves it (None).

    Voting follows the phase unless the facilitator chose to keep it as it is, which they
    cannot when the round leaves the running phases.
    """
    planned = phases.voting_with_phase(round_.phase, phase, round_.voting_open)
    if planned is not None and keep_voting and phases.voting_change_optional(phase):
        return None
    return planned


def change_phase(round_: Round, phase: str, actor, *, keep_voting: bool = False) -> bool:
    """Move the round to another phase; False if it was there already (e.g. a double click).

    Entering the voting phase opens voting and leaving it closes it (each audited on its
    own), unless `keep_voting` says the facilitator chose to leave voting as it is.
    """
    _check_manager(round_, actor)
    if not phases.is_phase(phase):
        raise ManageError(_l("Choose one of the phases."))
    if phase == round_.phase:
        return False
    before = round_.phase
    planned = phases.voting_with_phase(before, phase, round_.voting_open)
    voting = voting_plan(round_, phase, keep_voting)
    round_.phase = phase
    # Retention periods count from the closing; a round opened again is not closed.
    round_.closed_at = utcnow() if phases.closes_round(phase) else None
    round_.phase_changes.append(PhaseChange(phase=phase, changed_at=utcnow(),
                                            changed_by_id=getattr(actor, "id", None)))
    details = {"before": before, "after": phase}
    if planned is not None and voting is None:
        details["voting_kept"] = "open" if round_.voting_open else "closed"
    record("round.phase_changed", round_, actor=actor, round_id=round_.id,
           model_area_id=round_.model_area_id, **details)
    if voting is not None:
        _switch_voting(round_, voting, actor, with_phase=phase)
    db.session.flush()
    return True


def _switch_voting(round_: Round, open_: bool, actor, **details) -> None:
    round_.voting_open = open_
    if open_ and round_.voting_first_opened_at is None:
        round_.voting_first_opened_at = utcnow()
    record("round.voting_opened" if open_ else "round.voting_closed", round_, actor=actor,
           round_id=round_.id, model_area_id=round_.model_area_id, **details)


def set_voting_open(round_: Round, open_: bool, actor) -> bool:
    """Open or close voting; False if it already was so."""
    _check_manager(round_, actor)
    if open_ and not phases.can_open_voting(round_):
        raise ManageError(_l("Voting can only open while the round is running. Move it to "
                             "another phase first."))
    if round_.voting_open == open_:
        return False
    _switch_voting(round_, open_, actor)
    db.session.flush()
    return True


def phase_move_effects(round_: Round, phase: str, keep_voting: bool = False) -> list[str]:
    """What residents will notice if the round moves to `phase`, voting included."""
    return resident_effects(round_, phase=phase,
                            voting_open=voting_plan(round_, phase, keep_voting))


# -- counts --------------------------------------------------------------------------------

def round_counts(round_: Round) -> dict:
    """Participants, needs by status, votes and tickets, for the workspace page."""
    participants = db.session.scalar(select(func.count(Participant.id)).where(
        Participant.round_id == round_.id, Participant.erased_at.is_(None))) or 0
    # A need merged while hidden counts as merged: the facilitator merged it all the same.
    by_status = {status: 0 for status in NeedStatus if status != NeedStatus.MERGED_HIDDEN}
    for status, count in db.session.execute(
            select(Need.status, func.count(Need.id)).where(Need.round_id == round_.id)
            .group_by(Need.status)):
        shown_as = NeedStatus.MERGED if status == NeedStatus.MERGED_HIDDEN else NeedStatus(status)
        by_status[shown_as] += count
    votes, dots, voters = db.session.execute(
        select(func.count(Vote.id), func.coalesce(func.sum(Vote.dots), 0),
               func.count(func.distinct(Vote.participant_id)))
        .where(Vote.round_id == round_.id)).one()
    tickets_unused, tickets_used = (db.session.scalar(
        select(func.count(Ticket.id)).where(Ticket.round_id == round_.id, condition)) or 0
        for condition in (Ticket.used_at.is_(None), Ticket.used_at.is_not(None)))
    return {"participants": participants, "needs": by_status, "votes": votes,
            "dots": int(dots), "voters": voters, "tickets_unused": tickets_unused,
            "tickets_used": tickets_used}


# -- tickets -------------------------------------------------------------------------------

def generate_tickets(round_: Round, count: int | None, actor) -> list[Ticket]:
    """Draw one-time ticket codes for the printed sheet (audited, with the tickets)."""
    _check_manager(round_, actor)
    if not round_.ticket_mode:
        raise ManageError(_l("Turn on ticket mode in the round's settings first."))
    if count is None or not 1 <= count <= TICKETS_MAX:
        raise ManageError(_l("Choose between 1 and %(max)d tickets.", max=TICKETS_MAX))
    tickets = create_tickets(round_, count)
    record("round.tickets_created", round_, actor=actor, round_id=round_.id,
           model_area_id=round_.model_area_id, count=count)
    db.session.flush()
    return tickets


def unused_tickets(round_: Round) -> list[Ticket]:
    return list(db.session.scalars(
        select(Ticket).where(Ticket.round_id == round_.id, Ticket.used_at.is_(None))
        .order_by(Ticket.id)))


# -- moderation ----------------------------------------------------------------------------

MODERATED = (NeedStatus.PENDING, NeedStatus.VISIBLE, NeedStatus.HIDDEN)


def need_in_round(round_: Round, need_id: int | None) -> Need | None:
    need = db.session.get(Need, need_id) if need_id else None
    return need if need is not None and need.round_id == round_.id else None


def moderation_rows(round_: Round, status: str | None = None) -> list[tuple[Need, int]]:
    """The queue: pending first, then visible and hidden; each need with its support."""
    queue = needs.moderation_queue(round_, status if status in MODERATED else None)
    support = needs.support_of(n.id for n in queue)
    return [(need, support.get(need.id, 0)) for need in queue]


def approve(need: Need, actor) -> bool:
    """Make a pending or hidden need public; False if it already was."""
    _check_manager(need.round, actor)
    if need.status == NeedStatus.VISIBLE:
        return False
    if need.status not in MODERATED:
        raise ManageError(_l("This need can no longer be approved."))
    needs.approve_need(need, actor)
    return True


def hide(need: Need, actor, reason: str) -> None:
    """Hide the need from everyone but its author, with the reason they will see."""
    _check_manager(need.round, actor)
    if need.status not in MODERATED:
        raise ManageError(_l("This need can no longer be hidden."))
    if not reason or not reason.strip():
        raise ManageError(_l("Write the reason the author will see."))
    needs.hide_need(need, actor, reason)


def merge_targets(duplicate: Need) -> list[tuple[Need, int]]:
    """The visible needs of the round a duplicate can be merged into, oldest first."""
    candidates = list(db.session.scalars(
        select(Need).where(Need.round_id == duplicate.round_id, Need.id != duplicate.id,
                           Need.status == NeedStatus.VISIBLE).order_by(Need.id)))
    support = needs.support_of(n.id for n in candidates)
    return [(need, support.get(need.id, 0)) for need in candidates]


def merge(duplicate: Need, into: Need | None, actor) -> None:
    """Merge a duplicate into another need of its round; the votes move with it."""
    _check_manager(duplicate.round, actor)
    if into is None or into.id == duplicate.id or into.round_id != duplicate.round_id:
        raise ManageError(_l("Choose another need of the same round to merge into."))
    if into.status != NeedStatus.VISIBLE:
        raise ManageError(_l("Needs can only be merged into a visible need."))
    if duplicate.status not in MODERATED:
        raise ManageError(_l("This need has already been merged or withdrawn."))
    round_ = duplicate.round
    needs.merge_needs(duplicate, into, actor)
    if phases.results_visible(round_):
        support = needs.support_of([into.id]).get(into.id, 0)
        round_id, into_id = round_.id, into.id
        after_commit(lambda: publish(round_room(round_id), "need", "support",
                                     need_id=into_id, support=support))


# -- referring a need to an organisation ---------------------------------------------------

def referral_organisations(round_: Round) -> list:
    """Where a need can be referred: any organisation of the round's model area (the other
    principal, typically), the region first."""
    return sorted(round_.model_area.organisations, key=lambda o: (o.kind != "region", o.name))


def refer(need: Need, actor, organisation_id: int | None, reason: str) -> None:
    """Refer the need to an organisation of the area, with a reason residents read on it.

    A need referred before is referred anew (the organisation or the reason changes)."""
    round_ = need.round
    _check_manager(round_, actor)
    if phases.is_closed(round_):
        raise ManageError(_l("The round is closed: its needs can no longer be referred."))
    if need.status not in MODERATED:
        raise ManageError(_l("This need can no longer be referred."))
    organisation = next((o for o in referral_organisations(round_)
                         if o.id == organisation_id), None)
    if organisation is None:
        raise ManageError(_l("Choose an organisation of the round's model area."))
    if not reason or not reason.strip():
        raise ManageError(_l("Write the reason residents will see."))
    referral = db.session.get(NeedReferral, need.id)
    if referral is None:
        referral = NeedReferral(need_id=need.id)
        db.session.add(referral)
    elif (referral.organisation_id, referral.reason) == (organisation.id, reason):
        return
    referral.organisation_id, referral.reason = organisation.id, reason
    referral.referred_at, referral.referred_by_id = utcnow(), actor.id
    record("need.referred", need, actor=actor, reason=reason, round_id=round_.id,
           model_area_id=round_.model_area_id, organisation_id=organisation.id)
    db.session.flush()


def withdraw_referral(need: Need, actor) -> bool:
    """Undo the referral; False if the need was not referred."""
    round_ = need.round
    _check_manager(round_, actor)
    if phases.is_closed(round_):
        raise ManageError(_l("The round is closed: its needs can no longer be referred."))
    referral = db.session.get(NeedReferral, need.id)
    if referral is None:
        return False
    record("need.referral_withdrawn", need, actor=actor, round_id=round_.id,
           model_area_id=round_.model_area_id, organisation_id=referral.organisation_id)
    db.session.delete(referral)
    db.session.flush()
    return True
