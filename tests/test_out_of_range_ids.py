"""A number beyond any id, in a query string or in any staff form, is never a server error.

The outside review found ids beyond the database's integer range giving a 500 in
addresses, forms and queries. Addresses are covered by the URL converter
(tests/core/test_security.py); this walks the forms of the staff pages as an admin and
sends each one with every field set to such a number.
"""

import re

from samskapande.core.transaction import unit_of_work
from samskapande.extensions import db
from samskapande.rounds.models import Round
from tests.conftest import create_staff, log_in

HUGE = ("2147483648", "9223372036854775808", "99999999999999999999999")
FORM = re.compile(r'<form([^>]*)>(.*?)</form>', re.S)


def _suggested(app, round_id):
    from samskapande.accounts.models import User
    from samskapande.themes import services

    with app.app_context(), unit_of_work():
        round_ = db.session.get(Round, round_id)
        admin = db.session.scalar(db.select(User).where(User.role == "admin"))
        services.start_suggestions(round_, admin, k=3)


def test_huge_numbers_in_queries_and_forms_are_never_a_server_error(app, demo, client):
    rid, code = demo["round_id"], demo["round_code"]
    _suggested(app, rid)
    admin = create_staff(app, "admin")
    assert log_in(client, admin["email"]).status_code == 302
    failures, forms_sent = [], 0
    queries = ["/admin/staff?area={n}", "/audit?page={n}", "/audit?actor={n}",
               "/audit?area={n}", f"/r/{code}/needs?page={{n}}",
               f"/r/{code}/needs?category={{n}}", f"/r/{code}/needs?goal={{n}}"]
    for query in queries:
        for n in HUGE:
            status = client.get(query.format(n=n)).status_code
            if status >= 500:
                failures.append((query, n, status))
    pages = [f"/manage/rounds/{rid}", f"/manage/rounds/{rid}/edit", f"/manage/rounds/{rid}/themes",
             f"/manage/rounds/{rid}/needs", f"/manage/rounds/{rid}/needs/1",
             f"/manage/rounds/{rid}/meetings", "/admin/staff", "/admin/areas",
             f"/staff/rounds/{rid}/responses"]
    for url in pages:
        page = client.get(url, follow_redirects=True)
        assert page.status_code == 200, url
        for tag, body in FORM.findall(page.get_data(as_text=True)):
            action = re.search(r'action="([^"]+)"', tag)
            if 'method="post"' not in tag.lower() or action is None:
                continue
            action = action.group(1)
            if "logout" in action:  # the header's log-out button would end the walk
                continue
            names = set(re.findall(r'name="([^"]+)"', body)) - {"csrf_token"}
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body)
            for n in HUGE[1:]:
                data = {name: n for name in names}
                if token:
                    data["csrf_token"] = token.group(1)
                status = client.post(action.replace("&amp;", "&"), data=data).status_code
                forms_sent += 1
                if status >= 500:
                    failures.append((action, sorted(names), n, status))
    assert forms_sent > 100  # the walk reached the workspace's forms
    assert failures == []
