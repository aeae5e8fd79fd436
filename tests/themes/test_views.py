"""The theme workspace through its pages: who may use it, every action as a plain form
with its CSRF token, bad input, and what residents see once the themes are published."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from samskapande.accounts.models import User
from samskapande.areas.models import Goal, GoalStatus, ModelArea
from samskapande.core.models import utcnow
from samskapande.extensions import db
from samskapande.needs import services as needs_services
from samskapande.needs.models import Need
from samskapande.rounds.models import Participant, Round
from samskapande.themes import services
from samskapande.themes.models import KEPT_BY_SUGGESTIONS, RunStatus, SuggestionRun, Theme
from tests.conftest import create_staff, csrf_token, log_in, submit

FACILITATOR_EMAIL = "facilitator@demo.samskapande.se"


# -- fixtures and helpers ----------------------------------------------------------------------

@pytest.fixture
def fac(app, demo):
    """The demo facilitator, logged in."""
    client = app.test_client()
    assert log_in(client, FACILITATOR_EMAIL, "demo").status_code == 302
    return client


@pytest.fixture
def base(demo):
    return f"/manage/rounds/{demo['round_id']}/themes"


@pytest.fixture
def other_round(app, demo):
    """A round of another model area, with a theme, a need and a goal of its own."""
    with app.app_context():
        area = ModelArea(name="Ånge – Ljungaverk", slug="ange")
        goal = Goal(model_area=area, title="Ett annat mål")
        round_ = Round(model_area=area, code="LJUNGA", title="Vård i Ljungaverk")
        db.session.add_all([area, goal, round_])
        db.session.flush()
        need = Need(round_id=round_.id, text="Ett behov i Ljungaverk")
        theme = Theme(round_id=round_.id, title="Ljungaverks tema", status="accepted")
        db.session.add_all([need, theme])
        db.session.commit()
        return {"round_id": round_.id, "area_id": area.id, "need_id": need.id,
                "theme_id": theme.id, "goal_id": goal.id}


def post(client, base, path, data=None, **kwargs):
    """Send a form of the workspace page, with the page's CSRF token."""
    return submit(client, base, data or {}, action=base + path, **kwargs)


def suggest(client, base, k="auto"):
    response = post(client, base, "/suggest", {"suggest-k": k})
    assert response.status_code == 302
    return response


def themes(app, demo) -> list[dict]:
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        return [{"id": t.id, "title": t.title, "summary": t.summary, "status": t.status,
                 "needs": sorted(link.need_id for link in t.needs),
                 "goals": {g.goal_id: g.rationale for g in t.goals}}
                for t in services.themes_of(round_)]


def invariant(app, demo) -> list[str]:
    with app.app_context():
        return services.check_invariant(db.session.get(Round, demo["round_id"]))


def need_ids(app, demo, where) -> list[int]:
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        return [n.id for n in where(round_)]


def demo_goals(app, demo) -> list[int]:
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        return [g.id for g in round_.model_area.goals]


def page(client, base) -> str:
    response = client.get(base)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# -- who may use it ------------------------------------------------------------------------------

def test_a_visitor_is_asked_to_log_in(client, base):
    response = client.get(base)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["official", "politician"])
def test_officials_and_politicians_may_not_curate(app, client, demo, base, role):
    user = create_staff(app, role)
    assert log_in(client, user["email"]).status_code == 302
    assert client.get(base).status_code == 403
    assert client.get(base + "/progress").status_code == 403
    token = csrf_token(client, "/staff/rounds")
    response = client.post(base + "/suggest", data={"csrf_token": token, "suggest-k": "auto"})
    assert response.status_code == 403
    assert themes(app, demo) == []


def test_a_facilitator_of_another_model_area_gets_403(app, client, demo, base, other_round):
    user = create_staff(app, "facilitator")
    with app.app_context():
        db.session.get(User, user["id"]).model_areas = [
            db.session.get(ModelArea, other_round["area_id"])]
        db.session.commit()
    assert log_in(client, user["email"]).status_code == 302
    assert client.get(f"/manage/rounds/{other_round['round_id']}/themes").status_code == 200
    token = csrf_token(client, "/staff/rounds")
    for path in ["", "/progress", "/publish"]:
        assert client.get(base + path).status_code == 403
    for path in ["/suggest", "/publish", "/unpublish", "/goals/propose", "/new"]:
        response = client.post(base + path, data={"csrf_token": token, "new-title": "X",
                                                  "goal-title": "X"})
        assert response.status_code == 403, path
    assert themes(app, demo) == []


def test_an_administrator_may_curate(app, client, demo, base):
    user = create_staff(app, "admin")
    assert log_in(client, user["email"]).status_code == 302
    assert client.get(base).status_code == 200


def test_the_round_workspace_links_to_the_themes(fac, demo, base):
    overview = fac.get(f"/manage/rounds/{demo['round_id']}").get_data(as_text=True)
    assert f'href="{base}"' in overview


def test_a_change_without_the_forms_token_is_refused(app, fac, demo, base):
    response = fac.post(base + "/suggest", data={"suggest-k": "auto"})
    assert response.status_code == 400
    assert themes(app, demo) == []


# -- suggestions and the page ----------------------------------------------------------------

def test_suggested_themes_are_shown_as_cards_with_their_needs(app, fac, demo, base):
    suggest(fac, base)
    found = themes(app, demo)
    assert 2 <= len(found) <= 12
    html = page(fac, base)
    assert html.count('class="theme-card"') == len(found)
    for theme in found:
        assert f'id="theme-{theme["id"]}"' in html
        for need_id in theme["needs"]:
            assert f'id="move-{need_id}-theme"' in html
    assert html.count('class="typical"') == len(found)
    assert html.count('class="keywords"') >= 1
    assert 'http-equiv="refresh"' not in html


def test_a_chosen_number_of_themes_is_respected(app, fac, demo, base):
    suggest(fac, base, k="4")
    assert len(themes(app, demo)) == 4


@pytest.mark.parametrize("k", ["0", "31", "abc", "", "4<b>"])
def test_a_number_of_themes_out_of_range_is_explained(app, fac, demo, base, k):
    response = post(fac, base, "/suggest", {"suggest-k": k})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'id="suggest-k-error"' in html and 'class="error-summary"' in html
    assert themes(app, demo) == []


def test_suggesting_again_keeps_accepted_themes(app, fac, demo, base):
    suggest(fac, base, k="5")
    first, second = themes(app, demo)[:2]
    assert post(fac, base, f"/{first['id']}/accept").status_code == 302
    post(fac, base, f"/{second['id']}/edit",
         {f"theme-{second['id']}-title": "Resor till vården",
          f"theme-{second['id']}-summary": "Bussar och färdtjänst"})
    suggest(fac, base, k="3")
    again = {t["id"]: t for t in themes(app, demo)}
    assert again[first["id"]]["needs"] == first["needs"]
    assert again[second["id"]]["title"] == "Resor till vården"
    assert again[second["id"]]["needs"] == second["needs"]
    assert again[first["id"]]["status"] == "accepted"
    assert again[second["id"]]["status"] == "changed"  # kept, but renaming never accepts
    assert sum(1 for t in again.values() if t["status"] == "suggested") == 3
    assert invariant(app, demo) == []


def test_a_running_suggestion_shows_its_progress(app, fac, demo, base):
    with app.app_context():
        db.session.add(SuggestionRun(round_id=demo["round_id"], status=RunStatus.RUNNING,
                                     progress=40))
        db.session.commit()
    html = page(fac, base)
    assert '<meta http-equiv="refresh" content="2">' in html
    assert re.search(r'<progress id="suggest-progress-bar" max="100" value="40"', html)
    assert 'data-progress-url="' + base + '/progress"' in html
    data = fac.get(base + "/progress").get_json()
    assert data == {"status": "running", "progress": 40, "message": None}
    # Asking again while it runs starts nothing new.
    post(fac, base, "/suggest", {"suggest-k": "auto"})
    with app.app_context():
        assert db.session.scalar(select(db.func.count(SuggestionRun.id))) == 1
    assert themes(app, demo) == []


def test_a_failed_suggestion_is_explained(app, fac, demo, base):
    with app.app_context():
        db.session.add(SuggestionRun(round_id=demo["round_id"], status=RunStatus.FAILED,
                                     progress=10, error="ValueError"))
        db.session.commit()
    html = page(fac, base)
    assert 'id="suggest-failed"' in html and 'role="alert"' in html
    assert "ValueError" not in html
    assert fac.get(base + "/progress").get_json()["status"] == "failed"
    assert fac.get(base + "/progress").get_json()["message"]


def test_a_run_whose_worker_died_is_shown_as_failed_and_can_be_started_again(
        app, fac, demo, base):
    with app.app_context():
        started = utcnow() - timedelta(seconds=services.STALE_AFTER_SECONDS + 1)
        db.session.add(SuggestionRun(round_id=demo["round_id"], status=RunStatus.RUNNING,
                                     progress=10, created_at=started))
        db.session.commit()
    assert fac.get(base + "/progress").get_json()["status"] == "failed"
    html = page(fac, base)
    assert 'id="suggest-failed"' in html and 'http-equiv="refresh"' not in html
    suggest(fac, base, k="3")
    assert len(themes(app, demo)) == 3
    with app.app_context():
        runs = db.session.scalars(select(SuggestionRun).order_by(SuggestionRun.id)).all()
        assert [r.status for r in runs] == [RunStatus.FAILED, RunStatus.DONE]


def test_the_progress_of_a_round_never_suggested_is_empty(fac, base):
    assert fac.get(base + "/progress").get_json() == {"status": None, "progress": 0,
                                                       "message": None}


# -- curating ---------------------------------------------------------------------------------

def test_accepting_a_theme(app, fac, demo, base):
    suggest(fac, base, k="3")
    theme = themes(app, demo)[0]
    response = post(fac, base, f"/{theme['id']}/accept")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"#theme-{theme['id']}")
    assert themes(app, demo)[0]["status"] == "accepted"


@pytest.mark.parametrize("title", [
    "<script>alert(1)</script>", "Vård 💚 nära", "الرعاية الصحية", "  Resor  ",
])
def test_renaming_stores_what_was_typed_and_shows_it_escaped(app, fac, demo, base, title):
    suggest(fac, base, k="3")
    theme = themes(app, demo)[0]
    response = post(fac, base, f"/{theme['id']}/edit",
                    {f"theme-{theme['id']}-title": title,
                     f"theme-{theme['id']}-summary": "<b>fet</b>"})
    assert response.status_code == 302
    saved = themes(app, demo)[0]
    assert saved["title"] == title.strip() and saved["summary"] == "<b>fet</b>"
    assert saved["status"] == "changed"
    html = page(fac, base)
    assert "<script>alert(1)</script>" not in html and "<b>fet</b>" not in html


@pytest.mark.parametrize("title", ["", "   ", "x" * 201, "Tab\x00noll", "två\nrader"])
def test_a_bad_title_is_explained_and_what_was_typed_is_kept(app, fac, demo, base, title):
    suggest(fac, base, k="3")
    theme = themes(app, demo)[0]
    prefix = f"theme-{theme['id']}-"
    response = post(fac, base, f"/{theme['id']}/edit",
                    {prefix + "title": title, prefix + "summary": "Min sammanfattning"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{prefix}title-error"' in html and 'aria-invalid="true"' in html
    assert "Min sammanfattning" in html
    assert f'href="#{prefix}title"' in html  # the error summary links to the field
    assert themes(app, demo)[0]["title"] == theme["title"]


def test_merging_moves_needs_and_goals_and_removes_the_theme(app, fac, demo, base):
    suggest(fac, base, k="4")
    a, b = themes(app, demo)[:2]
    goal = demo_goals(app, demo)[0]
    post(fac, base, f"/{b['id']}/goals", {f"link-{b['id']}-goal": str(goal),
                                          f"link-{b['id']}-rationale": "Närhet"})
    response = post(fac, base, f"/{b['id']}/merge", {f"merge-{b['id']}-theme": str(a["id"])})
    assert response.status_code == 302
    after = {t["id"]: t for t in themes(app, demo)}
    assert b["id"] not in after
    assert after[a["id"]]["needs"] == sorted(a["needs"] + b["needs"])
    assert after[a["id"]]["goals"] == {goal: "Närhet"}
    # The same form sent again (a double click, another tab) finds no theme: 404, not 5xx.
    again = post(fac, base, f"/{b['id']}/merge", {f"merge-{b['id']}-theme": str(a["id"])})
    assert again.status_code == 404


@pytest.mark.parametrize("target", ["", "999999", "abc", "self", "other"])
def test_merging_into_a_theme_that_is_not_offered_is_refused(app, fac, demo, base,
                                                             other_round, target):
    suggest(fac, base, k="3")
    before = themes(app, demo)
    theme = before[0]
    value = {"self": str(theme["id"]), "other": str(other_round["theme_id"])}.get(target, target)
    response = post(fac, base, f"/{theme['id']}/merge", {f"merge-{theme['id']}-theme": value})
    assert response.status_code == 400
    assert f'id="merge-{theme["id"]}-theme-error"' in response.get_data(as_text=True)
    assert themes(app, demo) == before


def test_splitting_moves_the_chosen_needs_to_a_new_theme(app, fac, demo, base):
    suggest(fac, base, k="3")
    theme = max(themes(app, demo), key=lambda t: len(t["needs"]))
    chosen = theme["needs"][:2]
    prefix = f"split-{theme['id']}-"
    response = post(fac, base, f"/{theme['id']}/split",
                    {prefix + "needs": [str(i) for i in chosen], prefix + "title": "Ny del"})
    assert response.status_code == 302
    after = {t["title"]: t for t in themes(app, demo)}
    assert after["Ny del"]["needs"] == chosen and after["Ny del"]["status"] == "changed"
    assert not set(chosen) & set(next(t for t in themes(app, demo)
                                      if t["id"] == theme["id"])["needs"])


def test_splitting_without_needs_or_title_or_with_needs_of_another_theme_is_refused(
        app, fac, demo, base, other_round):
    suggest(fac, base, k="3")
    first, second = themes(app, demo)[:2]
    prefix = f"split-{first['id']}-"
    before = themes(app, demo)
    for data in [{prefix + "title": "Ny del"},
                 {prefix + "needs": [str(first["needs"][0])], prefix + "title": ""},
                 {prefix + "needs": [str(second["needs"][0])], prefix + "title": "Ny"},
                 {prefix + "needs": [str(other_round["need_id"])], prefix + "title": "Ny"},
                 {prefix + "needs": ["x"], prefix + "title": "Ny"}]:
        response = post(fac, base, f"/{first['id']}/split", data)
        assert response.status_code == 400, data
        assert 'class="error-summary"' in response.get_data(as_text=True)
    assert themes(app, demo) == before


def test_moving_a_need_to_another_theme(app, fac, demo, base):
    suggest(fac, base, k="3")
    a, b = themes(app, demo)[:2]
    need = a["needs"][0]
    response = post(fac, base, f"/needs/{need}/move", {f"move-{need}-theme": str(b["id"])})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#need-{need}")
    after = {t["id"]: t for t in themes(app, demo)}
    assert need in after[b["id"]]["needs"] and need not in after[a["id"]]["needs"]
    assert after[a["id"]]["status"] == after[b["id"]]["status"] == "changed"
    html = page(fac, base)
    assert re.search(rf'id="move-{need}-theme"[^>]*>.*?<option selected value="{b["id"]}"',
                     html, re.S)


def test_moving_by_script_gets_json(app, fac, demo, base):
    suggest(fac, base, k="3")
    a, b = themes(app, demo)[:2]
    need = a["needs"][0]
    response = post(fac, base, f"/needs/{need}/move", {f"move-{need}-theme": str(b["id"])},
                    headers={"Accept": "application/json"})
    assert response.status_code == 200
    data = response.get_json()
    assert data["need_id"] == need and data["message"]
    counts = {t["id"]: t["needs"] for t in data["themes"]}
    assert counts == {a["id"]: len(a["needs"]) - 1, b["id"]: len(b["needs"]) + 1}
    refused = post(fac, base, f"/needs/{need}/move", {f"move-{need}-theme": "999999"},
                   headers={"Accept": "application/json"})
    assert refused.status_code == 409 and refused.get_json()["message"]


def test_moving_to_a_theme_of_another_round_or_a_need_of_another_round(app, fac, demo, base,
                                                                       other_round):
    suggest(fac, base, k="3")
    before = themes(app, demo)
    need = before[0]["needs"][0]
    response = post(fac, base, f"/needs/{need}/move",
                    {f"move-{need}-theme": str(other_round["theme_id"])}, follow_redirects=True)
    assert response.status_code == 200 and "flash-error" in response.get_data(as_text=True)
    foreign = other_round["need_id"]
    response = post(fac, base, f"/needs/{foreign}/move",
                    {f"move-{foreign}-theme": str(before[0]["id"])})
    assert response.status_code == 404
    assert post(fac, base, f"/{other_round['theme_id']}/accept").status_code == 404
    assert themes(app, demo) == before


def test_a_need_outside_the_scope_needs_a_reason_and_can_come_back(app, fac, demo, base):
    suggest(fac, base, k="3")
    need = themes(app, demo)[0]["needs"][0]
    prefix = f"scope-{need}-"
    response = post(fac, base, f"/needs/{need}/out-of-scope", {prefix + "reason": "  "})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{prefix}reason-error"' in html
    assert re.search(r'<details class="scope" open>', html)
    assert need not in need_ids(app, demo, services.out_of_scope_needs)

    response = post(fac, base, f"/needs/{need}/out-of-scope",
                    {prefix + "reason": "Gäller <tandvården>"})
    assert response.status_code == 302
    assert need in need_ids(app, demo, services.out_of_scope_needs)
    assert all(need not in t["needs"] for t in themes(app, demo))
    assert "Gäller &lt;tandvården&gt;" in page(fac, base)

    assert post(fac, base, f"/needs/{need}/in-scope").status_code == 302
    assert need in need_ids(app, demo, services.unsorted_needs)
    assert invariant(app, demo) == []


def test_creating_and_removing_an_empty_theme(app, fac, demo, base):
    response = post(fac, base, "/new", {"new-title": ""})
    assert response.status_code == 400 and 'id="new-title-error"' in response.get_data(
        as_text=True)
    assert post(fac, base, "/new", {"new-title": "Tomt tema",
                                    "new-summary": "Sammanfattning"}).status_code == 302
    created = themes(app, demo)
    assert [(t["title"], t["status"], t["needs"]) for t in created] == [
        ("Tomt tema", "changed", [])]
    assert post(fac, base, f"/{created[0]['id']}/delete").status_code == 302
    assert themes(app, demo) == []


def test_a_theme_with_needs_is_not_removed(app, fac, demo, base):
    suggest(fac, base, k="3")
    theme = themes(app, demo)[0]
    response = post(fac, base, f"/{theme['id']}/delete", follow_redirects=True)
    assert "flash-error" in response.get_data(as_text=True)
    assert themes(app, demo)[0] == theme


# -- goals --------------------------------------------------------------------------------------

def test_linking_and_unlinking_a_goal(app, fac, demo, base):
    suggest(fac, base, k="3")
    theme = themes(app, demo)[0]
    goal = demo_goals(app, demo)[1]
    prefix = f"link-{theme['id']}-"
    response = post(fac, base, f"/{theme['id']}/goals",
                    {prefix + "goal": str(goal), prefix + "rationale": "Kortare resor"})
    assert response.status_code == 302
    assert themes(app, demo)[0]["goals"] == {goal: "Kortare resor"}
    assert "Kortare resor" in page(fac, base)
    response = post(fac, base, f"/{theme['id']}/goals/{goal}/unlink")
    assert response.status_code == 302
    assert themes(app, demo)[0]["goals"] == {}


def test_a_goal_of_another_model_area_cannot_be_linked(app, fac, demo, base, other_round):
    suggest(fac, base, k="3")
    theme = themes(app, demo)[0]
    prefix = f"link-{theme['id']}-"
    response = post(fac, base, f"/{theme['id']}/goals",
                    {prefix + "goal": str(other_round["goal_id"]),
                     prefix + "rationale": "Det jag skrev"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'id="{prefix}goal-error"' in html and "Det jag skrev" in html
    assert post(fac, base, f"/{theme['id']}/goals/{other_round['goal_id']}/unlink"
                ).status_code == 404
    too_long = post(fac, base, f"/{theme['id']}/goals",
                    {prefix + "goal": str(demo_goals(app, demo)[0]),
                     prefix + "rationale": "x" * 1001})
    assert too_long.status_code == 400
    assert themes(app, demo)[0]["goals"] == {}


def test_a_proposed_goal_is_shown_as_a_proposal_and_can_be_linked(app, fac, demo, base):
    suggest(fac, base, k="3")
    response = post(fac, base, "/goals/propose", {"goal-title": "", "goal-description": "Mer"})
    assert response.status_code == 400 and 'id="goal-title-error"' in response.get_data(
        as_text=True)
    response = post(fac, base, "/goals/propose",
                    {"goal-title": "Trygg hemgång", "goal-description": "Efter sjukhuset"})
    assert response.status_code == 302
    with app.app_context():
        goal = db.session.scalar(select(Goal).where(Goal.title == "Trygg hemgång"))
        assert goal.status == GoalStatus.PROPOSED
        goal_id = goal.id
    html = page(fac, base)
    assert "status-proposed" in html
    assert re.search(rf'<option value="{goal_id}">Trygg hemgång \(', html)
    theme = themes(app, demo)[0]
    prefix = f"link-{theme['id']}-"
    post(fac, base, f"/{theme['id']}/goals", {prefix + "goal": str(goal_id)})
    assert themes(app, demo)[0]["goals"] == {goal_id: ""}


# -- publishing ---------------------------------------------------------------------------------

def _resident_need(app, demo, participant_client) -> int:
    """A need written by the participant of participant_client."""
    with app.app_context():
        round_ = db.session.get(Round, demo["round_id"])
        participant = db.session.scalar(select(Participant).where(
            Participant.round_id == round_.id).order_by(Participant.id.desc()))
        need = needs_services.submit_need(
            round_, participant, "Bussen till vårdcentralen går för sällan på helgerna.")
        db.session.commit()  # the test is the caller: services only flush
        return need.id


def test_publishing_shows_residents_which_theme_their_need_went_into(
        app, demo, base, participant_client):
    need = _resident_need(app, demo, participant_client)
    fac = app.test_client()
    assert log_in(fac, FACILITATOR_EMAIL, "demo").status_code == 302
    suggest(fac, base, k="3")
    theme = next(t for t in themes(app, demo) if need in t["needs"])
    my_page = f"/r/{demo['round_code']}/me"
    need_page = f"/r/{demo['round_code']}/needs/{need}"

    # Nothing accepted yet: publishing is refused with a reason.
    confirm = fac.get(base + "/publish")
    assert confirm.status_code == 200 and 'id="nothing-to-publish"' in confirm.get_data(
        as_text=True)
    response = submit(fac, base, {}, action=base + "/publish", follow_redirects=True)
    assert "flash-error" in response.get_data(as_text=True)

    post(fac, base, f"/{theme['id']}/edit", {f"theme-{theme['id']}-title": "Resor till vården"})
    post(fac, base, f"/{theme['id']}/accept")
    confirm = fac.get(base + "/publish").get_data(as_text=True)
    assert "Resor till vården" in confirm and 'id="publish-hidden"' in confirm
    assert "Resor till vården" not in participant_client.get(my_page).get_data(as_text=True)

    response = submit(fac, base + "/publish", {})
    assert response.status_code == 302
    assert 'id="published"' in page(fac, base)
    assert "Resor till vården" in participant_client.get(my_page).get_data(as_text=True)
    need_html = participant_client.get(need_page).get_data(as_text=True)
    assert 'id="need-theme"' in need_html and "Resor till vården" in need_html
    # Suggested themes that were not accepted are not shown to residents.
    other = next(t for t in themes(app, demo) if t["status"] == "suggested")
    with app.app_context():
        other_title = db.session.get(Theme, other["id"]).title
    other_need = f"/r/{demo['round_code']}/needs/{other['needs'][0]}"
    other_html = participant_client.get(other_need).get_data(as_text=True)
    assert 'id="need-theme"' not in other_html and other_title not in other_html

    assert post(fac, base, "/unpublish").status_code == 302
    assert 'id="not-published"' in page(fac, base)
    assert 'id="need-theme"' not in participant_client.get(need_page).get_data(as_text=True)
    assert "Resor till vården" not in participant_client.get(my_page).get_data(as_text=True)


# -- the invariant after what a facilitator might do ---------------------------------------------

def test_every_need_stays_in_one_place_through_a_sequence_of_actions(app, fac, demo, base):
    suggest(fac, base, k="5")
    t = themes(app, demo)
    n = [need for theme in t for need in theme["needs"]]
    steps = [
        (f"/needs/{n[0]}/move", {f"move-{n[0]}-theme": str(t[1]["id"])}),
        (f"/needs/{n[1]}/out-of-scope", {f"scope-{n[1]}-reason": "Utanför"}),
        (f"/{t[2]['id']}/merge", {f"merge-{t[2]['id']}-theme": str(t[3]["id"])}),
        (f"/{t[3]['id']}/split", {f"split-{t[3]['id']}-needs": [str(t[2]["needs"][0])],
                                  f"split-{t[3]['id']}-title": "Delat"}),
        ("/new", {"new-title": "Eget tema"}),
        (f"/needs/{n[1]}/in-scope", {}),
        (f"/needs/{n[-1]}/move", {f"move-{n[-1]}-theme": str(t[0]["id"])}),
        (f"/{t[4]['id']}/accept", {}),
    ]
    for path, data in steps:
        assert post(fac, base, path, data).status_code == 302, path
        assert invariant(app, demo) == [], path
    suggest(fac, base)
    assert invariant(app, demo) == []
    placed = [need for theme in themes(app, demo) for need in theme["needs"]]
    outside = need_ids(app, demo, services.out_of_scope_needs)
    eligible = need_ids(app, demo, services.eligible_needs)
    assert len(placed) == len(set(placed))
    assert set(placed) | set(outside) == set(eligible) | set(outside)
    assert "Eget tema" in {t["title"] for t in themes(app, demo)}
    kept = [t for t in themes(app, demo) if t["status"] in KEPT_BY_SUGGESTIONS]
    assert len(kept) >= 4
