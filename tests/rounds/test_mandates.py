"""Each organisation's frame for a round ("Våra ramar") and needs referred elsewhere.

The organisation's staff write its frame, one of its signers signs it, and only then do
residents read it on the round page, before and while needs are collected; a change
clears the signature and the signed text stays public until the change is signed. A
facilitator refers a need to an organisation of the area with a reason the resident reads.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import delete, func, select

from samskapande.accounts.models import User
from samskapande.areas.models import Organisation
from samskapande.audit.models import AuditEvent
from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.needs.models import Need, NeedReferral
from samskapande.responses.mandate_models import RoundMandate
from samskapande.rounds.models import Phase, Round
from tests.conftest import PASSWORD
from tests.responses.test_views import as_user, hidden
from tests.test_bad_input import CORPUS, assert_handled

HUGE = 10**20


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture
def w(app, demo):
    """The collecting demo round without frames, its two principals and their people."""
    with app.app_context(), unit_of_work():
        round_ = db.session.get(Round, demo["round_id"])
        db.session.execute(delete(RoundMandate).where(RoundMandate.round_id == round_.id))
        db.session.execute(delete(NeedReferral))
        region = next(o for o in round_.model_area.organisations if o.kind == "region")
        kommun = next(o for o in round_.model_area.organisations if o.kind == "municipality")
        outside = Organisation(name="Bortre kommun", kind="municipality")
        kommun_official = User(email="handlaggare@kommun.example.se", name="Olle Omsorg",
                               role="official", title="Handläggare", organisation=kommun)
        outsider = User(email="politiker@bortre.example.se", name="Berit Bortre",
                        role="politician", title="Kommunalråd", organisation=outside)
        for user in (kommun_official, outsider):
            user.set_password(PASSWORD)
        db.session.add_all([outside, kommun_official, outsider])
        db.session.flush()
        after = db.session.scalar(select(func.max(AuditEvent.id))) or 0
        need = db.session.scalar(select(Need).where(Need.round_id == round_.id,
                                                    Need.status == "visible")
                                 .order_by(Need.id))
        return {"round_id": round_.id, "code": round_.code, "region_id": region.id,
                "kommun_id": kommun.id, "outside_id": outside.id, "need_id": need.id,
                "region_name": region.name, "after": after}


def edit_url(w, org: str) -> str:
    return f"/staff/rounds/{w['round_id']}/mandates/{w[org + '_id']}/edit"


def sign_url(w, org: str) -> str:
    return f"/staff/rounds/{w['round_id']}/mandates/{w[org + '_id']}/sign"


def save(client, w, org: str, **data):
    page = client.get(edit_url(w, org)).get_data(as_text=True)
    fields = {"csrf_token": hidden(page, "csrf_token"), "based_on": hidden(page, "based_on"),
              "can_decide": "", "cannot_decide": "", "budget": ""}
    return client.post(edit_url(w, org), data={**fields, **data})


def sign(client, w, org: str):
    page = client.get(sign_url(w, org)).get_data(as_text=True)
    return client.post(sign_url(w, org), data={
        "csrf_token": hidden(page, "csrf_token"), "fingerprint": hidden(page, "fingerprint"),
        "confirm": "y"})


def round_page(app, w) -> str:
    return app.test_client().get(f"/r/{w['code']}").get_data(as_text=True)


def actions(app, action: str, w) -> list[AuditEvent]:
    """The events of `action` since the fixture (the demo's own frames are older)."""
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == action, AuditEvent.id > w["after"])))


def test_only_the_organisations_staff_write_its_frame(app, w):
    official = as_user(app, "tjansteperson@demo.samskapande.se")  # Region Västernorrland
    assert official.get(edit_url(w, "region")).status_code == 200
    assert official.get(edit_url(w, "kommun")).status_code == 403
    assert official.get(edit_url(w, "outside")).status_code == 404  # not of the area
    outsider = as_user(app, "politiker@bortre.example.se")
    assert outsider.get(f"/staff/rounds/{w['round_id']}/mandates").status_code == 403
    facilitator = as_user(app, "facilitator@demo.samskapande.se")
    assert facilitator.get(f"/staff/rounds/{w['round_id']}/mandates").status_code == 200
    assert facilitator.get(edit_url(w, "region")).status_code == 403
    assert save(official, w, "region", can_decide="Öppettider").status_code == 302
    with app.app_context():
        mandate = db.session.scalar(select(RoundMandate))
        assert (mandate.organisation_id, mandate.can_decide) == (w["region_id"], "Öppettider")
    assert len(actions(app, "mandate.drafted", w)) == 1


def test_only_a_signer_signs_and_signing_publishes(app, w):
    official = as_user(app, "tjansteperson@demo.samskapande.se")  # may not sign
    save(official, w, "region", can_decide="Hur hälsocentralen har öppet.",
         cannot_decide="Tandvården beslutas av regionfullmäktige.", budget="Inom befintlig budget")
    assert "Hur hälsocentralen har öppet." not in round_page(app, w)
    assert official.get(sign_url(w, "region")).status_code == 403
    page = official.get(f"/staff/rounds/{w['round_id']}/mandates").get_data(as_text=True)
    assert "Utkast: väntar på underskrift" in page
    kommun = as_user(app, "politiker.kommun@demo.samskapande.se")
    assert kommun.get(sign_url(w, "region")).status_code == 403
    region = as_user(app, "politiker.region@demo.samskapande.se")
    form = region.get(sign_url(w, "region")).get_data(as_text=True)
    data = {"csrf_token": hidden(form, "csrf_token"), "fingerprint": hidden(form, "fingerprint"),
            "confirm": "y"}
    assert region.post(sign_url(w, "region"), data=data).status_code == 302
    page = round_page(app, w)
    assert "Hur hälsocentralen har öppet." in page
    assert "Inom befintlig budget" in page
    with app.app_context():
        signer = _user("politiker.region@demo.samskapande.se").name
    assert signer in page
    assert len(actions(app, "mandate.signed", w)) == 1
    # A second click: nothing more to sign, and no second signature.
    assert region.post(sign_url(w, "region"), data=data).status_code == 302
    assert len(actions(app, "mandate.signed", w)) == 1


def test_a_change_clears_the_signature_and_the_signed_text_stays_public(app, w):
    kommun = as_user(app, "politiker.kommun@demo.samskapande.se")
    save(kommun, w, "kommun", can_decide="Hemtjänstens tider.")
    sign(kommun, w, "kommun")
    official = as_user(app, "handlaggare@kommun.example.se")
    assert save(official, w, "kommun", can_decide="Hemtjänstens tider och trygghetslarm.",
                ).status_code == 302
    with app.app_context():
        mandate = db.session.scalar(select(RoundMandate))
        assert mandate.signed_by_id is None
        assert mandate.public_can_decide == "Hemtjänstens tider."
    page = round_page(app, w)
    assert "Hemtjänstens tider." in page and "trygghetslarm" not in page
    edited = actions(app, "mandate.edited", w)
    assert [e.details.get("signature_cleared") for e in edited] == [True]
    sign(kommun, w, "kommun")
    assert "trygghetslarm" in round_page(app, w)


def test_a_frame_needs_some_text_and_a_stale_form_is_refused(app, w):
    region = as_user(app, "politiker.region@demo.samskapande.se")
    response = save(region, w, "region", budget="10 miljoner")
    assert response.status_code == 400
    assert "Skriv vad ni kan besluta om" in response.get_data(as_text=True)
    stale = region.get(edit_url(w, "region")).get_data(as_text=True)
    save(region, w, "region", can_decide="Första")
    response = region.post(edit_url(w, "region"), data={
        "csrf_token": hidden(stale, "csrf_token"), "based_on": hidden(stale, "based_on"),
        "can_decide": "Andra", "cannot_decide": "", "budget": ""})
    assert response.status_code == 400
    assert "Första" in response.get_data(as_text=True)  # what is saved now is shown
    with app.app_context():
        assert db.session.scalar(select(RoundMandate.can_decide)) == "Första"


def test_the_round_page_shows_frames_before_during_and_after_collection(app, w):
    region = as_user(app, "politiker.region@demo.samskapande.se")
    save(region, w, "region", can_decide="Vårdcentralens öppettider")
    sign(region, w, "region")
    kommun = as_user(app, "politiker.kommun@demo.samskapande.se")
    save(kommun, w, "kommun", can_decide="Osignerad kommuntext")
    page = round_page(app, w)  # collecting
    assert "Vårdcentralens öppettider" in page and "Osignerad kommuntext" not in page
    assert 'id="mandates"' in page and "<details>" not in page.split('id="mandates"')[1][:400]
    with app.app_context(), unit_of_work():
        db.session.get(Round, w["round_id"]).phase = Phase.MEET
    page = round_page(app, w)  # after collection: still there, folded away
    assert "Vårdcentralens öppettider" in page
    assert "<details>" in page.split('id="mandates"')[1][:400]


@pytest.mark.parametrize("value", CORPUS)
def test_bad_input_in_the_frame(app, w, value):
    region = as_user(app, "politiker.region@demo.samskapande.se")
    for name in ("can_decide", "cannot_decide", "budget"):
        data = {"can_decide": "Öppettider", name: value}
        assert_handled(save(region, w, "region", **data), value)
    with app.app_context():
        for mandate in db.session.scalars(select(RoundMandate)):
            for text in (mandate.can_decide, mandate.cannot_decide, mandate.budget):
                assert "\x00" not in text and "<script>" not in round_page(app, w)


def test_out_of_range_and_other_ids_are_never_a_server_error(app, w):
    region = as_user(app, "politiker.region@demo.samskapande.se")
    for url in (f"/staff/rounds/{HUGE}/mandates", f"/staff/rounds/{w['round_id']}/mandates/"
                f"{HUGE}/edit", f"/staff/rounds/{w['round_id']}/mandates/{HUGE}/sign",
                f"/staff/rounds/{HUGE}/mandates/{w['region_id']}/edit"):
        assert region.get(url).status_code == 404, url
        assert region.post(url, data={"can_decide": "x"}).status_code in (400, 404, 405), url
    assert region.get(sign_url(w, "kommun")).status_code == 403  # the other's, unsigned


def test_a_closed_rounds_frames_can_no_longer_change(app, w):
    region = as_user(app, "politiker.region@demo.samskapande.se")
    save(region, w, "region", can_decide="Öppettider")
    with app.app_context(), unit_of_work():
        db.session.get(Round, w["round_id"]).phase = Phase.CLOSED
    assert region.get(edit_url(w, "region")).status_code == 403
    assert region.get(sign_url(w, "region")).status_code == 403


# -- referring a need ------------------------------------------------------------------------

def need_url(w) -> str:
    return f"/manage/rounds/{w['round_id']}/needs/{w['need_id']}"


def refer(client, w, organisation_id, reason):
    page = client.get(need_url(w)).get_data(as_text=True)
    return client.post(need_url(w) + "/refer", data={
        "csrf_token": hidden(page, "csrf_token"), "refer_to": organisation_id,
        "referral_reason": reason})


def test_a_facilitator_refers_a_need_and_the_resident_reads_why(app, w):
    facilitator = as_user(app, "facilitator@demo.samskapande.se")
    reason = "Tandvården är regionens ansvar; vi har lämnat behovet vidare."
    assert refer(facilitator, w, w["region_id"], reason).status_code == 302
    public = app.test_client().get(f"/r/{w['code']}/needs/{w['need_id']}").get_data(
        as_text=True)
    assert re.search(r"Hänvisat till " + w["region_name"], public)
    assert reason in public
    [event] = actions(app, "need.referred", w)
    assert (event.object_id, event.reason) == (w["need_id"], reason)
    page = facilitator.get(need_url(w)).get_data(as_text=True)
    assert facilitator.post(need_url(w) + "/unrefer", data={
        "csrf_token": hidden(page, "csrf_token")}).status_code == 302
    public = app.test_client().get(f"/r/{w['code']}/needs/{w['need_id']}").get_data(
        as_text=True)
    assert reason not in public
    assert len(actions(app, "need.referral_withdrawn", w)) == 1


def test_a_referral_needs_an_organisation_of_the_area_and_a_reason(app, w):
    facilitator = as_user(app, "facilitator@demo.samskapande.se")
    assert refer(facilitator, w, w["outside_id"], "Någon annan").status_code == 400
    assert refer(facilitator, w, HUGE, "Någon annan").status_code == 400
    response = refer(facilitator, w, w["kommun_id"], "   ")
    assert response.status_code == 400
    assert "Skriv skälet som invånarna ser" in response.get_data(as_text=True)
    official = as_user(app, "tjansteperson@demo.samskapande.se")
    token = hidden(official.get(edit_url(w, "region")).get_data(as_text=True), "csrf_token")
    assert official.post(need_url(w) + "/refer", data={
        "csrf_token": token, "refer_to": w["kommun_id"], "referral_reason": "x"}
    ).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(NeedReferral)) is None
    assert actions(app, "need.referred", w) == []


@pytest.mark.parametrize("value", CORPUS)
def test_bad_input_in_the_referral_reason(app, w, value):
    facilitator = as_user(app, "facilitator@demo.samskapande.se")
    assert_handled(refer(facilitator, w, w["kommun_id"], value), value)
    with app.app_context():
        for referral in db.session.scalars(select(NeedReferral)):
            assert "\x00" not in referral.reason


def test_a_frame_waiting_for_a_signature_is_on_the_signers_to_do_list(app, w):
    official = as_user(app, "tjansteperson@demo.samskapande.se")
    save(official, w, "region", can_decide="Öppettider")
    region = as_user(app, "politiker.region@demo.samskapande.se")
    todo = region.get("/staff").get_data(as_text=True)
    assert f"Våra ramar: {w['region_name']}" in todo
    assert sign_url(w, "region") in todo
    assert f"Våra ramar: {w['region_name']}" not in official.get("/staff").get_data(
        as_text=True)  # may not sign
    sign(region, w, "region")
    assert f"Våra ramar: {w['region_name']}" not in region.get("/staff").get_data(as_text=True)
