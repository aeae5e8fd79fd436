"""No second response by mistake: where a response names my organisation, "write a
response" leads there, the service refuses a second, and two at once make one."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.live.models import Meeting, Message
from samskapande.live.questions import questions_to_needs
from samskapande.needs.models import Need
from samskapande.responses import services
from samskapande.responses.models import Response
from samskapande.rounds.models import Participant
from samskapande.themes import services as themes
from samskapande.voting.models import Vote
from tests.conftest import LiveServer
from tests.responses.conftest import build_world
from tests.responses.limits import LIMIT_FORM, LIMITS
from tests.responses.test_concurrent_edits import _browser, _hidden
from tests.responses.test_views import as_user, draft_joint, hidden, only_response, setup  # noqa: F401


def joint_draft(world):
    return services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                                 stance="partly", text="Vi ordnar anropsstyrd trafik.",
                                 organisation_ids={world.kommun.id, world.region.id}, limits=LIMITS)


def count_responses() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def text_of(result) -> str:
    return result.get_data(as_text=True)


# -- the rule, in the service --------------------------------------------------------------

def test_a_second_response_for_an_organisation_named_in_a_joint_draft_is_refused(world):
    draft = joint_draft(world)
    with pytest.raises(services.DuplicateResponse) as refused:
        services.create_draft(world.round, world.region_politician, theme=world.theme,
                              stance="yes", text="Regionens eget svar.",
                              organisation_ids={world.region.id}, limits=LIMITS)
    assert refused.value.existing is draft
    assert count_responses() == 1


def test_naming_an_organisation_that_answers_elsewhere_is_refused_with_its_name(world):
    services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                          stance="yes", text="Kommunens svar.", organisation_ids={world.kommun.id},
                          limits=LIMITS)
    with pytest.raises(services.DuplicateResponse, match=world.kommun.name):
        services.create_draft(world.round, world.region_politician, theme=world.theme,
                              stance="yes", text="Gemensamt?",
                              organisation_ids={world.region.id, world.kommun.id}, limits=LIMITS)
    # The region alone may still answer the theme, and an organisation's draft cannot
    # take in one that answers the theme already.
    own = services.create_draft(world.round, world.region_politician, theme=world.theme,
                                stance="yes", text="Regionens svar.",
                                organisation_ids={world.region.id}, limits=LIMITS)
    with pytest.raises(services.DuplicateResponse):
        services.edit(own, world.region_politician, stance="yes", text="Regionens svar.",
                      organisation_ids={world.region.id, world.kommun.id})
    assert count_responses() == 2


def test_a_published_response_is_changed_not_answered_twice(world):
    draft = joint_draft(world)
    for politician in (world.kommun_politician, world.region_politician):
        services.sign(draft, politician, services.fingerprint(draft))
    with pytest.raises(services.DuplicateResponse):
        services.create_draft(world.round, world.kommun_politician, theme=world.theme,
                              stance="yes", text="Ett nytt svar.",
                              organisation_ids={world.kommun.id}, limits=LIMITS)
    # A need of the theme is a subject of its own.
    services.create_draft(world.round, world.kommun_politician, need=world.needs[0],
                          stance="yes", text="Om just detta behov.",
                          organisation_ids={world.kommun.id}, limits=LIMITS)
    assert count_responses() == 2


# -- the pages -----------------------------------------------------------------------------

def test_the_other_organisations_politician_lands_on_the_draft_to_sign(app, setup):  # noqa: F811
    draft_joint(as_user(app, setup["kommun"]), setup)
    response_id = only_response(app)
    region = as_user(app, setup["region"])
    new_url = f"/staff/rounds/{setup['round_id']}/responses/new?theme={setup['theme_id']}"

    answer = region.get(new_url)
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/staff/responses/{response_id}/sign")
    page = text_of(region.get(answer.headers["Location"]))
    assert "väntar på din underskrift" in page and 'id="sign-button"' in page

    for listing in ("/staff/responses", f"/staff/rounds/{setup['round_id']}/responses"):
        page = text_of(region.get(listing))
        assert "Läs och skriv under det gemensamma utkastet" in page
        assert f"/staff/responses/{response_id}/sign" in page and new_url not in page.replace(
            "&amp;", "&")
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 1


def test_a_draft_made_while_the_form_was_open_keeps_the_typed_text(app, setup):  # noqa: F811
    region = as_user(app, setup["region"])
    new_url = f"/staff/rounds/{setup['round_id']}/responses/new?theme={setup['theme_id']}"
    form = text_of(region.get(new_url))  # opened before the municipality's draft is saved
    draft_joint(as_user(app, setup["kommun"]), setup)
    answer = region.post(new_url, data={
        "csrf_token": hidden(form, "csrf_token"),
        "submission_key": hidden(form, "submission_key"),
        "stance": "yes", "text": "Regionens egen <text> ✓ שלום", "organisations": [
            setup["region_id"]]})
    page = text_of(answer)
    assert answer.status_code == 400
    assert "Regionens egen &lt;text&gt; ✓ שלום" in page  # kept, escaped, not saved
    assert 'id="existing-response"' in page and f"/staff/responses/{only_response(app)}" in page
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 1


def test_two_politicians_drafting_at_once_make_one_draft(app, setup):  # noqa: F811
    from samskapande.demo import DEMO_PASSWORD

    url_path = f"/staff/rounds/{setup['round_id']}/responses/new?theme={setup['theme_id']}"
    organisations = [setup["kommun_id"], setup["region_id"]]
    with LiveServer(app) as server:
        url = server.url + url_path
        browsers = [_browser(server.url, setup[who], DEMO_PASSWORD)
                    for who in ("kommun", "region")]
        for attempt in range(5):
            forms = []
            for browser in browsers:
                page = browser.get(url).text
                forms.append({key: _hidden(page, key)
                              for key in ("csrf_token", "submission_key")})
            answers: list = [None, None]
            start = threading.Barrier(2)

            def send(i, forms=forms, answers=answers, start=start, attempt=attempt):
                start.wait()
                answers[i] = browsers[i].post(url, allow_redirects=False, data={
                    **forms[i], "stance": "partly", "text": f"Utkast {attempt}.{i}",
                    "organisations": organisations, **LIMIT_FORM})

            threads = [threading.Thread(target=send, args=(i,)) for i in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=60)
            codes = sorted(answer.status_code for answer in answers)
            assert codes == [302, 400], f"attempt {attempt}: {codes}"
            told = next(i for i in range(2) if answers[i].status_code == 400)
            assert f"Utkast {attempt}.{told}" in answers[told].text  # kept for them
            with app.app_context():
                assert db.session.scalar(select(func.count(Response.id))) == 1
                for response in db.session.scalars(select(Response)):
                    db.session.delete(response)
                db.session.commit()


# -- what the form shows -------------------------------------------------------------------

@pytest.fixture
def supported(app, demo):
    """The answering round; two residents support a need, and a meeting question became a
    need of the theme."""
    with app.test_request_context(), unit_of_work():
        w = build_world(demo["round_id"])
        residents = list(db.session.scalars(select(Participant).where(
            Participant.round_id == w.round.id).order_by(Participant.id)))[:2]
        for participant in residents:
            db.session.add(Vote(round_id=w.round.id, need_id=w.needs[1].id,
                                participant_id=participant.id, dots=1))
        meeting = db.session.scalar(select(Meeting).where(Meeting.round_id == w.round.id))
        db.session.add(Message(meeting_id=meeting.id, participant_id=residents[0].id,
                               kind="question", text="Varför dras kvällsbussen in?"))
        db.session.flush()
        questions_to_needs(w.round, w.facilitator)
        need = db.session.scalar(select(Need).where(Need.source_message_id.is_not(None)))
        themes.move_need(need, w.theme, w.facilitator)
        return {"round_id": w.round.id, "theme_id": w.theme.id, "kommun": w.kommun.id,
                "region": w.region.id, "supported": w.needs[1].text, "meeting": meeting.title,
                "email": w.kommun_politician.email,
                "village": residents[0].profile_answers[0].value if residents[0].profile_answers
                else None}


def test_the_form_shows_the_needs_support_breadth_and_questions(app, supported):
    client = as_user(app, supported["email"])
    url = f"/staff/rounds/{supported['round_id']}/responses/new?theme={supported['theme_id']}"
    page = text_of(client.get(url))
    start = page.index('id="background"')
    background = page[start:page.index("</section>", start)]
    needs = background[background.index('id="background-needs"'):]
    assert needs.index(supported["supported"]) < needs.index("Stöd: 0")  # most supported first
    assert "Stöd: 2" in needs
    assert '<dd>2</dd>' in background  # different supporters of the theme
    assert 'id="theme-breadth"' in background and "Var bor du?" in background
    assert f"{supported['village']}: 1" in background  # the supporters, counted per answer
    assert "Varför dras kvällsbussen in?" in background
    assert supported["meeting"] in background and "Frågor från mötena som blev behov" in page

    # Bad input on the form: refused, and what was typed is still there, with the background.
    answer = client.post(url, data={"csrf_token": hidden(page, "csrf_token"),
                                    "submission_key": hidden(page, "submission_key"),
                                    "stance": "yes", "text": "Vi svarar\x00 här",
                                    "organisations": [supported["kommun"]]})
    assert answer.status_code == 400
    assert "Vi svarar" in text_of(answer) and 'id="background-needs"' in text_of(answer)
    expired = client.post(url, data={"csrf_token": "stale", "stance": "yes",
                                     "text": "Texten finns kvar",
                                     "organisations": [supported["kommun"]]})
    assert expired.status_code == 400 and "Texten finns kvar" in text_of(expired)
    with app.app_context():
        assert db.session.scalar(select(func.count(Response.id))) == 0
