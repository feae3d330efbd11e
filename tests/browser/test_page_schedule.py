import datetime
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bench.servers import admin_sign_in
from pages.models import Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a long enough password for tests"
OLD = "Draft words about sleep."
NEW = "Sleep comes in cycles."


@pytest.fixture
def live_page(db):
    page = Page.objects.create(
        title="Sleep", slug="sleep", body=f"<p>{OLD}</p>", show_in_navigation=True
    )
    page.publish()
    return page


def public_text(visitor):
    visitor.goto("/sleep/")
    return visitor.locator("main").inner_text()


def test_a_scheduled_version_replaces_the_live_page_at_its_time_and_not_before(
    desktop_page, browser, live_server, django_user_model, editors_group, live_page
):
    user = django_user_model.objects.create_user(
        "maria", password=PASSWORD, is_staff=True, first_name="Maria"
    )
    user.groups.add(editors_group)
    page = desktop_page
    admin_sign_in(page, "maria", PASSWORD)
    page.goto(f"/admin/pages/page/{live_page.pk}/change/")

    editor = page.locator(".fieldBox.field-body .tiptap.ProseMirror")
    editor.locator("p").click()
    page.keyboard.press("Control+a")
    page.keyboard.type(NEW)
    at = timezone.localtime() + datetime.timedelta(seconds=6)
    page.locator("#id_publish_at_0").fill(at.strftime("%Y-%m-%d"))
    page.locator("#id_publish_at_1").fill(at.strftime("%H:%M:%S"))
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Live · new version scheduled for")).to_have_count(2)
    at = at.replace(microsecond=0)

    context = browser.new_context(base_url=live_server.url)
    visitor = context.new_page()
    seen_old = seen_new = False
    deadline = time.monotonic() + 30
    while not seen_new and time.monotonic() < deadline:
        before = timezone.now()
        text = public_text(visitor)
        after = timezone.now()
        if NEW in text:
            assert after >= at, "the new version showed before its time"
            seen_new = True
        else:
            assert OLD in text, "the page disappeared while a version was scheduled"
            assert before < at + datetime.timedelta(seconds=2), "switched late"
            seen_old = True
        visitor.wait_for_timeout(200)

    context.close()
    assert seen_old and seen_new
    live_page.refresh_from_db()
    assert live_page.status == Page.Status.LIVE


def test_cancel_schedule_and_unpublish_look_and_line_up_like_the_save_buttons(
    desktop_page, editor, live_page
):
    live_page.body = "<p>Later.</p>"
    live_page.publish(at=timezone.now() + datetime.timedelta(days=1))
    page = desktop_page
    admin_sign_in(
        page,
        "maria",
        PASSWORD,
        f"/admin/login/?next=/admin/pages/page/{live_page.pk}/change/",
    )
    row = page.locator(".submit-row")
    publish = row.get_by_role("button", name="Publish", exact=True)
    cancel = row.get_by_role("link", name="Cancel schedule")
    unpublish = row.get_by_role("link", name="Unpublish")
    expect(unpublish).to_be_visible()

    def look(control):
        # Measured against its row in one go: the editor above may still be
        # growing the page, which moves the row between two measurements.
        return tuple(
            control.evaluate(
                "e => { const box = e.getBoundingClientRect();"
                " const row = e.closest('.submit-row').getBoundingClientRect();"
                " const s = getComputedStyle(e);"
                " return [Math.round(box.top - row.top), Math.round(box.height),"
                " s.textDecorationLine, s.backgroundColor, s.color]; }"
            )
        )

    top, height, _, colour, text = look(publish)
    assert look(cancel) == (top, height, "none", colour, text)
    unpublish_top, unpublish_height, underline, unpublish_colour, _ = look(unpublish)
    assert (unpublish_top, unpublish_height, underline) == (top, height, "none")
    assert unpublish_colour != colour  # the admin's delete colour: it takes it down

    unpublish.click()
    expect(page.get_by_text("Take “Sleep” off the site?").first).to_be_visible()
    assert live_page.is_live()
