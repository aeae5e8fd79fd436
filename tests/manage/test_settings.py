"""Creating and editing a round: good settings are saved and audited, bad ones explained."""

from __future__ import annotations

from datetime import date

import pytest

from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.manage import services
from samskapande.manage.services import QuestionInput, RoundInvalid, RoundSettings
from samskapande.needs.models import Need
from samskapande.rounds.models import Participant, ProfileAnswer, ProfileQuestion, Round
from samskapande.voting.models import Vote
from tests.conftest import submit
from tests.manage.conftest import demo_area_id, facilitator

NEW = "/manage/rounds/new"


def settings(**values) -> RoundSettings:
    return RoundSettings(**{"title": "Vård i Junsele", "code": "JUNSELE", **values})


def the_round(code: str) -> Round | None:
    return db.session.scalar(db.select(Round).where(Round.code == code))


def audit_actions(round_id: int) -> list[str]:
    return list(db.session.scalars(
        db.select(AuditEvent.action).where(AuditEvent.round_id == round_id)
        .order_by(AuditEvent.id)))


# -- the services, called directly ---------------------------------------------------------

def test_a_new_round_is_a_draft_with_its_schedule_questions_and_an_audit_event(app, demo, ctx):
    round_ = services.create_round(demo_area_id(app), settings(
        code="jun-sele 2",
        voting_mode="dots", dots_per_participant=8, max_dots_per_need=3, moderation="pre",
        results_live=False, erasure_policy="delete", ticket_mode=True,
        schedule={"collect": (date(2025, 3, 1), date(2025, 3, 20)),
                  "meet": (date(2025, 4, 2), None)},
        questions=[QuestionInput("Var bor du?", ["Junsele", "Näsåker", "Annat"]),
                   QuestionInput(), QuestionInput("Ålder", ["Under 30", "30–64", "65+"])],
    ), actor=facilitator())
    assert round_.phase == "draft" and round_.code == "JUNSELE2"
    assert (round_.voting_mode, round_.dots_per_participant, round_.max_dots_per_need) == (
        "dots", 8, 3)
    assert (round_.moderation, round_.results_live, round_.erasure_policy,
            round_.ticket_mode) == ("pre", False, "delete", True)
    assert {s.phase: (s.starts_on, s.ends_on) for s in round_.schedule} == {
        "collect": (date(2025, 3, 1), date(2025, 3, 20)), "meet": (date(2025, 4, 2), None)}
    assert [(q.key, q.options) for q in round_.profile_questions] == [
        ("var_bor_du", ["Junsele", "Näsåker", "Annat"]), ("alder", ["Under 30", "30–64", "65+"])]
    assert audit_actions(round_.id) == ["round.created"]


@pytest.mark.parametrize("code", ["NASAKER", "nasaker", "Näs-åker", " n a s a k e r "])
def test_a_join_code_in_use_is_refused_however_it_is_typed(app, demo, ctx, code):
    with pytest.raises(RoundInvalid) as refused:
        services.create_round(demo_area_id(app), settings(code=code), actor=facilitator())
    assert list(refused.value.errors) == ["code"]


@pytest.mark.parametrize("code", ["ABC", "A" * 21, "<b>KOD</b>", "🙂🙂🙂🙂", "KOD\x00KOD", "ÆØÅÆØ",
                                  "KOD;DROP", ""])
def test_a_join_code_must_be_4_to_20_letters_or_digits(app, demo, ctx, code):
    errors = services.check_settings(settings(code=code))
    assert list(errors) == ["code"]


@pytest.mark.parametrize(("dots", "most", "field"), [
    (0, 1, "dots_per_participant"), (21, 2, "dots_per_participant"),
    (None, 2, "dots_per_participant"), (5, 6, "max_dots_per_need"),
    (5, 0, "max_dots_per_need"), (5, None, "max_dots_per_need"),
])
def test_dot_limits(app, ctx, dots, most, field):
    errors = services.check_settings(settings(voting_mode="dots", dots_per_participant=dots,
                                              max_dots_per_need=most))
    assert list(errors) == [field]


def test_dot_limits_do_not_matter_in_support_mode(app, ctx):
    assert services.check_settings(settings(voting_mode="support", dots_per_participant=99,
                                            max_dots_per_need=None)) == {}


def test_dates(app, ctx):
    errors = services.check_settings(settings(schedule={
        "collect": (date(2025, 3, 2), date(2025, 3, 1)),  # ends before it starts
        "vote": (None, date(2025, 4, 1)),                  # ends without a start
        "meet": (date(2025, 4, 2), date(2025, 4, 2)),      # one day: fine
    }))
    assert set(errors) == {"ends_collect", "starts_vote"}


def test_profile_question_rules(app, ctx):
    errors = services.check_settings(settings(questions=[
        QuestionInput("Var bor du?", []),
        QuestionInput("", ["Junsele"]),
        QuestionInput("Många", [str(n) for n in range(13)]),
        QuestionInput("Långa", ["x" * 121]),
        QuestionInput("Bra", ["Ja", "Nej"]),
    ]))
    assert set(errors) == {"q1_options", "q2_label", "q3_options", "q4_options"}


def test_options_are_one_per_line_without_blanks_or_repeats():
    assert services.parse_options(" Junsele \r\n\n Näsåker\nJunsele\n") == ["Junsele", "Näsåker"]


def test_question_keys_come_from_the_label_and_stay_unique():
    assert services.question_key("Var bor du?", set()) == "var_bor_du"
    assert services.question_key("Var bor du!", {"var_bor_du"}) == "var_bor_du_2"
    assert services.question_key("🙂", set()) == "question"
    assert len(services.question_key("ord " * 50, set())) <= 40


def _demo_round(demo) -> Round:
    return db.session.get(Round, demo["round_id"])


def test_editing_keeps_answers_whose_option_remains(app, demo, ctx):
    round_ = _demo_round(demo)
    question = round_.profile_questions[0]
    answers_before = db.session.scalars(db.select(ProfileAnswer.value).where(
        ProfileAnswer.question_id == question.id)).all()
    assert len(set(answers_before)) >= 2, "the demo should answer this question variously"
    kept_option = answers_before[0]
    new = RoundSettings.of(round_)
    new.questions[0] = QuestionInput(question.label + " (ändrad)", [kept_option, "Nytt svar"],
                                     question.id)
    changed = services.update_round(round_, new, actor=facilitator())

    assert "questions" in changed
    db.session.expire_all()
    again = db.session.get(ProfileQuestion, question.id)
    assert again.key == question.key and again.options == [kept_option, "Nytt svar"]
    remaining = db.session.scalars(db.select(ProfileAnswer.value).where(
        ProfileAnswer.question_id == question.id)).all()
    assert remaining and set(remaining) == {kept_option}
    assert remaining.count(kept_option) == answers_before.count(kept_option)
    assert audit_actions(round_.id)[-1] == "round.updated"


def test_removing_a_question_removes_its_answers_and_frees_its_key(app, demo, ctx):
    round_ = _demo_round(demo)
    first = round_.profile_questions[0]
    first_id, first_key = first.id, first.key
    new = RoundSettings.of(round_)
    # the first question is removed, and a new one whose label gives the same key is added
    new.questions = new.questions[1:] + [QuestionInput(first_key.title(), ["A", "B"])]
    services.update_round(round_, new, actor=facilitator())
    db.session.expire_all()
    assert db.session.get(ProfileQuestion, first_id) is None
    assert db.session.scalar(db.select(db.func.count(ProfileAnswer.id)).where(
        ProfileAnswer.question_id == first_id)) == 0
    assert _demo_round(demo).profile_questions[-1].key == first_key


def test_voting_settings_are_locked_once_votes_are_cast(app, demo, ctx):
    round_ = _demo_round(demo)
    need = db.session.scalar(db.select(Need).where(Need.round_id == round_.id))
    participant = db.session.scalar(db.select(Participant).where(
        Participant.round_id == round_.id))
    db.session.add(Vote(round_id=round_.id, need_id=need.id, participant_id=participant.id))
    db.session.commit()
    with pytest.raises(RoundInvalid) as refused:
        services.update_round(round_, _with(round_, voting_mode="dots"), actor=facilitator())
    assert "voting_mode" in refused.value.errors
    # other settings still change
    assert services.update_round(round_, _with(round_, title="Ny titel"), actor=facilitator()) == [
        "title"]


def _with(round_, **values) -> RoundSettings:
    current = RoundSettings.of(round_)
    for name, value in values.items():
        setattr(current, name, value)
    return current


def test_saving_unchanged_settings_records_nothing(app, demo, ctx):
    round_ = _demo_round(demo)
    assert services.update_round(round_, RoundSettings.of(round_), actor=facilitator()) == []
    assert audit_actions(round_.id) == []


# -- through the forms ---------------------------------------------------------------------

GOOD = {
    "title": "Vård nära dig i Junsele", "place": "Junsele", "description": "Vad behöver du?",
    "code": "junsele", "voting_mode": "dots", "dots_per_participant": "5",
    "max_dots_per_need": "2", "moderation": "post", "results": "live",
    "erasure_policy": "anonymise", "starts_collect": "2025-03-01", "ends_collect": "2025-03-20",
    "q1_label": "Var bor du?", "q1_options": "Junsele\nRamsele\nAnnat",
}


def test_facilitator_creates_a_round_and_lands_in_its_workspace(app, facilitator_client):
    data = {**GOOD, "model_area": str(demo_area_id(app))}
    response = submit(facilitator_client, NEW, data)
    assert response.status_code == 302
    with app.app_context():
        round_ = the_round("JUNSELE")
        assert round_ is not None and round_.title == GOOD["title"]
        assert response.location.endswith(f"/manage/rounds/{round_.id}")
        assert [q.options for q in round_.profile_questions] == [["Junsele", "Ramsele", "Annat"]]
        assert audit_actions(round_.id) == ["round.created"]
    page = facilitator_client.get(response.location).get_data(as_text=True)
    assert GOOD["title"] in page


@pytest.mark.parametrize(("changes", "field"), [
    ({"title": ""}, "title"),
    ({"title": "x" * 10_000}, "title"),
    ({"title": "Rad\x00med NUL"}, "title"),
    ({"title": "Rad\x1bmed ESC"}, "title"),
    ({"description": "x" * 10_000}, "description"),
    ({"code": ""}, "code"),
    ({"code": "NASAKER"}, "code"),
    ({"code": "nä-såker"}, "code"),
    ({"code": "<script>"}, "code"),
    ({"code": "🙂🙂🙂🙂🙂"}, "code"),
    ({"code": "AB"}, "code"),
    ({"code": "X" * 41}, "code"),
    ({"starts_collect": "2025-03-20", "ends_collect": "2025-03-01"}, "ends_collect"),
    ({"starts_collect": "2025-13-45"}, "starts_collect"),
    ({"dots_per_participant": "3", "max_dots_per_need": "4"}, "max_dots_per_need"),
    ({"dots_per_participant": "fem"}, "dots_per_participant"),
    ({"dots_per_participant": "21"}, "dots_per_participant"),
    ({"voting_mode": "'; DROP TABLE round; --"}, "voting_mode"),
    ({"moderation": ""}, "moderation"),
    ({"model_area": "abc"}, "model_area"),
    ({"q1_options": ""}, "q1_options"),
    ({"q2_options": "Ja\nNej"}, "q2_label"),
])
def test_bad_input_gets_a_clear_error_next_to_the_field_and_keeps_the_input(
        app, facilitator_client, changes, field):
    data = {**GOOD, "model_area": str(demo_area_id(app)), "place": "<b>Junsele</b> 🙂",
            **changes}
    response = submit(facilitator_client, NEW, data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{field}-error"' in page, f"no error shown for {field}"
    assert 'class="error-summary"' in page and f'href="#{field}"' in page
    assert "&lt;b&gt;Junsele&lt;/b&gt; 🙂" in page  # what was typed is kept, escaped
    assert "<b>Junsele</b>" not in page
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Round.id))) == 1  # only the demo


@pytest.mark.parametrize("title", ["<script>alert('x')</script>", "Vård 🏥 i Näsåker",
                                   "\u202eevil\u202c", "Rad\tmed tabb", "'; DROP TABLE round; --"])
def test_odd_but_harmless_titles_are_kept_verbatim_and_shown_escaped(app, facilitator_client,
                                                                    title):
    response = submit(facilitator_client, NEW, {**GOOD, "model_area": str(demo_area_id(app)),
                                                "title": title})
    assert response.status_code == 302
    with app.app_context():
        assert the_round("JUNSELE").title == title.strip()
    page = facilitator_client.get(response.location).get_data(as_text=True)
    assert "<script>alert" not in page


def test_missing_fields_and_wrong_types_give_no_server_error(app, facilitator_client):
    for data in ({}, {"title": ["a", "b"]}, {"dots_per_participant": "1e9"},
                 {"q1_id": "not-a-number", "q1_label": "X", "q1_options": "Y"}):
        response = submit(facilitator_client, NEW, data)
        assert response.status_code == 400


def test_editing_shows_the_current_settings_and_saves_changes(app, facilitator_client, demo):
    url = f"/manage/rounds/{demo['round_id']}/edit"
    page = facilitator_client.get(url).get_data(as_text=True)
    assert 'value="NASAKER"' in page and 'name="q1_id"' in page
    with app.app_context():
        current = services.RoundSettings.of(db.session.get(Round, demo["round_id"]))
        from samskapande.manage.forms import form_data
        data = {k: ("y" if v is True else v) for k, v in form_data(current).items()
                if v not in (None, False)}
        data = {k: (v.isoformat() if isinstance(v, date) else str(v)) for k, v in data.items()}
    data["title"] = "Samskapande i Näsåker, våren"
    response = submit(facilitator_client, url, data)
    assert response.status_code == 302
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        assert round_.title == "Samskapande i Näsåker, våren"
        assert len(round_.profile_questions) == len(current.questions)
        event = db.session.scalar(db.select(AuditEvent).where(
            AuditEvent.action == "round.updated"))
        assert list(event.details["changes"]) == ["title"]


def test_editing_to_a_taken_code_is_refused(app, facilitator_client, demo, other_round):
    with app.app_context():
        from samskapande.manage.forms import form_data
        data = form_data(services.RoundSettings.of(db.session.get(Round, demo["round_id"])))
    data = {k: (v.isoformat() if isinstance(v, date) else str(v)) for k, v in data.items()
            if v not in (None, False)}
    data["code"] = other_round["round_code"].lower()
    response = submit(facilitator_client, f"/manage/rounds/{demo['round_id']}/edit", data)
    assert response.status_code == 400
    assert 'id="code-error"' in response.get_data(as_text=True)
