import os

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run there unless told the test thread is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, base_url=live_server.url
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def contact_practice(settings, db):
    """Ready for families to write: told whom to tell, with a resource for older
    children, and no wait before the form may be sent."""
    from contact.models import InquirySettings, Resource
    from pages.models import SiteSettings

    settings.CONTACT_MIN_FILL_SECONDS = 0
    SiteSettings(pk=1).save()
    InquirySettings(recipients="intake@practice.example").save()
    Resource.objects.create(
        title="Older Kids Help Line",
        title_es="Línea de ayuda para niños mayores",
        url="https://help.example",
    )


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Fail on any WCAG 2.0/2.1/2.2 A or AA violation on the page as it is now."""

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
        assert results.violations_count == 0, results.generate_report()

    return check
