"""Loading the demo: two model areas, each with organisations, goals, staff and rounds.

Idempotent: every record is found by a natural key (a name, an e-mail, a code, a text)
before it is created, so running it again changes nothing.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from samskapande import demo_content as content
from samskapande import demo_norrbotten_content as norrbotten
from samskapande.accounts.models import User
from samskapande.areas.models import Category, Goal, ModelArea, Organisation
from samskapande.core import swedish
from samskapande.core.models import utcnow
from samskapande.demo_past import load_mandates, load_past_round
from samskapande.demo_ramsele import load_ramsele_round
from samskapande.extensions import db
from samskapande.live.models import Meeting, Message, MessageKind
from samskapande.needs.models import Need, NeedStatus
from samskapande.rounds.models import (
    ModerationMode,
    Participant,
    Phase,
    PhaseChange,
    PhaseDates,
    ProfileAnswer,
    ProfileQuestion,
    Round,
)
from samskapande.rounds.services import CODE_ALPHABET, format_resume_code
from samskapande.voting.models import Vote

DEMO_PASSWORD = "demo"  # noqa: S105  (documented demo accounts, refused in production)
STOCKHOLM = ZoneInfo("Europe/Stockholm")


class DemoRefused(RuntimeError):
    pass


def demo_resume_code(key: str) -> str:
    """A fixed resume code per demo participant, so a second load finds the same people."""
    digest = hashlib.sha256(f"samskapande-demo:{key}".encode()).digest()
    return format_resume_code("".join(CODE_ALPHABET[b % len(CODE_ALPHABET)] for b in digest[:8]))


def _get_or_create(model, lookup: dict, **values):
    instance = db.session.scalar(select(model).filter_by(**lookup))
    if instance is None:
        instance = model(**lookup, **values)
        db.session.add(instance)
        db.session.flush()
    return instance


def load_demo(production: bool, *, past_round: bool = True, second_area: bool = True) -> Round:
    """Load the demo (idempotent) and return today's Näsåker round; the caller commits.

    `past_round` also loads last year's round, now closed (samskapande.demo_past), and
    Ramsele's round, where the politicians are responding (samskapande.demo_ramsele), and
    today's round's signed frames ("Våra ramar");
    `second_area` the model area Östra Norrbotten with its round collecting needs
    (demo_norrbotten_content); the test suite's `demo` fixture leaves both out, to keep
    each test's world small.
    """
    if production:
        raise DemoRefused("The demo cannot be loaded into a production installation.")

    area, round_ = _load_area(content)
    if past_round:
        _load_mandates(area, round_)  # with the other rounds: tests' demo keeps no audit rows
        load_past_round(area, round_, demo_resume_code)
        load_ramsele_round(area, round_, demo_resume_code)
    if second_area:
        _load_area(norrbotten)
    return round_


def _load_mandates(area: ModelArea, round_: Round) -> None:
    """Today's round: each principal's signed frame, a week before collecting began."""
    people = {user.email: user for user in db.session.scalars(select(User))}
    organisations = {org.kind: org for org in area.organisations}
    organisation_of = {"region": organisations["region"], "kommun": organisations["municipality"]}
    load_mandates(round_, content.MANDATES, people, organisation_of,
                  signed_at=utcnow() - timedelta(days=9))


def demo_accounts() -> list[tuple[str, str, str]]:
    """Every demo staff account as (e-mail, role, model area), for the command's output."""
    return [(person["email"], person["role"],
             "" if person["role"] == "admin" else data.MODEL_AREA["name"])
            for data in (content, norrbotten) for person in data.STAFF]


def _load_area(data) -> tuple[ModelArea, Round]:
    """One model area with its organisations, goals, staff and round collecting needs, from
    a content module (demo_content, demo_norrbotten_content)."""
    organisations = {
        org["key"]: _get_or_create(Organisation, {"name": org["name"]}, kind=org["kind"])
        for org in data.ORGANISATIONS
    }
    area_data = data.MODEL_AREA
    area = _get_or_create(
        ModelArea, {"slug": area_data["slug"]},
        name=area_data["name"], description=area_data["description"],
    )
    for key in area_data["organisations"]:
        if organisations[key] not in area.organisations:
            area.organisations.append(organisations[key])
    goals = {
        goal["key"]: _get_or_create(
            Goal, {"model_area_id": area.id, "title": goal["title"]},
            description=goal["description"], position=position,
        )
        for position, goal in enumerate(area_data["goals"])
    }
    categories = {
        cat["key"]: _get_or_create(
            Category, {"model_area_id": area.id, "key": cat["key"]},
            label=cat["label"], position=position,
        )
        for position, cat in enumerate(data.CATEGORIES)
    }

    round_ = _load_round(area, data)
    _load_staff(data, organisations, area)
    participants = _load_needs(round_, data, categories, goals)
    _load_questions(round_, data, participants, organisations)
    db.session.flush()
    return area, round_


def _load_round(area: ModelArea, data) -> Round:
    found = db.session.scalar(select(Round).where(Round.code == data.ROUND["code"]))
    if found is not None:
        return found
    round_ = Round(
        model_area=area, code=data.ROUND["code"], title=data.ROUND["title"],
        place=data.ROUND["place"], description=data.ROUND["description"], phase=Phase.COLLECT,
        moderation=data.ROUND.get("moderation", ModerationMode.POST),
    )
    today = utcnow().astimezone(STOCKHOLM).date()
    meeting_day = today + timedelta(days=data.MEETING.get("in_days", 30))
    schedule = [
        (Phase.COLLECT, today - timedelta(days=7), today + timedelta(days=14)),
        (Phase.VOTE, today + timedelta(days=15), meeting_day - timedelta(days=2)),
        (Phase.MEET, meeting_day, meeting_day),
        (Phase.RESPOND, meeting_day + timedelta(days=15), meeting_day + timedelta(days=45)),
    ]
    round_.schedule = [PhaseDates(phase=p, starts_on=s, ends_on=e) for p, s, e in schedule]
    # The round was prepared two weeks ago and has collected needs for a week.
    round_.phase_changes = [
        PhaseChange(phase=Phase.DRAFT, changed_at=utcnow() - timedelta(days=14)),
        PhaseChange(phase=Phase.COLLECT, changed_at=utcnow() - timedelta(days=7)),
    ]
    round_.profile_questions = [
        ProfileQuestion(key=q["key"], label=q["label"], options=q["options"], position=i)
        for i, q in enumerate(data.PROFILE_QUESTIONS)
    ]
    starts = datetime.combine(meeting_day, time(18, 30), STOCKHOLM)
    db.session.add(round_)
    db.session.add(
        Meeting(round=round_, title=data.MEETING["title"],
                location=data.MEETING["location"],
                description=data.MEETING["description"],
                starts_at=starts, ends_at=starts + timedelta(hours=2))
    )
    db.session.flush()
    return round_


def _load_staff(data, organisations: dict, area: ModelArea) -> None:
    for person in data.STAFF:
        user = db.session.scalar(select(User).where(User.email == person["email"]))
        if user is not None:
            continue
        user = User(
            email=person["email"], name=person["name"], role=person["role"],
            title=person["title"], party=person["party"],
            organisation=organisations.get(person["organisation"]),
        )
        user.set_password(DEMO_PASSWORD)
        if person["role"] == "facilitator":
            user.model_areas.append(area)
        db.session.add(user)
    db.session.flush()


def _load_needs(round_: Round, data, categories: dict, goals: dict) -> dict[str, Participant]:
    questions = {q.key: q for q in round_.profile_questions}
    participants = {}
    for person in data.PARTICIPANTS:
        code = demo_resume_code(person["key"])
        participant = db.session.scalar(select(Participant).where(Participant.resume_code == code))
        if participant is None:
            participant = Participant(
                round=round_, resume_code=code, display_name=person["display_name"]
            )
            participant.profile_answers = [
                ProfileAnswer(question=questions[key], value=value)
                for key, value in person["profile"].items()
            ]
            db.session.add(participant)
        participants[person["key"]] = participant
    db.session.flush()

    existing = set(db.session.scalars(select(Need.text).where(Need.round_id == round_.id)))
    for need_data in data.NEEDS:
        if need_data["text"] in existing:
            continue
        need = Need(
            round=round_, participant=participants[need_data["author"]], text=need_data["text"],
            search_terms=swedish.search_terms(need_data["text"]),
            category=categories.get(need_data["category"]), goal=goals.get(need_data["goal"]),
            status=need_data.get("status", NeedStatus.VISIBLE),
        )
        db.session.add(need)
        db.session.flush()
        for key in need_data.get("supporters", ()):  # support as a resident's click leaves it
            db.session.add(Vote(round_id=round_.id, need_id=need.id,
                                participant_id=participants[key].id, dots=1))
            participants[key].dots_used = (participants[key].dots_used or 0) + 1
    db.session.flush()
    return participants


def _load_questions(round_: Round, data, participants: dict, organisations: dict) -> None:
    """Questions residents asked ahead of the meeting, each to one organisation."""
    meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == round_.id)
                                .order_by(Meeting.id).limit(1))
    asked = set(db.session.scalars(select(Message.text).where(Message.meeting_id == meeting.id)))
    for number, post in enumerate(getattr(data, "POSTS", ())):
        if post["text"] in asked:
            continue
        db.session.add(Message(
            meeting_id=meeting.id, participant_id=participants[post["author"]].id,
            kind=MessageKind(post["kind"]), text=post["text"],
            directed_organisation_id=organisations[post["asks"]].id,
            created_at=utcnow() - timedelta(days=3, hours=number)))
    db.session.flush()
