"""Two staff saving one response at the same moment: one is saved, the other is told.

Real parallel requests: two logged-in browsers (requests sessions) post the same edit form
to a live server from two threads at once, ten times over. Never may both be told "saved"
while one of the texts is lost.
"""

from __future__ import annotations

import re
import threading

import requests

from samskapande.extensions import db
from samskapande.responses.models import Response
from tests.conftest import LiveServer
from tests.responses.limits import LIMIT_FORM
from tests.responses.test_views import as_user, draft_joint, only_response, setup  # noqa: F401

FIELD = 'name="{}"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="{}"'


def _hidden(page: str, name: str) -> str:
    match = re.search(FIELD.format(name, name), page)
    assert match, f"no {name} on the page"
    return match.group(1) or match.group(2)


def _browser(base: str, email: str, password: str) -> requests.Session:
    browser = requests.Session()
    page = browser.get(f"{base}/login").text
    answer = browser.post(f"{base}/login", allow_redirects=False, data={
        "email": email, "password": password, "csrf_token": _hidden(page, "csrf_token")})
    assert answer.status_code == 302
    return browser


def _form(browser, url: str) -> dict:
    page = browser.get(url).text
    return {key: _hidden(page, key) for key in ("csrf_token", "submission_key", "based_on")}


def _save_at_once(editors, url: str, forms: list[dict], texts: list[str], organisations):
    """Both editors send their form at the same moment, each from its own thread."""
    answers: list = [None, None]
    start = threading.Barrier(2)

    def save(i):
        start.wait()
        answers[i] = editors[i].post(url, allow_redirects=False, data={
            **forms[i], "stance": "partly", "text": texts[i], "organisations": organisations,
            **LIMIT_FORM})

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


def test_two_editors_saving_at_once_one_is_told_and_keeps_the_text(app, setup):  # noqa: F811
    from samskapande.demo import DEMO_PASSWORD

    draft_joint(as_user(app, setup["kommun"]), setup, text="Första texten.")
    response_id = only_response(app)
    organisations = [setup["kommun_id"], setup["region_id"]]
    with LiveServer(app) as server:
        url = f"{server.url}/staff/responses/{response_id}/edit"
        editors = [_browser(server.url, setup[who], DEMO_PASSWORD)
                   for who in ("kommun", "region")]
        for pair in range(10):
            forms = [_form(editor, url) for editor in editors]
            texts = [f"Kommunens text {pair}.", f"Regionens text {pair}."]
            answers = _save_at_once(editors, url, forms, texts, organisations)
            codes = sorted(answer.status_code for answer in answers)
            assert codes == [302, 400], f"pair {pair}: {codes}"
            told = next(i for i in range(2) if answers[i].status_code == 400)
            saved = 1 - told
            page = answers[told].text
            assert "Someone changed the response" in page or "Någon ändrade" in page
            assert texts[told] in page and texts[saved] in page  # theirs shown, ours kept
            with app.app_context():
                assert db.session.get(Response, response_id).text == texts[saved]
                db.session.remove()
