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
