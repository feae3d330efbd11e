"""A clinician saving an inquiry a colleague changed meanwhile, at desk and phone
size: the colleague's change is named, what they typed stays, Save again works."""

import os

import pytest
from playwright.sync_api import expect

from bench.servers import admin_sign_in
from contact.models import Inquiry, InternalNote
from tests.conftest import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {
    "desktop": {"viewport": {"width": 1440, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
}
SHOTS = os.environ.get("CONFLICT_SCREENSHOTS")  # a directory, to look at them
NO_HORIZONTAL_SCROLL = (
    "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
)


@pytest.mark.parametrize("size", SIZES)
def test_a_conflict_names_the_colleague_keeps_the_note_and_saves_on_the_second_try(
    browser, live_server, make_staff, assert_accessible, size
):
    lucia = make_staff("lucia", "Clinicians")
    dana = make_staff("dana", "Clinicians")
    dana.first_name, dana.last_name = "Dana", "Whitfield"
    dana.save()
    inquiry = Inquiry.objects.create(
        writer="parent", name="Rosa Newest", phone="555 010 0199",
        preferred_contact="phone", child_age="0-12m",
    )  # fmt: skip
    context = browser.new_context(base_url=live_server.url, **SIZES[size])
    page = context.new_page()
    page.set_default_timeout(10_000)
    admin_sign_in(page, "lucia", STAFF_PASSWORD)
    page.goto(inquiry.get_admin_url())

    inquiry.set_status(Inquiry.Status.SCREENING, by=dana)  # Dana, meanwhile
    page.get_by_label("Status:", exact=True).select_option(label="Contacted")
    page.get_by_role("textbox", name="Text").fill("Grandmother may answer.")
    page.get_by_role("button", name="Save and continue editing").click()

    message = page.get_by_text(
        "Dana Whitfield changed Status to “Screening call scheduled” at "
    )
    expect(message).to_be_visible()
    expect(page.get_by_text("Nothing is saved yet")).to_be_visible()
    expect(page.get_by_role("textbox", name="Text")).to_have_value(
        "Grandmother may answer."
    )
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert_accessible(page)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"conflict-{size}.png"))
        message.scroll_into_view_if_needed()
        page.screenshot(path=os.path.join(SHOTS, f"conflict-{size}-field.png"))
    assert not InternalNote.objects.exists()

    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.CONTACTED
    assert InternalNote.objects.get().written_by == lucia
    context.close()
