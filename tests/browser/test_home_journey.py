import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("home_page"),
]


def test_home_page_on_a_phone_has_content_navigation_and_no_axe_violations(
    phone_page, assert_accessible
):
    response = phone_page.goto("/")

    assert response.status == 200
    heading = phone_page.get_by_role("heading", level=1)
    assert heading.inner_text() == "What is Infant and Early Childhood Mental Health?"
    nav = phone_page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Home").get_attribute("aria-current") == "page"
    assert "call or text 988" in phone_page.get_by_role("contentinfo").inner_text()
    assert_accessible(phone_page)


def test_skip_link_is_first_in_tab_order_and_moves_focus_to_main(phone_page):
    phone_page.goto("/")

    phone_page.keyboard.press("Tab")
    skip = phone_page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("element => element === document.activeElement")
    phone_page.keyboard.press("Enter")

    assert phone_page.evaluate("location.hash") == "#main"


def test_navigation_link_leads_to_the_page_it_names(desktop_page):
    desktop_page.goto("/nope-not-here/")
    desktop_page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Home"
    ).click()

    # "**/" would match the page we start on, so name the home address itself.
    desktop_page.wait_for_url(re.compile(r"^https?://[^/]+/$"))
    assert desktop_page.get_by_role("heading", level=1).is_visible()
