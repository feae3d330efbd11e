import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values for name, *values in (part.split() for part in policy.split(";"))
    }


def test_public_csp_allows_only_own_files_and_nothing_inline(client):
    csp = directives(client.get("/", secure=True))

    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]


def test_public_pages_have_no_inline_script_or_style(client):
    body = client.get("/", secure=True).content.decode()
    # JSON-LD is a data block: browsers never run it and CSP does not apply.
    scripts = re.findall(r"<script\b[^>]*>", body)

    assert all(
        "src=" in tag or 'type="application/ld+json"' in tag for tag in scripts
    ), scripts
    assert "style=" not in body and "<style" not in body


def test_admin_csp_adds_a_per_response_nonce_and_nothing_else(client):
    first = directives(client.get("/admin/login/", secure=True))
    second = directives(client.get("/admin/login/", secure=True))

    for csp in (first, second):
        assert csp["script-src"][0] == "'self'"
        assert csp["style-src"][0] == "'self'"
        assert "'unsafe-inline'" not in csp["script-src"] + csp["style-src"]
        assert csp["frame-ancestors"] == ["'none'"]
    assert first["style-src"][1].startswith("'nonce-")
    assert first["style-src"] != second["style-src"]


def test_admin_nonce_in_the_header_matches_the_page(client):
    response = client.get("/admin/login/", secure=True)
    nonce = directives(response)["style-src"][1][len("'nonce-") : -1]

    assert f'nonce="{nonce}"' in response.content.decode()


def test_hsts_for_a_year_with_subdomains_on_https(client):
    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )


def test_nosniff_referrer_policy_opener_policy_and_no_framing(client):
    response = client.get("/", secure=True)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "feature", ["camera", "microphone", "geolocation", "payment", "usb"]
)
def test_permissions_policy_denies_what_the_site_never_uses(client, feature):
    policy = client.get("/", secure=True)["Permissions-Policy"]

    assert f"{feature}=()" in policy.split(", ")


@pytest.mark.parametrize(
    "path", ["/admin/login/", "/admin/", "/admin/pages/page/", "/admin/pages/page/add/"]
)
def test_admin_is_never_stored_by_browsers_or_proxies(admin_client, path):
    response = admin_client.get(path, secure=True)

    assert response.status_code in (200, 302)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_session_cookie_is_secure_and_http_only_after_sign_in(client, admin_user):
    client.get("/admin/login/", secure=True)
    response = client.post(
        "/admin/login/",
        {"username": "admin", "password": "password"},
        secure=True,
    )

    assert response.status_code == 302
    assert response.cookies["sessionid"]["secure"] is True
    assert response.cookies["sessionid"]["httponly"] is True
    assert response.cookies["csrftoken"]["secure"] is True
