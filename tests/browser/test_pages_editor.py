import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bench.servers import admin_sign_in
from pages.models import Page

from .conftest import PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("home_page"),
]

PASSWORD = "a long enough password for tests"
ADDED = "Families are always welcome to ask questions."
WIDE = {"width": 1440, "height": 900}


@pytest.fixture
def wide_page(browser, live_server):
    context = browser.new_context(viewport=WIDE, base_url=live_server.url)
    yield context.new_page()
    context.close()


@pytest.fixture
def csp_violations(desktop_page):
    seen = []
    desktop_page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text
            and seen.append(message.text + repr(message.location))
        ),
    )
    return seen


def visitor_sees(browser, live_server, text):
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        page.goto("/")
        return text in page.locator("main").inner_text()
    finally:
        context.close()


def test_an_editor_edits_previews_publishes_and_reverts_the_home_page(
    desktop_page, browser, live_server, editor, csp_violations
):
    page = desktop_page
    admin_sign_in(page, "maria", PASSWORD, "/admin/")
    page.get_by_role("link", name="Pages", exact=True).click()
    page.get_by_role("link", name="What is Infant and Early Childhood").click()

    editor_area = page.locator(".fieldBox.field-body .tiptap.ProseMirror")
    expect(editor_area).to_be_visible()
    paragraph = editor_area.locator("p", has_text="As parents and caregivers")
    paragraph.click()
    page.keyboard.press("End")
    page.keyboard.type(" " + ADDED)

    page.get_by_role("button", name="Save and preview").click()
    expect(page.get_by_text("Preview of the draft.")).to_be_visible()
    expect(page.locator("main")).to_contain_text(ADDED)
    assert not visitor_sees(browser, live_server, ADDED)

    page.get_by_role("link", name="Back to editing").click()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("is published")).to_be_visible()
    assert visitor_sees(browser, live_server, ADDED)

    page.get_by_role("link", name="History").click()
    first_published = page.get_by_role("row").filter(has_text="Published").last
    first_published.get_by_role("button", name="Use this version").click()
    expect(page.get_by_text("The draft now has the content")).to_be_visible()
    expect(
        page.locator(".fieldBox.field-body .tiptap.ProseMirror")
    ).not_to_contain_text(ADDED)
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("is published")).to_be_visible()

    assert not visitor_sees(browser, live_server, ADDED)
    assert visitor_sees(browser, live_server, "Decision making")
    assert csp_violations == []


def test_the_editor_toolbar_offers_headings_lists_links_and_quotes(
    desktop_page, editor, csp_violations, home_page
):
    page = desktop_page
    admin_sign_in(page, "maria", PASSWORD)
    page.goto(f"/admin/pages/page/{home_page.pk}/change/")

    expect(page.locator(".fieldBox.field-body .tiptap.ProseMirror")).to_be_visible()
    menu = page.locator(".fieldBox.field-body .prose-menubar")
    expect(menu).to_be_visible()
    titles = " ".join(
        menu.locator("[title]").evaluate_all("els => els.map(e => e.title)")
    )
    for feature in ("Bold", "Italic", "link", "list", "quote"):
        assert re.search(feature, titles, re.I), (feature, titles)
    assert csp_violations == []


def test_public_pages_have_no_axe_violations(
    desktop_page, assert_accessible, home_page
):
    from pages.models import Page

    other = Page.objects.create(
        title="About the practice",
        slug="about-us",
        body="<h2>Our team</h2><p>Placeholder.</p>",
        reviewed_by="Jane Doe, LCSW",
        reviewed_on="2026-03-02",
        show_in_navigation=True,
    )
    other.publish()

    for url in ("/", "/about-us/", "/no-such-page/"):
        desktop_page.goto(url)
        assert_accessible(desktop_page)


def test_the_page_list_fits_a_phone(phone_page, editor):
    Page.objects.create(
        title="Sleep and settling in the first year", slug="sleep", body="<p>x</p>"
    )
    page = phone_page
    page.goto("/admin/login/?next=/admin/pages/page/")
    page.get_by_label("Username").fill("maria")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("link", name="Sleep and settling")).to_be_visible()

    document, results, results_box = page.evaluate(
        "[document.documentElement.scrollWidth,"
        " document.querySelector('.results').scrollWidth,"
        " document.querySelector('.results').clientWidth]"
    )

    assert document <= PHONE["width"]
    assert results <= results_box


def test_the_page_list_fits_beside_the_admin_menu_at_desk_width(wide_page, editor):
    now = timezone.now()
    sleep = Page.objects.create(
        title="Sleep and settling in the first year of life",
        slug="sleep",
        body="<p>Old.</p>",
        expire_at=now + datetime.timedelta(days=40),
    )
    sleep.publish()
    sleep.body = "<p>New.</p>"
    sleep.publish(at=now + datetime.timedelta(days=5))
    page = wide_page
    admin_sign_in(page, "maria", PASSWORD, "/admin/login/?next=/admin/pages/page/")
    expect(page.get_by_role("link", name="Sleep and settling")).to_be_visible()
    expect(page.locator("#nav-sidebar")).to_be_visible()

    results, results_box = page.evaluate(
        "[document.querySelector('.results').scrollWidth,"
        " document.querySelector('.results').clientWidth]"
    )

    assert results <= results_box


def test_the_english_and_spanish_text_boxes_are_as_wide_as_each_other(
    wide_page, editor, home_page
):
    page = wide_page
    admin_sign_in(
        page,
        "maria",
        PASSWORD,
        f"/admin/login/?next=/admin/pages/page/{home_page.pk}/change/",
    )
    english = page.locator(".fieldBox.field-body .prose-editor")
    spanish = page.locator(".fieldBox.field-body_es .prose-editor")
    expect(english).to_be_visible()
    expect(spanish).to_be_visible()

    # Both measured in one go, so an editor still starting cannot skew one.
    widths = page.evaluate(
        "['.field-body', '.field-body_es'].map(f => document.querySelector("
        "`.fieldBox${f} .prose-editor`).getBoundingClientRect().width)"
    )
    assert widths[0] == widths[1]
    # They are one above the other, so the heading does not say "side by side".
    expect(
        page.get_by_role("heading", name="English and Spanish", exact=True)
    ).to_be_visible()


def test_the_page_form_has_no_axe_violations_and_its_text_boxes_are_named(
    desktop_page, editor, home_page, assert_accessible
):
    page = desktop_page
    admin_sign_in(page, "maria", PASSWORD, f"/admin/pages/page/{home_page.pk}/change/")
    body = page.locator(".fieldBox.field-body .tiptap.ProseMirror")
    expect(body).to_be_visible()

    # A screen reader announces the text box by its label, as it did the textarea.
    expect(page.get_by_role("textbox", name="Text", exact=False).first).to_be_visible()
    assert body.get_attribute("aria-labelledby") == "id_body_label"
    assert_accessible(page)
