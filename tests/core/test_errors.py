"""Dead ends get a page in the visitor's language, never a bare server error."""

import pytest
from flask import abort

from samskapande.core.errors import ERRORS


def test_unknown_page_gets_a_translated_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert '<html lang="sv">' in page and "<h1>" in page and 'href="/"' in page


@pytest.mark.parametrize("code", sorted(ERRORS))
def test_each_error_page_is_rendered_in_swedish_and_english(app, code):
    def fail():
        if code == 500:
            raise RuntimeError("boom")
        abort(code)

    app.add_url_rule("/_fail", "fail", fail)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    swedish = client.get("/_fail")
    assert swedish.status_code == code
    client.get("/language/en")
    english = client.get("/_fail")
    assert english.status_code == code
    sv_title = swedish.get_data(as_text=True).split("<h1>")[1].split("</h1>")[0]
    en_title = english.get_data(as_text=True).split("<h1>")[1].split("</h1>")[0]
    assert sv_title == str(ERRORS[code][0]) or sv_title != en_title
    assert en_title == str(ERRORS[code][0])
    assert sv_title != en_title


def test_a_refusal_no_view_expected_is_a_page_with_its_reason(app):
    from samskapande.core.refusals import Refusal

    def refuse():
        raise Refusal("Det går inte just nu.")

    app.add_url_rule("/_refuse", "refuse", refuse)
    response = app.test_client().get("/_refuse")
    assert response.status_code == 400
    assert "Det går inte just nu." in response.get_data(as_text=True)
