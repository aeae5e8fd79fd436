"""Every form of the staff side of responses takes the corpus of bad input: a clear error,
or the text stored and shown escaped; never a server error, never a NUL in the database."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.responses import services
from samskapande.responses.commitments import add_commitment
from samskapande.responses.models import Commitment, CommitmentUpdate, Response
from tests.responses.conftest import build_world
from tests.responses.limits import LIMIT_FORM, LIMITS
from tests.responses.test_views import as_user, hidden
from tests.test_bad_input import CORPUS, assert_handled


def fields(client, url: str, *names) -> dict:
    page = client.get(url).get_data(as_text=True)
    return {name: hidden(page, name) for name in names}


@pytest.fixture
def published(app, demo):
    with app.test_request_context(), unit_of_work():
        w = build_world(demo["round_id"])
        response = services.create_draft(w.round, w.kommun_politician, theme=w.theme,
                                         stance="yes", text="Ja.",
                                         organisation_ids={w.kommun.id}, limits=LIMITS)
        commitment = add_commitment(response, w.kommun_politician,
                                    organisation_id=w.kommun.id, text="Buss", due_on=None,
                                    responsible_role="Trafikchef")
        services.sign(response, w.kommun_politician, services.fingerprint(response))
        return {"round_id": w.round.id, "theme_id": w.theme.id, "need_id": w.needs[0].id,
                "kommun_id": w.kommun.id,
                "response_id": response.id, "commitment_id": commitment.id,
                "email": w.kommun_politician.email}


def no_control_characters_stored(app):
    with app.app_context():
        texts = [*db.session.scalars(select(Response.text)),
                 *db.session.scalars(select(Response.draft_text)),
                 *db.session.scalars(select(Commitment.text)),
                 *db.session.scalars(select(CommitmentUpdate.text))]
        assert not any(t and ("\x00" in t or "\x1b" in t) for t in texts)


def test_every_response_form_takes_bad_input(app, published):
    client = as_user(app, published["email"])
    for value in CORPUS:  # one world for the whole corpus keeps the test quick
        send_corpus_value(app, client, published, value)
        forget_new_drafts(app, published)


def forget_new_drafts(app, published):
    """One response per need and organisation: the next value starts a new one again."""
    with app.app_context():
        for response in db.session.scalars(select(Response).where(
                Response.id != published["response_id"])):
            db.session.delete(response)
        db.session.commit()


def send_corpus_value(app, client, published, value):
    # The theme is answered by the municipality already: the new form is the need's.
    new_url = (f"/staff/rounds/{published['round_id']}/responses/new"
               f"?need={published['need_id']}")
    assert_handled(client.post(new_url, data={
        **fields(client, new_url, "csrf_token", "submission_key"),
        "stance": value, "text": value, "organisations": [value]}), value)
    assert_handled(client.post(new_url, data={
        **fields(client, new_url, "csrf_token", "submission_key"),
        "stance": "yes", "text": value, "organisations": [published["kommun_id"]]}), value)

    edit_url = f"/staff/responses/{published['response_id']}/edit"
    assert_handled(client.post(edit_url, data={
        **fields(client, edit_url, "csrf_token", "submission_key", "based_on"),
        "stance": "partly", "text": value, **LIMIT_FORM}), value)
    assert_handled(client.post(edit_url, data={
        **fields(client, edit_url, "csrf_token", "submission_key", "based_on"),
        "stance": "partly", "text": "Svar.", "limits-0-category": value, "limits-0-text": value,
        "limits-1-category": "law", "limits-1-text": value, "who_decides": value}), value)

    commitment_url = f"/staff/responses/{published['response_id']}/commitments/new"
    assert_handled(client.post(commitment_url, data={
        **fields(client, commitment_url, "csrf_token", "submission_key"),
        "organisation": value, "text": value, "due_on": value, "responsible_role": value,
        "holder": value}), value)
    assert_handled(client.post(commitment_url, data={
        **fields(client, commitment_url, "csrf_token", "submission_key"),
        "organisation": published["kommun_id"], "text": value, "due_on": "",
        "responsible_role": value}), value)

    update_url = f"/staff/commitments/{published['commitment_id']}/update"
    assert_handled(client.post(update_url, data={
        **fields(client, update_url, "csrf_token", "submission_key"),
        "status": "in_progress", "text": value}), value)
    assert_handled(client.post(update_url, data={
        **fields(client, update_url, "csrf_token", "submission_key"),
        "status": value, "text": "Det går framåt."}), value)

    sign_url = f"/staff/responses/{published['response_id']}/sign"
    assert_handled(client.post(sign_url, data={"csrf_token": value, "fingerprint": value,
                                               "confirm": value}), value)
    assert_handled(client.get(f"/staff/responses/{published['response_id']}"), value)
    no_control_characters_stored(app)
