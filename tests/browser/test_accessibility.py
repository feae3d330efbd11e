"""Every public page state, at phone and desktop sizes: axe (WCAG 2.0-2.2 A/AA,
contrast included), reflow, visible focus, reduced motion."""

import pytest

from pages.models import Page, SiteSettings

from .conftest import DESKTOP, PHONE

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("home_page", "practice"),
]
NO_HORIZONTAL_SCROLL = (
    "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)


@pytest.fixture
def practice(settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    SiteSettings(
        pk=1,
        phone="(212) 555-0100",
        email="hello@practice.example",
        address="1 Main Street\nSpringfield",
    ).save()
    # The first transactional test still sees the migrations' draft of this page.
    page, _ = Page.objects.update_or_create(
        slug="what-to-expect",
        defaults={
            "title": "What to expect",
            "show_in_navigation": True,
            "body": "<h2>Your first call</h2><p>We listen, and we ask a few "
            "questions.</p><blockquote><p>It helped us.</p><cite>A parent</cite>"
            '</blockquote><p><a href="/contact/">Contact us</a></p>',
        },
    )
    page.publish()


def blank_form(page):
    page.goto("/contact/")


def form_with_errors(page):
    page.goto("/contact/")
    page.get_by_role("button", name="Send").click()
    page.wait_for_selector("#form-errors")


def thanks(page):
    page.goto("/contact/")
    page.check("input[name=writer][value=parent]")
    page.fill("#id_name", "Sam Carter")
    page.fill("#id_email", "sam@example.net")
    page.check("input[name=preferred_contact][value=email]")
    page.check("input[name=child_age][value='1-2y']")
    page.check("#id_consent")
    page.get_by_role("button", name="Send").click()
    page.wait_for_url("**/contact/thanks/")


STATES = {
    "home": lambda page: page.goto("/"),
    "content page": lambda page: page.goto("/what-to-expect/"),
    "contact form": blank_form,
    "contact form with errors": form_with_errors,
    "thank-you page": thanks,
    "404 page": lambda page: page.goto("/no-such-page/"),
}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


def open_page(browser, live_server, **options):
    context = browser.new_context(base_url=live_server.url, **options)
    return context, context.new_page()


@pytest.fixture(params=list(VIEWPORTS))
def sized_page(request, browser, live_server):
    phone = request.param == "phone"
    context, page = open_page(
        browser,
        live_server,
        viewport=VIEWPORTS[request.param],
        is_mobile=phone,
        has_touch=phone,
    )
    yield page
    context.close()


@pytest.mark.parametrize("state", list(STATES))
def test_no_axe_violations(sized_page, state, assert_accessible):
    STATES[state](sized_page)

    assert sized_page.locator("h1").count() == 1
    assert_accessible(sized_page)


@pytest.mark.parametrize("state", list(STATES))
@pytest.mark.parametrize(
    "zoom",
    [
        # WCAG 1.4.10: 320 CSS px wide is 1280 px at 400%.
        {"viewport": {"width": 320, "height": 640}},
        # 200% browser zoom of a 1280 px window: 640 CSS px on a 2x scale.
        {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
    ],
    ids=["320px", "200% zoom"],
)
def test_content_reflows_without_horizontal_scrolling(
    browser, live_server, state, zoom
):
    context, page = open_page(browser, live_server, **zoom)
    STATES[state](page)

    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    context.close()


def outline(page):
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )


def test_keyboard_focus_on_links_and_buttons_shows_a_visible_outline(desktop_page):
    desktop_page.goto("/contact/")
    seen = set()
    for _ in range(120):
        desktop_page.keyboard.press("Tab")
        tag = desktop_page.evaluate("document.activeElement.tagName")
        kind = desktop_page.evaluate("document.activeElement.type || ''")
        if tag == "A" or kind == "submit":
            style, width = outline(desktop_page)
            assert style != "none" and width >= 2, (tag, style, width)
            seen.add(tag if tag == "A" else "submit")
        if kind == "submit":
            break
    assert seen == {"A", "submit"}


@pytest.mark.parametrize("state", ["home", "contact form"])
def test_reduced_motion_turns_off_every_animation_and_transition(
    browser, live_server, state
):
    context, page = open_page(browser, live_server, reduced_motion="reduce")
    STATES[state](page)

    moving = page.evaluate(
        "() => [...document.querySelectorAll('*')].filter(e => {"
        " const s = getComputedStyle(e);"
        " return s.animationName !== 'none'"
        " || s.transitionDuration.split(',').some(d => parseFloat(d) > 0)"
        " || s.scrollBehavior === 'smooth'; }).map(e => e.tagName)"
    )
    assert moving == []
    context.close()
