import pytest

from bench.servers import admin_sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("home_page"),
]
PASSWORD = "a long staff password 42"
ADMIN_PAGES = [
    "/admin/",
    "/admin/auth/group/",
    "/admin/auth/group/add/",
    "/admin/auth/user/",
    "/admin/pages/page/add/",
    "/admin/otp_totp/totpdevice/add/",
]


@pytest.fixture
def violations(desktop_page):
    """Every CSP violation the browser reports, from the console and the DOM event."""
    found = []
    desktop_page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    desktop_page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e =>"
        " console.error('Content Security Policy: ' + e.violatedDirective"
        " + ' ' + e.blockedURI))"
    )
    return found


def test_home_page_loads_with_no_csp_violation(desktop_page, violations):
    response = desktop_page.goto("/")

    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    desktop_page.wait_for_load_state("networkidle")
    assert violations == []


def test_admin_signs_in_and_its_pages_work_with_no_csp_violation(
    desktop_page, violations, django_user_model
):
    django_user_model.objects.create_superuser("admin", "a@example.org", PASSWORD)
    admin_sign_in(desktop_page, "admin", PASSWORD)
    desktop_page.wait_for_url("**/admin/")

    for path in ADMIN_PAGES:
        response = desktop_page.goto(path)
        assert response.status == 200, path
        desktop_page.wait_for_load_state("networkidle")

    # The admin's JavaScript runs: the page form fills the slug from the title.
    desktop_page.goto("/admin/pages/page/add/")
    desktop_page.locator("#id_title").press_sequentially("Sleep and Settling")
    assert desktop_page.locator("#id_slug").input_value() == "sleep-and-settling"
    assert violations == []
