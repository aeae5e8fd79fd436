"""Every page carries security headers, and no form works without its CSRF token."""


def test_pages_have_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"


def test_a_post_without_csrf_token_is_refused_with_a_clear_page(client):
    response = client.post("/login", data={"email": "a@example.se", "password": "x"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<h1>" in page and "reload" in page.lower() or "ladda om" in page.lower()


def test_login_redirects_only_to_this_site(app, client):
    from tests.conftest import create_staff, log_in

    user = create_staff(app, "facilitator")
    token_page = client.get("/login?next=https://evil.example/")
    assert token_page.status_code == 200
    response = log_in(client, user["email"])
    assert response.headers["Location"].startswith("/")


def test_a_next_address_with_a_line_break_sends_the_user_to_their_start_page(app, client):
    from tests.conftest import PASSWORD, create_staff, submit

    user = create_staff(app, "facilitator")
    response = submit(client, "/login", {"email": user["email"], "password": PASSWORD},
                      action="/login?next=/staff%0D%0ASet-Cookie:%20x=1")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "\n" not in location and "Set-Cookie" not in location
    assert "x=1" not in response.headers.get("Set-Cookie", "")


def test_an_id_beyond_the_database_range_is_a_page_not_found(client, demo):
    code = demo["round_code"]
    for path in (f"/r/{code}/needs/99999999999999999999", f"/r/{code}/needs/2147483648",
                 f"/r/{code}/meetings/9223372036854775808", f"/r/{code}/themes/2147483648"):
        assert client.get(path).status_code == 404, path
    assert client.get(f"/r/{code}/needs/1").status_code == 200
