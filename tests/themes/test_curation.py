"""Curation: accepting a theme is its own action, and publishing shows what it leaves out.

Renaming, moving needs, editing a summary, merging, splitting never accept a theme; only
"Accept" does, and "Withdraw the acceptance" takes it back, both audited. The publish page
lists the themes not accepted apart, and a theme whose title is still the app's is
published only once the facilitator confirmed it by name.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.audit.labels import ACTION_LABELS
from samskapande.audit.models import AuditEvent
from samskapande.extensions import db
from samskapande.rounds.models import Round
from samskapande.themes import curation, services
from samskapande.themes.models import Theme, ThemeStatus
from tests.conftest import create_staff, csrf_token, log_in, submit
from tests.test_bad_input import CORPUS, SCRIPT, assert_handled

FACILITATOR_EMAIL = "facilitator@demo.samskapande.se"


def audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def fresh(theme: Theme) -> Theme:
    db.session.expire_all()
    return db.session.get(Theme, theme.id)


# -- changing a theme never accepts it ---------------------------------------------------

def test_renaming_never_accepts_and_makes_the_title_a_persons(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    theme = services.themes_of(round_)[0]
    assert theme.title_by_machine and theme.status == ThemeStatus.SUGGESTED
    services.rename(theme, maria, "Resor till vården", "")
    theme = fresh(theme)
    assert theme.status == ThemeStatus.CHANGED and not theme.title_by_machine
    assert audited("theme.accepted") == []


def test_editing_the_summary_never_accepts_and_leaves_the_title_the_machines(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    theme = services.themes_of(round_)[0]
    services.rename(theme, maria, theme.title, "Bussar och färdtjänst")
    theme = fresh(theme)
    assert theme.summary == "Bussar och färdtjänst"
    assert theme.status == ThemeStatus.CHANGED and theme.title_by_machine


def test_moving_a_need_never_accepts_either_theme(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    first, second = services.themes_of(round_)[:2]
    services.move_need(first.needs[0].need, second, maria)
    assert fresh(first).status == fresh(second).status == ThemeStatus.CHANGED


def test_merging_splitting_and_marking_out_of_scope_never_accept(round_, maria):
    services.start_suggestions(round_, maria, k=4)
    a, b, c, d = services.themes_of(round_)
    services.merge(a, b, maria)
    new = services.split(c, [c.needs[0].need_id], maria, "Eget namn")
    services.mark_out_of_scope(d.needs[0].need, maria, "Utanför")
    assert {fresh(t).status for t in (a, c, d, new)} == {ThemeStatus.CHANGED}
    assert services.publish_plan(round_).accepted == []


def test_a_changed_theme_is_kept_by_new_suggestions_but_not_published(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    theme = services.themes_of(round_)[0]
    services.rename(theme, maria, "Resor till vården", "")
    services.start_suggestions(round_, maria, k=3)
    assert fresh(theme).title == "Resor till vården"
    with pytest.raises(services.ThemeError):
        services.publish(round_, maria)


# -- accepting and withdrawing the acceptance --------------------------------------------------

def test_accepting_and_withdrawing_are_explicit_and_audited(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    theme = services.themes_of(round_)[0]
    services.accept(theme, maria)
    services.accept(theme, maria)  # a double click changes nothing more
    assert fresh(theme).status == ThemeStatus.ACCEPTED
    [accepted] = audited("theme.accepted")
    assert accepted.actor_user_id == maria.id and accepted.details["title"] == theme.title

    services.unaccept(theme, maria)
    services.unaccept(theme, maria)
    assert fresh(theme).status == ThemeStatus.CHANGED
    [withdrawn] = audited("theme.unaccepted")
    assert withdrawn.object_id == theme.id and withdrawn.round_id == round_.id
    assert {"theme.accepted", "theme.unaccepted"} <= set(ACTION_LABELS)


def test_a_withdrawn_theme_leaves_the_published_themes(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    first, second = services.themes_of(round_)[:2]
    for theme in (first, second):
        services.accept(theme, maria)
    services.publish(round_, maria, [first.id, second.id])
    services.unaccept(second, maria)
    assert services.published_themes(round_) == [first]


# -- publishing ----------------------------------------------------------------------------

def test_publishing_leaves_out_the_themes_not_accepted(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    first, second, third = services.themes_of(round_)
    services.rename(second, maria, "Resor till vården", "")
    services.accept(first, maria)
    plan = curation.publish_plan(round_)
    assert plan.accepted == [first] and plan.not_accepted == [second, third]
    services.publish(round_, maria, [first.id])
    assert services.published_themes(round_) == [first]
    [event] = audited("themes.published")
    assert event.details["not_accepted"] == [second.id, third.id]
    assert event.details["machine_titles"] == [first.id]


def test_a_machine_title_is_published_only_when_confirmed_by_name(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    first, second = services.themes_of(round_)[:2]
    services.accept(first, maria)
    services.accept(second, maria)
    for confirmed in ([], [first.id], [first.id, 99_999]):
        with pytest.raises(curation.MachineTitlesNotConfirmed) as refused:
            services.publish(round_, maria, confirmed)
        assert second.title in str(refused.value.message)
        assert db.session.get(Round, round_.id).themes_published_at is None
        assert audited("themes.published") == []
    services.publish(round_, maria, [first.id, second.id])
    assert services.published_themes(round_) == [first, second]


def test_a_theme_accepted_after_publishing_waits_for_the_next_publishing(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    first, second = services.themes_of(round_)[:2]
    services.accept(first, maria)
    services.publish(round_, maria, [first.id])
    services.accept(second, maria)
    assert services.published_themes(round_) == [first]
    assert curation.publish_plan(round_).waiting == [second]
    with pytest.raises(curation.MachineTitlesNotConfirmed):
        services.publish(round_, maria, [first.id])  # its title is asked about too
    services.publish(round_, maria, [first.id, second.id])
    assert services.published_themes(round_) == [first, second]


def test_accepting_a_withdrawn_theme_again_waits_for_publishing(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    theme = services.themes_of(round_)[0]
    services.accept(theme, maria)
    services.publish(round_, maria, [theme.id])
    services.unaccept(theme, maria)
    services.accept(theme, maria)
    assert services.published_themes(round_) == []


def test_a_renamed_theme_needs_no_confirmation(round_, maria):
    services.start_suggestions(round_, maria, k=3)
    theme = services.themes_of(round_)[0]
    services.rename(theme, maria, "Resor till vården", "")
    services.accept(theme, maria)
    services.publish(round_, maria)
    assert services.published_themes(round_) == [theme]


# -- the pages ---------------------------------------------------------------------------

@pytest.fixture
def fac(app, demo):
    client = app.test_client()
    assert log_in(client, FACILITATOR_EMAIL, "demo").status_code == 302
    return client


@pytest.fixture
def base(demo):
    return f"/manage/rounds/{demo['round_id']}/themes"


@pytest.fixture
def suggested(app, demo, fac, base) -> list[dict]:
    """Three suggested themes; the first accepted, its title still the app's."""
    token = csrf_token(fac, base)
    assert fac.post(base + "/suggest", data={"csrf_token": token, "suggest-k": "3"}
                    ).status_code == 302
    with app.app_context():
        themes = services.themes_of(db.session.get(Round, demo["round_id"]))
        rows = [{"id": t.id, "title": t.title} for t in themes]
    assert submit(fac, base, {}, action=f"{base}/{rows[0]['id']}/accept").status_code == 302
    return rows


def state(app, demo) -> tuple:
    """What publishing could change, as the database has it."""
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        return (round_.themes_published_at,
                tuple((t.id, t.title, t.status) for t in services.themes_of(round_)))


def test_the_workspace_shows_the_acceptance_as_its_own_button(app, demo, fac, base, suggested):
    first, second = suggested[0]["id"], suggested[1]["id"]
    html = fac.get(base).get_data(as_text=True)
    assert f'action="{base}/{first}/unaccept"' in html
    assert f'action="{base}/{first}/accept"' not in html
    assert f'action="{base}/{second}/accept"' in html
    assert "Titeln är appens förslag" in html
    assert "Spara och godkänn" not in html

    response = submit(fac, base, {}, action=f"{base}/{first}/unaccept", follow_redirects=True)
    assert response.status_code == 200
    assert "inte längre godkänt" in response.get_data(as_text=True)
    assert state(app, demo)[1][0][2] == ThemeStatus.CHANGED


def test_renaming_in_the_workspace_does_not_accept(app, demo, fac, base, suggested):
    theme = suggested[1]["id"]
    response = submit(fac, base, {f"theme-{theme}-title": "Resor till vården",
                                  f"theme-{theme}-summary": ""},
                      action=f"{base}/{theme}/edit", follow_redirects=True)
    assert "Godkänn det när det är klart att publiceras" in response.get_data(as_text=True)
    assert state(app, demo)[1][1] == (theme, "Resor till vården", ThemeStatus.CHANGED)


def test_the_publish_page_lists_the_themes_not_accepted_apart(fac, base, suggested):
    html = fac.get(base + "/publish").get_data(as_text=True)
    shown, hidden = html.split('id="publish-not-accepted"')
    assert suggested[0]["title"] in shown.split('id="publish-themes"')[1]
    for theme in suggested[1:]:
        assert theme["title"] in hidden
        assert f'href="{base}#theme-{theme["id"]}"' in hidden
    assert 'id="machine-titled"' in html and 'id="publish-confirm_titles"' in html


def test_publishing_a_machine_title_without_the_confirmation_is_refused(
        app, demo, fac, base, suggested):
    before = state(app, demo)
    response = submit(fac, base + "/publish", {"publish-titled": str(suggested[0]["id"])})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="publish-confirm_titles-error"' in html and 'class="error-summary"' in html
    assert "har fortfarande den titel appen föreslog" in html
    assert suggested[0]["title"] in html
    assert state(app, demo) == before

    response = submit(fac, base + "/publish", {"publish-confirm_titles": "y",
                                               "publish-titled": str(suggested[0]["id"])})
    assert response.status_code == 302
    published_at, themes = state(app, demo)
    assert published_at is not None and themes == before[1]
    # A second click of the same form publishes again, and nothing breaks.
    assert submit(fac, base + "/publish", {"publish-confirm_titles": "y",
                                           "publish-titled": str(suggested[0]["id"])}
                  ).status_code == 302


def test_a_theme_accepted_after_publishing_is_shown_as_waiting(app, demo, fac, base, suggested):
    assert submit(fac, base + "/publish", {"publish-confirm_titles": "y",
                                           "publish-titled": str(suggested[0]["id"])}
                  ).status_code == 302
    assert 'id="not-yet-published"' not in fac.get(base).get_data(as_text=True)
    assert submit(fac, base, {}, action=f"{base}/{suggested[1]['id']}/accept"
                  ).status_code == 302
    assert 'id="not-yet-published"' in fac.get(base).get_data(as_text=True)
    html = fac.get(base + "/publish").get_data(as_text=True)
    assert html.count("data-waiting") == 1 and "Nytt: visas när du publicerar" in html


def test_a_theme_accepted_after_the_page_was_shown_is_asked_about_again(
        app, demo, fac, base, suggested):
    page_said = str(suggested[0]["id"])
    assert submit(fac, base, {}, action=f"{base}/{suggested[1]['id']}/accept"
                  ).status_code == 302
    response = submit(fac, base + "/publish", {"publish-confirm_titles": "y",
                                               "publish-titled": page_said})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert suggested[1]["title"] in html.split('id="publish-confirm_titles-error"')[1]
    assert state(app, demo)[0] is None


@pytest.mark.parametrize("value", CORPUS)
def test_bad_input_on_the_publish_form(app, demo, fac, base, suggested, value):
    before = state(app, demo)
    for data in ({"publish-titled": value, "publish-confirm_titles": "y"},
                 {"publish-titled": value},
                 {"publish-confirm_titles": value}):
        response = submit(fac, base + "/publish", data)
        assert_handled(response, value)
        assert response.status_code == 400, data
        assert SCRIPT not in response.get_data(as_text=True)
        assert state(app, demo) == before


def test_a_stale_publish_form_is_refused_with_a_reason(app, demo, fac, base, suggested):
    before = state(app, demo)
    response = fac.post(base + "/publish", data={
        "csrf_token": "expired", "publish-confirm_titles": "y",
        "publish-titled": str(suggested[0]["id"])})
    assert response.status_code == 400
    assert "Formuläret hade slutat gälla" in response.get_data(as_text=True)
    assert state(app, demo) == before


# -- who may do it ------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["official", "politician"])
def test_only_those_who_run_the_round_may_accept_or_publish(
        app, client, demo, base, suggested, role):
    before = state(app, demo)
    user = create_staff(app, role)
    assert log_in(client, user["email"]).status_code == 302
    token = csrf_token(client, "/staff/rounds")
    for path in (f"/{suggested[0]['id']}/unaccept", f"/{suggested[1]['id']}/accept",
                 "/publish"):
        response = client.post(base + path, data={
            "csrf_token": token, "publish-confirm_titles": "y",
            "publish-titled": str(suggested[0]["id"])})
        assert response.status_code == 403, path
    assert client.get(base + "/publish").status_code == 403
    assert state(app, demo) == before


def test_a_theme_of_another_round_is_not_found(app, demo, fac, base, suggested):
    with app.app_context():
        other = Round(model_area_id=db.session.get(Round, demo["round_id"]).model_area_id,
                      code="ANNAN", title="En annan omgång")
        db.session.add(other)
        db.session.flush()
        theme = Theme(round_id=other.id, title="Annat tema", status=ThemeStatus.ACCEPTED)
        db.session.add(theme)
        db.session.commit()
        theme_id = theme.id
    assert submit(fac, base, {}, action=f"{base}/{theme_id}/unaccept").status_code == 404
    with app.app_context():
        assert db.session.get(Theme, theme_id).status == ThemeStatus.ACCEPTED
