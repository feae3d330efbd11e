import pytest

from contact.models import Inquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def focused(page):
    return page.evaluate(
        "() => { const e = document.activeElement;"
        " return (e.name || e.id || e.tagName) + ':' + (e.value || ''); }"
    )


def tab_to(page, name, value=None, limit=120):
    """Press Tab until the field is focused: proves it is reachable by keyboard."""
    target = f"{name}:{value}" if value is not None else None
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if (target and now == target) or (not target and now.split(":")[0] == name):
            return
    raise AssertionError(f"{name} {value} not reachable with Tab")


def test_phone_keyboard_only_journey_with_a_mistake_then_thanks(
    phone_page, contact_practice, assert_accessible
):
    page = phone_page
    page.goto("/contact/")
    assert "call or text 988" in page.locator(".contact-crisis").first.inner_text()
    assert_accessible(page)

    tab_to(page, "writer", "parent")
    page.keyboard.press("Space")
    tab_to(page, "name")
    page.keyboard.type("Sam Carter")
    tab_to(page, "email")
    page.keyboard.type("sam@example.net")
    tab_to(page, "preferred_contact", "phone")
    page.keyboard.press("ArrowDown")  # radio groups move with the arrow keys
    page.keyboard.press("ArrowDown")
    tab_to(page, "child_age", "expecting")
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    tab_to(page, "concerns", "sleep")
    page.keyboard.press("Space")
    tab_to(page, "message")
    page.keyboard.type("Bedtime is hard.")
    tab_to(page, "send")
    page.keyboard.press("Enter")  # without ticking consent

    page.wait_for_selector("#form-errors")
    assert page.title().startswith("Error:")
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert "Please tick this box" in page.locator("#form-errors").inner_text()
    assert page.locator("#id_name").input_value() == "Sam Carter"
    assert page.locator("#id_message").input_value() == "Bedtime is hard."
    assert page.locator("#id_child_age_4").is_checked()
    assert page.locator("#id_preferred_contact_2").is_checked()
    assert_accessible(page)

    tab_to(page, "consent")
    page.keyboard.press("Space")
    tab_to(page, "send")
    page.keyboard.press("Enter")

    page.wait_for_url("**/contact/thanks/")
    inquiry = Inquiry.objects.get()
    assert inquiry.reference in page.locator(".contact-reference").inner_text()
    assert inquiry.child_age == "6+" and inquiry.preferred_contact == "email"
    assert page.get_by_role("link", name="Older Kids Help Line").is_visible()
    assert "call or text 988" in page.locator(".contact-crisis").inner_text()
    assert_accessible(page)


def test_error_summary_link_moves_focus_to_the_field(desktop_page, contact_practice):
    desktop_page.goto("/contact/")
    desktop_page.get_by_role("button", name="Send").click()

    desktop_page.locator("#form-errors").get_by_role(
        "link", name="Please tell us your name."
    ).click()

    assert desktop_page.evaluate("document.activeElement.id") == "id_name"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_error_summary_links_to_a_choice_group_reach_its_question(
    request, size, contact_practice
):
    page = request.getfixturevalue(f"{size}_page")
    page.goto("/contact/")
    page.get_by_role("button", name="Send").click()

    for error, first_choice, question in [
        ("Please tell us who is writing.", "id_writer_0", "#div_id_writer legend"),
        (
            "Please choose the child's age.",
            "id_child_age_0",
            "#div_id_child_age legend",
        ),
    ]:
        page.locator("#form-errors").get_by_role("link", name=error).click()
        # Django gives a group's label no id: the link once pointed to "#",
        # the top of the page.
        assert page.evaluate("document.activeElement.id") == first_choice
        # The question is on screen, above the choice the focus is on.
        legend = page.locator(question).bounding_box()
        assert 0 <= legend["y"] < page.locator(f"#{first_choice}").bounding_box()["y"]
        page.evaluate("window.scrollTo(0, 0)")


def test_form_controls_are_at_least_44px_tall_on_a_phone(phone_page, contact_practice):
    phone_page.goto("/contact/")

    for selector in ["#id_name", "#id_email", "#div_id_consent", "input[type=submit]"]:
        box = phone_page.locator(selector).bounding_box()
        assert box["height"] >= 44, selector
    assert not phone_page.locator("#id_website").is_visible()
