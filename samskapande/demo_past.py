"""The demo's past round (Näsåker 2025), built through the services a real round uses.

Loaded by `samskapande demo` after today's round, in the same model area and with the same
staff. Its needs, supporters, meeting posts and poll answers are stored as rows (as a
resident's actions leave them); its phases, themes, responses, signatures and follow-up go
through the staff services, so the timeline, the audit log, the public record and
everyone's "Att göra" are what a round really leaves behind. The round closed a month
ago: every theme has a joint response signed by both organisations, and the commitments
outlive the round (one done, one in progress, one due within 30 days, one overdue), as
do two meeting questions nobody has answered yet, one to each organisation.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from samskapande import demo_content
from samskapande import demo_past_content as content
from samskapande.accounts.models import User
from samskapande.areas.models import Goal, ModelArea
from samskapande.core import swedish
from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.live.models import (
    Meeting,
    Message,
    MessageKind,
    Poll,
    PollAnswer,
    PollBallot,
    PollKind,
    PollOption,
    PollStatus,
    QuestionAnswer,
)
from samskapande.manage import services as manage
from samskapande.needs.models import Need, NeedReferral
from samskapande.responses import commitments, mandates
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
from samskapande.themes import services as themes
from samskapande.voting.models import Vote

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def load_past_round(area: ModelArea, questions_from: Round, resume_code) -> Round:
    """Load the past round once (found by its code afterwards); the caller commits.

    The facilitator moves it through every phase with the phase service, as she would,
    and each step's rows are made in its phase; the timeline's dates are then set back
    to when they happened last year.
    """
    round_ = db.session.scalar(select(Round).where(Round.code == content.ROUND["code"]))
    if round_ is not None:
        return round_
    today = utcnow().astimezone(STOCKHOLM).date()
    year_ago = today - timedelta(days=365)
    round_ = Round(model_area=area, code=content.ROUND["code"], title=content.ROUND["title"],
                   place=content.ROUND["place"], description=content.ROUND["description"],
                   phase=Phase.DRAFT)
    round_.schedule = [
        PhaseDates(phase=phase, starts_on=year_ago + timedelta(days=start),
                   ends_on=year_ago + timedelta(days=end))
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
    load_mandates(round_, content.MANDATES, people, organisation_of,
                  signed_at=_at(year_ago - timedelta(days=3)))
    manage.change_phase(round_, Phase.COLLECT, facilitator)
    participants = _participants(round_, resume_code)
    needs = _needs(round_, participants, year_ago)
    _referral(needs, organisation_of, facilitator, year_ago)
    manage.change_phase(round_, Phase.VOTE, facilitator)
    _support(round_, needs, participants)
    manage.change_phase(round_, Phase.MEET, facilitator)
    _meeting(round_, participants, people, organisation_of, year_ago)
    manage.change_phase(round_, Phase.SYNTHESISE, facilitator)
    theme_of = build_themes(round_, needs, facilitator, content.THEMES)
    manage.change_phase(round_, Phase.RESPOND, facilitator)
    made = _responses(round_, theme_of, people, organisation_of, today)
    manage.change_phase(round_, Phase.FOLLOW_UP, facilitator)
    _updates(made, people)
    manage.change_phase(round_, Phase.CLOSED, facilitator)
    _date_the_timeline(round_, year_ago, today)
    return round_


# Last year's plan, in days from a year ago; follow-up ran until a month before today.
SCHEDULE = ((Phase.COLLECT, 0, 21), (Phase.VOTE, 22, 35), (Phase.MEET, 40, 40),
            (Phase.SYNTHESISE, 41, 60), (Phase.RESPOND, 61, 90), (Phase.FOLLOW_UP, 91, 334))
CLOSED_DAYS_AGO = 30


def _date_the_timeline(round_: Round, year_ago, today) -> None:
    """Each phase change on the day its phase started last year; closed a month ago."""
    started = {phase: year_ago + timedelta(days=start) for phase, start, _end in SCHEDULE}
    started[Phase.DRAFT] = year_ago - timedelta(days=14)
    started[Phase.CLOSED] = today - timedelta(days=CLOSED_DAYS_AGO)
    for change in round_.phase_changes:
        change.changed_at = _at(started[change.phase], 9)
    round_.closed_at = _at(started[Phase.CLOSED], 9)
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


def load_mandates(round_: Round, data, people: dict, organisation_of: dict, *,
                  signed_at: datetime | None = None) -> None:
    """Each principal's frame, written by its staff and signed by its politician (once)."""
    for item in data:
        organisation = organisation_of[item["organisation"]]
        if mandates.mandate_of(round_, organisation.id) is not None:
            continue
        mandate, _ = mandates.save(round_, people[item["by"]], organisation.id,
                                   can_decide=item["can_decide"],
                                   cannot_decide=item["cannot_decide"], budget=item["budget"])
        mandates.sign(mandate, people[item["signed_by"]], mandates.fingerprint(mandate))
        if signed_at is not None:
            mandate.created_at = mandate.updated_at = signed_at
            mandate.signed_at = mandate.published_at = signed_at


def _referral(needs, organisation_of: dict, facilitator, year_ago) -> None:
    need = next(need for need, _ in needs if need.text.startswith(content.REFERRAL["need"]))
    manage.refer(need, facilitator, organisation_of[content.REFERRAL["organisation"]].id,
                 content.REFERRAL["reason"])
    referral = db.session.get(NeedReferral, need.id)
    referral.referred_at = _at(year_ago + timedelta(days=20))


def _at(day, hour=12) -> datetime:
    return datetime.combine(day, time(hour), STOCKHOLM)


def _needs(round_: Round, participants: dict, year_ago) -> list[tuple[Need, dict]]:
    needs = []
    for number, data in enumerate(content.NEEDS):
        need = Need(round=round_, participant=participants[data["author"]], text=data["text"],
                    search_terms=swedish.search_terms(data["text"]),
                    created_at=_at(year_ago + timedelta(days=number % 20)))
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


def _meeting(round_, participants, people, organisation_of, year_ago) -> None:
    starts = _at(year_ago + timedelta(days=40), 18) + timedelta(minutes=30)
    meeting = Meeting(round=round_, title=content.MEETING["title"],
                      location=content.MEETING["location"],
                      description=content.MEETING["description"], starts_at=starts,
                      ends_at=starts + timedelta(hours=2), chat_open=False)
    db.session.add(meeting)
    db.session.flush()
    for minute, post in enumerate(content.POSTS):
        at = starts + timedelta(minutes=10 + 12 * minute)
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
    poll = Poll(meeting_id=meeting.id, question=content.POLL["question"],
                kind=PollKind.SINGLE, status=PollStatus.CLOSED,
                opened_at=starts + timedelta(minutes=80), closed_at=starts + timedelta(minutes=85))
    poll.options = [PollOption(label=label, position=position)
                    for position, label in enumerate(content.POLL["options"])]
    db.session.add(poll)
    db.session.flush()
    for key, index in content.POLL["answers"].items():
        participant_id = participants[key].id
        db.session.add(PollBallot(poll_id=poll.id, participant_id=participant_id))
        db.session.add(PollAnswer(poll_id=poll.id, option_id=poll.options[index].id,
                                  participant_id=participant_id))
    db.session.flush()


def build_themes(round_: Round, needs, facilitator, theme_data: dict) -> dict:
    """The round's themes from the demo's `theme_data`, each with its needs moved in, linked
    to its goal, approved, and all published; returns them by key (also demo_ramsele's)."""
    goals = {goal.title: goal for goal in db.session.scalars(
        select(Goal).where(Goal.model_area_id == round_.model_area_id))}
    goal_titles = {goal["key"]: goal["title"] for goal in demo_content.MODEL_AREA["goals"]}
    theme_of = {}
    for key, data in theme_data.items():
        theme = themes.create_theme(round_, facilitator, data["title"], data["summary"])
        for need, need_data in needs:
            if need_data["theme"] == key:
                themes.move_need(need, theme, facilitator)
        themes.link_goal(theme, goals[goal_titles[data["goal"]]], facilitator)
        themes.accept(theme, facilitator)
        theme_of[key] = theme
    themes.publish(round_, facilitator)
    return theme_of


def _responses(round_, theme_of, people, organisation_of, today) -> list:
    """Each response drafted, its commitments added and signed by every organisation it
    names; returns the commitments with the updates reported on them since."""
    made = []
    for data in content.RESPONSES:
        author = people[data["by"]]
        response = responses.create_draft(
            round_, author, theme=theme_of[data["theme"]], stance=data["stance"],
            text=data["text"],
            organisation_ids=[organisation_of[key].id for key in data["organisations"]],
            limits=[{"category": category, "text": text}
                    for category, text in data.get("limits", [])],
            who_decides=data.get("who_decides", ""))
        for promise in data["commitments"]:
            organisation = organisation_of[promise["organisation"]]
            promiser = next(user for user in people.values()
                            if user.organisation_id == organisation.id
                            and user.role == "politician")
            holder = people.get(promise.get("holder", ""))
            made.append((commitments.add_commitment(
                response, promiser, organisation_id=organisation.id, text=promise["text"],
                due_on=today + timedelta(days=promise["due_days"]),
                responsible_role=promise["role"], holder_id=holder.id if holder else None),
                promise["updates"]))
        for email in data["signed_by"]:
            responses.sign(response, people[email], responses.fingerprint(response))
        if response.published_at is not None:  # answered last winter, followed up since
            response.published_at = utcnow() - timedelta(days=data["published_days_ago"])
            for link in response.organisations:
                link.signed_at = response.published_at
            for version in response.versions:
                version.created_at = response.published_at
    db.session.flush()
    return made


def _updates(made, people) -> None:
    for commitment, updates in made:
        for email, status, text, days_ago in updates:
            update = commitments.post_update(commitment, people[email], text=text,
                                             status=status)
            update.created_at = utcnow() - timedelta(days=days_ago)
    db.session.flush()
