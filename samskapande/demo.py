"""Loading the Näsåker demo: organisations, model area, round, needs, meeting and staff.

Idempotent: every record is found by a natural key (a name, an e-mail, a code, a text)
before it is created, so running it again changes nothing.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from samskapande import demo_content as content
from samskapande.accounts.models import User
from samskapande.areas.models import Category, Goal, ModelArea, Organisation
from samskapande.core import swedish
from samskapande.core.models import utcnow
from samskapande.demo_past import load_past_round
from samskapande.extensions import db
from samskapande.live.models import Meeting
from samskapande.needs.models import Need
from samskapande.rounds.models import (
    Participant,
    Phase,
    PhaseChange,
    PhaseDates,
    ProfileAnswer,
    ProfileQuestion,
    Round,
)
from samskapande.rounds.services import CODE_ALPHABET, format_resume_code

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


def load_demo(production: bool, *, past_round: bool = True) -> Round:
    """Load the demo (idempotent) and return today's round; the caller commits.

    `past_round` also loads last year's round, now being followed up (samskapande.demo_past);
    the test suite's `demo` fixture leaves it out, to keep each test's world small.
    """
    if production:
        raise DemoRefused("The demo cannot be loaded into a production installation.")

    organisations = {
        org["key"]: _get_or_create(Organisation, {"name": org["name"]}, kind=org["kind"])
        for org in content.ORGANISATIONS
    }
    area_data = content.MODEL_AREA
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
        for position, cat in enumerate(content.CATEGORIES)
    }

    round_ = _load_round(area)
    _load_staff(organisations, area)
    _load_needs(round_, categories, goals)
    db.session.flush()
    if past_round:
        load_past_round(area, round_, demo_resume_code)
    return round_


def _load_round(area: ModelArea) -> Round:
    data = content.ROUND
    round_ = db.session.scalar(select(Round).where(Round.code == data["code"]))
    if round_ is not None:
        return round_
    round_ = Round(
        model_area=area, code=data["code"], title=data["title"], place=data["place"],
        description=data["description"], phase=Phase.COLLECT,
    )
    today = utcnow().astimezone(STOCKHOLM).date()
    schedule = [
        (Phase.COLLECT, today - timedelta(days=7), today + timedelta(days=14)),
        (Phase.VOTE, today + timedelta(days=15), today + timedelta(days=28)),
        (Phase.MEET, today + timedelta(days=30), today + timedelta(days=30)),
        (Phase.RESPOND, today + timedelta(days=45), today + timedelta(days=75)),
    ]
    round_.schedule = [PhaseDates(phase=p, starts_on=s, ends_on=e) for p, s, e in schedule]
    # The round was prepared two weeks ago and has collected needs for a week.
    round_.phase_changes = [
        PhaseChange(phase=Phase.DRAFT, changed_at=utcnow() - timedelta(days=14)),
        PhaseChange(phase=Phase.COLLECT, changed_at=utcnow() - timedelta(days=7)),
    ]
    round_.profile_questions = [
        ProfileQuestion(key=q["key"], label=q["label"], options=q["options"], position=i)
        for i, q in enumerate(content.PROFILE_QUESTIONS)
    ]
    starts = datetime.combine(today + timedelta(days=30), time(18, 30), STOCKHOLM)
    db.session.add(round_)
    db.session.add(
        Meeting(round=round_, title=content.MEETING["title"],
                location=content.MEETING["location"],
                description=content.MEETING["description"],
                starts_at=starts, ends_at=starts + timedelta(hours=2))
    )
    db.session.flush()
    return round_


def _load_staff(organisations: dict, area: ModelArea) -> None:
    for person in content.STAFF:
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


def _load_needs(round_: Round, categories: dict, goals: dict) -> None:
    questions = {q.key: q for q in round_.profile_questions}
    participants = {}
    for person in content.PARTICIPANTS:
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
    for need in content.NEEDS:
        if need["text"] in existing:
            continue
        db.session.add(
            Need(
                round=round_, participant=participants[need["author"]], text=need["text"],
                search_terms=swedish.search_terms(need["text"]),
                category=categories.get(need["category"]), goal=goals.get(need["goal"]),
            )
        )
