"""A family's way in, at 390x844 (phone) and 1440x900 (desktop): the phone and
"Contact us" in the first screen of every family page, a five-answer inquiry
delivered by the real worker and SMTP server, a referral with an extension,
the form without JavaScript, and axe on every state in both languages."""

import importlib

import pytest
from django.apps import apps
from playwright.sync_api import expect

from contact.models import Inquiry, InquirySettings, Notification
from pages.models import Page, SiteSettings
from tests.contact import conftest as contact
from tests.contact.conftest import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# The contact tests' real SMTP server and worker.
database_tasks = contact.database_tasks
smtp_server = contact.smtp_server
start_worker = contact.start_worker
SIZES = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1440, "height": 900}},
    "small phone": {"viewport": {"width": 320, "height": 568}, "is_mobile": True},
}
PHONE_HREF = "tel:+1-212-555-0100"
CONTENT = importlib.import_module(
    "pages.migrations.0009_spanish_home_and_privacy_notice"
)


@pytest.fixture
def practice(settings, home_page):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    InquirySettings(recipients="intake@practice.example").save()
    SiteSettings(
        pk=1,
        phone="(212) 555-0100",
        email="hello@practice.example",
        address="12 Willow Lane\nSpringfield",
        hours="Monday to Thursday, 9am to 5pm",
    ).save()
    for name, value in CONTENT.HOME_SPANISH.items():  # as migration 0009 adds it
        setattr(home_page, name, value)
    home_page.publish()
    Page.objects.filter(slug="privacy").delete()
    CONTENT.publish_privacy_notice(apps, None)


@pytest.fixture
def open_page(browser, live_server):
    contexts = []

    def open_(size="phone", **options):
        context = browser.new_context(
            base_url=live_server.url, **SIZES[size], **options
        )
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def five_answers(page, email="sam@example.net"):
    page.get_by_label("Parent or caregiver").check()
    page.get_by_label("Your name").fill("Sam Carter")
    page.get_by_label("Your email address").fill(email)
    page.get_by_label("1–2 years").check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Send").click()


def in_first_screen(page, locator):
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height
    assert box["width"] >= 44 and box["height"] >= 44, box


FAMILY_PAGES = ["/", "/es/", "/contact/", "/es/contact/", "/privacy/", "thanks"]


@pytest.mark.parametrize("size", list(SIZES))
def test_phone_and_contact_us_are_in_the_first_screen_of_every_family_page(
    open_page, practice, size
):
    page = open_page(size)
    for path in FAMILY_PAGES:
        if path == "thanks":
            page.goto("/contact/")
            five_answers(page)
            page.wait_for_url("**/contact/thanks/")
        else:
            page.goto(path)
        header = page.locator(".site-header")
        in_first_screen(page, header.locator(f"a[href^='{PHONE_HREF}']"))
        in_first_screen(page, header.locator(".btn-cta"))
        in_first_screen(page, header.locator(".language-switch a"))
        assert page.evaluate(
            "document.documentElement.scrollWidth <= window.innerWidth"
        ), path


def test_a_parent_sends_five_answers_and_both_emails_go_out(
    open_page, practice, smtp_server, start_worker
):
    start_worker(smtp_server.url)
    page = open_page("phone")
    page.goto("/contact/")
    assert not page.locator("#professional-questions").is_visible()

    five_answers(page, email="sam.family@example.net")

    page.wait_for_url("**/contact/thanks/")
    inquiry = Inquiry.objects.get()
    assert (inquiry.name, inquiry.child_age) == ("Sam Carter", "1-2y")
    assert inquiry.preferred_contact == "email" and inquiry.phone == ""
    assert page.locator(".contact-call a").get_attribute("href") == PHONE_HREF
    assert page.locator(".contact-crisis").count() == 1
    assert page.locator(".crisis").count() == 1
    wait_for(
        lambda: Notification.objects.filter(sent_at__isnull=False).count() == 2,
        message="both emails delivered",
    )
    recipients = sorted(r for to, _ in smtp_server.mailbox.messages for r in to)
    assert recipients == ["intake@practice.example", "sam.family@example.net"]


def test_a_referral_with_an_extension_is_stored_normalised(open_page, practice):
    page = open_page("desktop")
    page.goto("/contact/")
    section = page.locator("#professional-questions")
    assert not section.is_visible()

    page.get_by_label("A professional referring a family").check()
    assert section.is_visible()
    page.get_by_label("Your name").fill("Dr Ada Okafor")
    page.get_by_label("Your phone number").fill("212-555-0123 ext 14")
    page.get_by_label("Your organization").fill("Northside Pediatrics")
    page.get_by_label("Pediatrician or health care").check()
    page.get_by_label("The family's name").fill("The Rivera family")
    page.get_by_label("The family's phone number").fill("(646) 555-0199")
    page.get_by_label("The family agreed that we may contact them").check()
    page.get_by_label("3–5 years").check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Send").click()

    page.wait_for_url("**/contact/thanks/")
    stored = Inquiry.objects.values("phone", "family_phone", "family_name").get()
    assert stored == {
        "phone": "tel:+1-212-555-0123;ext=14",
        "family_phone": "tel:+1-646-555-0199",
        "family_name": "The Rivera family",
    }


def test_the_form_works_without_javascript(open_page, practice):
    page = open_page("phone", java_script_enabled=False)
    page.goto("/contact/")
    section = page.locator("#professional-questions")
    assert section.is_visible()
    assert "Only for professionals referring a family" in section.inner_text()

    page.get_by_label("Parent or caregiver").check()
    page.get_by_label("Your name").fill("Sam Carter")
    page.get_by_label("Your phone number").fill("212 555")
    page.get_by_role("button", name="Send").click()

    errors = page.locator("#form-errors")
    assert "too few digits" in errors.inner_text()
    assert "Please choose the child's age." in errors.inner_text()
    # The age group's message sits between its question and its options.
    group = page.locator("#div_id_child_age")
    message = group.locator(".contact-group-error").bounding_box()
    first_option = group.locator("input").first.bounding_box()
    question = group.locator("legend").bounding_box()
    assert question["y"] < message["y"] < first_option["y"]
    assert page.get_by_label("Your name").input_value() == "Sam Carter"

    page.get_by_label("Your phone number").fill("212 555 0147")
    page.get_by_label("Under 1 year").check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/contact/thanks/")
    assert Inquiry.objects.get().phone.as_e164 == "+12125550147"


def test_a_spanish_browser_sees_the_offer_and_an_english_one_does_not(
    open_page, practice
):
    spanish = open_page("phone", locale="es-MX")
    english = open_page("phone", locale="en-US")

    spanish.goto("/")
    english.goto("/")

    offer = spanish.locator(".language-offer")
    assert offer.is_visible()
    assert offer.get_by_role("link").get_attribute("href") == "/es/"
    assert not english.locator(".language-offer").is_visible()
    assert spanish.url.endswith("/") and not spanish.url.endswith("/es/")


def blank(path):
    return lambda page: page.goto(path)


def with_errors(path):
    def go(page):
        page.goto(path)
        page.locator("input[name=writer][value=professional]").check()
        page.locator("input[type=submit]").click()
        page.wait_for_selector("#form-errors")

    return go


def thanks(path):
    def go(page):
        page.goto(path)
        page.locator("input[name=writer][value=parent]").check()
        page.locator("#id_name").fill("Sam Carter")
        page.locator("#id_phone").fill("212 555 0147")
        page.locator("input[name=child_age][value='6+']").check()
        page.locator("#id_consent").check()
        page.locator("input[type=submit]").click()
        page.wait_for_url("**/thanks/")

    return go


STATES = {
    "home": blank("/"),
    "home es": blank("/es/"),
    "form": blank("/contact/"),
    "form es": blank("/es/contact/"),
    "form errors": with_errors("/contact/"),
    "form errors es": with_errors("/es/contact/"),
    "thanks older child": thanks("/contact/"),
    "thanks es": thanks("/es/contact/"),
    "privacy": blank("/privacy/"),
    "privacy es": blank("/es/privacy/"),
}


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_every_family_state_has_no_axe_violations_in_both_languages(
    open_page, practice, assert_accessible, size
):
    page = open_page(size, locale="es-MX")  # the language offer shows too
    for name, go in STATES.items():
        go(page)
        try:
            assert_accessible(page)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from None


def test_a_long_message_is_never_cut_off_and_the_count_says_by_how_much(
    open_page, practice
):
    page = open_page("phone")
    page.goto("/contact/")
    box = page.get_by_label("Anything you would like us to know")
    count = page.locator(".character-count")
    expect(count).to_have_text("0 / 1,000")
    page.get_by_label("Parent or caregiver").check()
    page.get_by_label("Your name").fill("Sam Carter")
    page.get_by_label("Your phone number").fill("212 555 0147")
    page.get_by_label("1–2 years").check()
    page.locator("#id_consent").check()
    # 1,198 characters, and a space at the end the server does not keep.
    long_message = "We are so tired. " * 70 + "The end. "
    box.fill(long_message)  # a browser with maxlength=1000 kept the first 1,000

    expect(count).to_have_text(
        "1,198 / 1,000 · 198 characters too many: please shorten it a little."
    )
    assert box.input_value() == long_message
    page.get_by_role("button", name="Send").click()

    errors = page.locator("#form-errors")
    expect(errors).to_contain_text(
        "Please shorten your message to at most 1,000 characters: it has 1,198."
    )
    assert box.input_value() == long_message
    assert page.get_by_label("Your name").input_value() == "Sam Carter"
    assert not Inquiry.objects.exists()

    box.fill(long_message[198:])
    expect(count).to_have_text("1,000 / 1,000")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/contact/thanks/")
    assert Inquiry.objects.get().message == long_message[198:].strip()
