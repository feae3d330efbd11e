import re

import pytest
from playwright.sync_api import expect

from bench.servers import admin_sign_in
from pages.models import Page

from .conftest import PHONE

ADDRESS = re.compile(r"^Address:?$")  # the slug field's label

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough password for tests"
WIDE = {"width": 1440, "height": 900}


@pytest.fixture(params=[WIDE, PHONE], ids=["1440", "390"])
def sized_page(request, browser, live_server):
    context = browser.new_context(viewport=request.param, base_url=live_server.url)
    yield context.new_page()
    context.close()


def test_the_home_page_form_has_no_unpublish_and_no_offline_time(
    sized_page, editor, home_page
):
    page = sized_page
    admin_sign_in(
        page,
        "maria",
        PASSWORD,
        f"/admin/login/?next=/admin/pages/page/{home_page.pk}/change/",
    )

    buttons = page.locator(".submit-row")
    expect(buttons.get_by_role("button", name="Publish", exact=True)).to_be_visible()
    expect(buttons.get_by_text("Unpublish")).to_have_count(0)
    offline = page.get_by_label("Take offline at")
    expect(offline).to_be_disabled()
    expect(offline).to_have_value("")
    expect(page.get_by_text("it is always on the site, so it has no")).to_be_visible()
    expect(page.get_by_label(ADDRESS)).to_be_disabled()
    expect(page.get_by_text("It cannot be changed, so that")).to_be_visible()
    # No calendar or clock beside the locked box to fill it with.
    expect(page.locator(".field-expire_at .datetimeshortcuts")).to_have_count(0)
    assert (
        page.evaluate("document.documentElement.scrollWidth")
        <= page.viewport_size["width"]
    )


def test_an_address_the_site_uses_is_refused_with_a_link_to_it_at_the_top(
    sized_page, editor, home_page
):
    sleep = Page.objects.create(title="Sleep", slug="sleep", body="<p>Sleep.</p>")
    page = sized_page
    admin_sign_in(
        page, "maria", PASSWORD, f"/admin/login/?next=/admin/pages/page/{sleep.pk}/"
    )

    page.get_by_label(ADDRESS).fill("contact")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("This address is used by the site itself")).to_be_visible()
    page.locator(".page-error-fields").get_by_role("link", name="Address").click()
    expect(page.get_by_label(ADDRESS)).to_be_focused()
    expect(page.get_by_label(ADDRESS)).to_have_value("contact")
