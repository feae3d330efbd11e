"""Issue 14 journeys in Chromium: a clinician's search stays out of addresses;
a parent past the hard limit keeps what they typed and is given the phone."""

import os

import pytest
from playwright.sync_api import expect

from bench.servers import admin_sign_in
from contact.models import Inquiry, InquirySettings
from tests.conftest import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FAMILY_NAME = "Rosalind Quimby"
SHOTS = os.environ.get("SAFETY_SCREENSHOTS")  # a directory, to look at them


def shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"))
        page.screenshot(path=os.path.join(SHOTS, f"{name}-full.png"), full_page=True)


@pytest.fixture
def inquiries(db):
    wanted = Inquiry.objects.create(
        writer="parent",
        name=FAMILY_NAME,
        email="rosalind.family@example.net",
        phone="555 867 5309",
        preferred_contact="phone",
        child_age="1-3y",
    )
    Inquiry.objects.create(
        writer="parent", name="Other Family", preferred_contact="phone", child_age="6+"
    )
    return wanted


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_a_clinicians_search_never_reaches_an_address_or_referer(
    request, size, make_staff, inquiries
):
    page = request.getfixturevalue(f"{size}_page")
    page.set_default_timeout(10_000)
    make_staff("amara", "Clinicians")
    seen = []
    page.on("request", lambda r: seen.append((r.url, r.headers.get("referer", ""))))
    admin_sign_in(page, "amara", STAFF_PASSWORD)
    page.goto("/admin/contact/inquiry/")

    page.locator("#searchbar").fill(FAMILY_NAME)
    page.locator("#searchbar").press("Enter")
    expect(page.locator("#result_list")).to_contain_text(inquiries.reference)
    expect(page.locator("#result_list")).not_to_contain_text("Other Family")
    expect(page.locator("#searchbar")).to_have_value(FAMILY_NAME)
    shot(page, f"admin-search-{size}")
    page.get_by_role("link", name=inquiries.reference).click()
    expect(page.locator("body")).to_contain_text(inquiries.reference)

    for url, referer in seen:
        for word in FAMILY_NAME.split():
            assert word not in url and word not in referer, (url, referer)


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_past_the_hard_limit_a_parent_keeps_their_answers_and_gets_the_phone(
    request, size, settings, assert_accessible
):
    from pages.models import SiteSettings

    settings.CONTACT_MIN_FILL_SECONDS = 0
    settings.CONTACT_HARD_LIMIT = "1/d"
    SiteSettings(pk=1, phone="555-300-1200").save()
    InquirySettings(recipients="i@p.example").save()
    page = request.getfixturevalue(f"{size}_page")
    page.set_default_timeout(10_000)

    def fill_and_send(name):
        page.goto("/contact/")
        page.get_by_label("Parent or caregiver").check()
        page.get_by_label("Your name").fill(name)
        page.get_by_label("Your email address").fill("sam@example.net")
        page.get_by_label("1–2 years").check()
        page.locator("#id_consent").check()
        page.get_by_role("button", name="Send").click()

    fill_and_send("First Parent")
    expect(page.locator("h1")).to_contain_text("Thank you")
    fill_and_send("Sam Carter")

    expect(page.locator(".contact-errors")).to_contain_text(
        "Please call us at 555-300-1200"
    )
    expect(page.get_by_label("Your name")).to_have_value("Sam Carter")
    expect(page.get_by_label("Your email address")).to_have_value("sam@example.net")
    assert Inquiry.objects.count() == 1
    assert_accessible(page)
    shot(page, f"contact-hard-limit-{size}")


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_right_password_without_the_code_gets_the_same_answer_as_a_wrong_one(
    request, size, make_staff
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from security.forms import INVALID_LOGIN

    user = make_staff("amara", "Clinicians")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    page = request.getfixturevalue(f"{size}_page")
    page.set_default_timeout(10_000)
    answers = []
    for password in (STAFF_PASSWORD, "a wrong password"):
        admin_sign_in(page, "amara", password)
        answers.append(page.locator(".errornote").all_inner_texts())
        shot(page, f"sign-in-{size}")

    assert answers == [[INVALID_LOGIN], [INVALID_LOGIN]]
