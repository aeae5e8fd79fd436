"""The demo's round where the politicians respond (Ramsele 2026), built through the services.

Loaded by `samskapande demo` with the past round, in the same model area and with the same
staff. Like samskapande.demo_past, its needs, supporters and meeting posts are stored as
rows (as a resident's actions leave them) and its phases, themes, responses and
signatures go through the staff services; it stops in the phase "Politikerna svarar", so
everyone's "Att göra" has work in it:

- Sollefteå kommun's politician: a joint draft Region Västernorrland has signed, waiting
  for the kommun's signature;
- the region's politician (its author): a published joint response whose region signature
  was removed when the kommun proposed a change, and that change to sign;
- the facilitator, and the politicians and officials of both organisations: a theme with
  no response yet.

The round started some four months ago, after the 2025 round and before today's round;
its phase changes are dated on the days its phases started.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from samskapande import demo_ramsele_content as content
from samskapande.accounts.models import User
from samskapande.areas.models import ModelArea
from samskapande.core import swedish
from samskapande.core.models import utcnow
from samskapande.demo_past import build_themes
from samskapande.extensions import db
from samskapande.live.models import Meeting, Message, MessageKind, QuestionAnswer
from samskapande.manage import services as manage
from samskapande.needs.models import Need
from samskapande.responses import commitments
from samskapande.responses import services as responses
from samskapande.rounds.models import (
    Participant,
    Phase,
    PhaseChange,
    PhaseDates,
    ProfileAnswer,
    ProfileQuestion,
    Round,
)
from samskapande.voting.models import Vote

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# The plan, in days from today: needs were collected from four months ago, the meeting
# was two months ago and the politicians respond until three weeks from now.
SCHEDULE = ((Phase.COLLECT, -120, -92), (Phase.VOTE, -91, -70), (Phase.MEET, -63, -63),
            (Phase.SYNTHESISE, -62, -30), (Phase.RESPOND, -29, 21),
            (Phase.FOLLOW_UP, 22, 200))
DRAFTED_DAYS_BEFORE = 14


def load_ramsele_round(area: ModelArea, questions_from: Round, resume_code) -> Round:
    """Load the round once (found by its code afterwards); the caller commits.

    The facilitator moves it phase by phase with the phase service up to "Politikerna
    svarar", each step's rows made in its phase; the timeline is then dated.
    """
    round_ = db.session.scalar(select(Round).where(Round.code == content.ROUND["code"]))
    if round_ is not None:
        return round_
    today = utcnow().astimezone(STOCKHOLM).date()
    round_ = Round(model_area=area, code=content.ROUND["code"], title=content.ROUND["title"],
                   place=content.ROUND["place"], description=content.ROUND["description"],
                   phase=Phase.DRAFT)
    round_.schedule = [
        PhaseDates(phase=phase, starts_on=today + timedelta(days=start),
                   ends_on=today + timedelta(days=end))
        for phase, start, end in SCHEDULE]
    round_.phase_changes = [PhaseChange(phase=Phase.DRAFT, changed_at=utcnow())]
    round_.profile_questions = [
        ProfileQuestion(key=question.key, label=question.label, options=question.options,
                        position=question.position)
        for question in questions_from.profile_questions]
    db.session.add(round_)
    db.session.flush()

    people = {user.email: user for user in db.session.scalars(select(User))}
    organisations = {org.kind: org for org in area.organisations}
    organisation_of = {"region": organisations["region"], "kommun": organisations["municipality"]}
    facilitator = people["facilitator@demo.samskapande.se"]
    manage.change_phase(round_, Phase.COLLECT, facilitator)
    participants = _participants(round_, resume_code)
    needs = _needs(round_, participants, today)
    manage.change_phase(round_, Phase.VOTE, facilitator)
    _support(round_, needs, participants)
    manage.change_phase(round_, Phase.MEET, facilitator)
    _meeting(round_, participants, people, organisation_of, today)
    manage.change_phase(round_, Phase.SYNTHESISE, facilitator)
    theme_of = build_themes(round_, needs, facilitator, content.THEMES)
    manage.change_phase(round_, Phase.RESPOND, facilitator)
    _responses(round_, theme_of, people, organisation_of, today)
    _date_the_timeline(round_, today)
    return round_


def _at(day, hour=12) -> datetime:
    return datetime.combine(day, time(hour), STOCKHOLM)


def _days_ago(days: int, hour: int = 10) -> datetime:
    return _at(utcnow().astimezone(STOCKHOLM).date() - timedelta(days=days), hour)


def _date_the_timeline(round_: Round, today) -> None:
    """Each phase change on the day its phase started; prepared two weeks before."""
    started = {phase: today + timedelta(days=start) for phase, start, _end in SCHEDULE}
    started[Phase.DRAFT] = started[Phase.COLLECT] - timedelta(days=DRAFTED_DAYS_BEFORE)
    for change in round_.phase_changes:
        change.changed_at = _at(started[change.phase], 9)
    if round_.voting_first_opened_at is not None:
        round_.voting_first_opened_at = _at(started[Phase.VOTE], 9)
    db.session.flush()


def _participants(round_: Round, resume_code) -> dict[str, Participant]:
    questions = {q.key: q for q in round_.profile_questions}
    participants = {}
    for person in content.PARTICIPANTS:
        participant = Participant(round=round_, resume_code=resume_code(person["key"]),
                                  display_name=person["display_name"])
        participant.profile_answers = [ProfileAnswer(question=questions[key], value=value)
                                       for key, value in person["profile"].items()]
        db.session.add(participant)
        participants[person["key"]] = participant
    db.session.flush()
    return participants


def _needs(round_: Round, participants: dict, today) -> list[tuple[Need, dict]]:
    collected_from = today + timedelta(days=SCHEDULE[0][1])
    needs = []
    for number, data in enumerate(content.NEEDS):
        need = Need(round=round_, participant=participants[data["author"]], text=data["text"],
                    search_terms=swedish.search_terms(data["text"]),
                    created_at=_at(collected_from + timedelta(days=2 * number)))
        db.session.add(need)
        needs.append((need, data))
    db.session.flush()
    return needs


def _support(round_: Round, needs, participants: dict) -> None:
    for need, data in needs:
        for key in data["supporters"]:
            db.session.add(Vote(round_id=round_.id, need_id=need.id,
                                participant_id=participants[key].id, dots=1))
            participants[key].dots_used = (participants[key].dots_used or 0) + 1
    db.session.flush()


def _meeting(round_, participants, people, organisation_of, today) -> None:
    day = today + timedelta(days=SCHEDULE[2][1])
    starts = _at(day, 18) + timedelta(minutes=30)
    meeting = Meeting(round=round_, title=content.MEETING["title"],
                      location=content.MEETING["location"],
                      description=content.MEETING["description"], starts_at=starts,
                      ends_at=starts + timedelta(hours=2), chat_open=False)
    db.session.add(meeting)
    db.session.flush()
    for minute, post in enumerate(content.POSTS):
        at = starts + timedelta(minutes=10 + 15 * minute)
        message = Message(meeting_id=meeting.id, participant_id=participants[post["author"]].id,
                          kind=MessageKind(post["kind"]), text=post["text"], created_at=at)
        if "asks" in post:
            message.directed_organisation_id = organisation_of[post["asks"]].id
        if "answer" in post:
            email, text = post["answer"]
            answerer = people[email]
            message.answers.append(QuestionAnswer(user_id=answerer.id, text=text,
                                                  created_at=at + timedelta(minutes=5)))
            message.answered_at, message.answered_by_id = at + timedelta(minutes=5), answerer.id
        db.session.add(message)
    db.session.flush()


def _responses(round_, theme_of, people, organisation_of, today) -> None:
    """Each response drafted with its commitments and signed by those who have signed;
    a change proposed after publishing is signed by its proposer, which leaves the other
    organisation's signature removed. Themes without a response wait for one."""
    for data in content.RESPONSES:
        author = people[data["by"]]
        response = responses.create_draft(
            round_, author, theme=theme_of[data["theme"]], stance=data["stance"],
            text=data["text"],
            organisation_ids=[organisation_of[key].id for key in data["organisations"]])
        for promise in data["commitments"]:
            organisation = organisation_of[promise["organisation"]]
            promiser = next(user for user in people.values()
                            if user.organisation_id == organisation.id
                            and user.role == "politician")
            commitments.add_commitment(
                response, promiser, organisation_id=organisation.id, text=promise["text"],
                due_on=today + timedelta(days=promise["due_days"]),
                responsible_role=promise["role"])
        for email in data["signed_by"]:
            responses.sign(response, people[email], responses.fingerprint(response))
        days = data["days_ago"]
        drafted, signed = _days_ago(days["drafted"]), _days_ago(days["signed"], 14)
        response.created_at = drafted
        for commitment in response.commitments:
            commitment.created_at = drafted
        for link in response.organisations:
            if link.signed_at is not None:
                link.signed_at = signed
        if response.published_at is not None:
            response.published_at = signed
            for version in response.versions:
                version.created_at = signed
        if "change" in data:
            proposer = people[data["change"]["by"]]
            responses.edit(response, proposer, stance=response.stance,
                           text=data["change"]["text"])
            responses.sign(response, proposer, responses.fingerprint(response))
            changed = _days_ago(days["changed"], 11)
            response.updated_at = changed
            for link in response.organisations:
                if link.cleared_at is not None:
                    link.cleared_at = changed
                if link.signed_by_id is not None:
                    link.signed_at = changed
    db.session.flush()
