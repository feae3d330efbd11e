"""What staff type in an admin form survives the idle sign-out
(static/js/keep-typing.js).

Time passes on both sides without waiting: the session's last activity is moved
back in the database, and the page's clock is moved on with Playwright's clock."""

import re
from importlib import import_module

import pytest
from django.conf import settings
from playwright.sync_api import expect

from bench.servers import admin_sign_in
from contact.models import Inquiry
from pages.models import Page
from security.sessions import LAST_SEEN_KEY
from tests.conftest import STAFF_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("home_page"),
]

SIZES = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
    "desktop": {"viewport": {"width": 1440, "height": 900}},
}
TYPED = " Written over a long afternoon."
SIGNED_OUT = (
    "You were signed out after 30 minutes without activity. What you typed is "
    "still here: sign in again in a new tab, then come back to this tab and press "
    "“Save draft” again."
)


@pytest.fixture(params=SIZES)
def page(request, browser, live_server):
    context = browser.new_context(base_url=live_server.url, **SIZES[request.param])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.csp_violations = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and page.csp_violations.append(m),
    )
    yield page
    context.close()


def session_of(page):
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def time_passes(page, minutes):
    """`minutes` without a request, for the server and for the page."""
    session = session_of(page)
    session[LAST_SEEN_KEY] -= minutes * 60
    session.save()
    page.clock.fast_forward(minutes * 60_000)


def open_page_form(page, home_page):
    page.clock.install()
    path = f"/admin/pages/page/{home_page.pk}/change/"
    admin_sign_in(page, "maria", STAFF_PASSWORD, f"/admin/login/?next={path}")
    editor_area = page.locator(".fieldBox.field-body .tiptap.ProseMirror")
    editor_area.focus()  # not a person's input: asks nothing
    return editor_area


def type_text(page, text):
    """What a person types, as one input event: the keep-alive asks at once when
    it last asked 2 minutes ago or more; the answer's status."""
    with page.expect_response("**/admin/session/") as answer:
        page.keyboard.insert_text(text)
    return answer.value.status


def crumb(page, name):
    return page.locator(".breadcrumbs").get_by_role("link", name=name, exact=True)


def dismiss_dialogs(page):
    """Answer "stay" to any question the browser asks; the list of them."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    return dialogs


def leave_by_a_link(page):
    """Click Images in the menu (Pages in the breadcrumbs on a phone)."""
    link = page.locator("#nav-sidebar").get_by_role("link", name="Images")
    if not link.is_visible():
        link = crumb(page, "Pages")
    with page.expect_event("dialog"):
        link.click()


def body_of(home_page):
    return Page.objects.get(pk=home_page.pk).body


def test_typing_keeps_an_editor_signed_in_past_the_idle_limit(page, editor, home_page):
    open_page_form(page, home_page)
    time_passes(page, 20)
    assert type_text(page, TYPED) == 204
    time_passes(page, 20)
    assert type_text(page, " And more.") == 204
    time_passes(page, 20)  # an hour since the page was opened

    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".messagelist")).to_contain_text("Draft saved.")
    assert TYPED.strip() + " And more." in body_of(home_page)
    assert page.csp_violations == []


def test_a_screen_left_alone_is_still_signed_out(page, editor, home_page):
    open_page_form(page, home_page)
    time_passes(page, 5)
    type_text(page, TYPED)
    key = session_of(page).session_key

    time_passes(page, 31)
    with page.expect_response("**/admin/session/") as save_asked:
        page.get_by_role("button", name="Save draft").click()

    assert save_asked.value.status == 401
    expect(page.get_by_role("alert")).to_contain_text("You were signed out")
    assert not import_module(settings.SESSION_ENGINE).SessionStore().exists(key)


def test_the_keep_alive_asks_at_most_every_2_minutes(page, editor, home_page):
    asked = []
    page.on("request", lambda r: "/admin/session/" in r.url and asked.append(r))
    open_page_form(page, home_page)
    time_passes(page, 5)
    type_text(page, TYPED)

    page.keyboard.insert_text(" More.")
    page.clock.run_for(60_000)
    assert len(asked) == 1
    with page.expect_response("**/admin/session/") as answer:
        page.clock.run_for(60_000)  # 2 minutes after it last asked

    assert answer.value.status == 204
    assert len(asked) == 2


def test_save_after_the_idle_sign_out_keeps_the_text_and_says_how_to_go_on(
    page, editor, home_page
):
    editor_area = open_page_form(page, home_page)
    time_passes(page, 5)
    type_text(page, TYPED)
    time_passes(page, 31)
    change_form = page.url

    page.get_by_role("button", name="Save draft").click()

    note = page.get_by_role("alert")
    expect(note).to_have_text(SIGNED_OUT)
    expect(note).to_be_focused()
    expect(note).to_be_in_viewport()
    assert page.url == change_form
    expect(editor_area).to_contain_text(TYPED.strip())
    assert TYPED.strip() not in body_of(home_page)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")

    with page.context.expect_page() as opened:
        note.get_by_role("link", name="sign in again in a new tab").click()
    other_tab = opened.value
    other_tab.get_by_label("Username").fill("maria")
    other_tab.get_by_label("Password").fill(STAFF_PASSWORD)
    with other_tab.expect_navigation():
        other_tab.get_by_role("button", name="Log in").click()
    other_tab.close()
    page.bring_to_front()
    page.evaluate("dispatchEvent(new FocusEvent('focus'))")  # back in this tab
    expect(page.get_by_role("status").filter(has_text="again")).to_have_text(
        "You are signed in again. Press “Save draft” to save what you typed."
    )

    # Signing in gave a new CSRF token; Save uses it.
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Draft saved.")
    assert TYPED.strip() in body_of(home_page)
    assert page.csp_violations == []


def test_leaving_a_page_with_unsaved_text_asks_first(page, editor, home_page):
    editor_area = open_page_form(page, home_page)
    page.keyboard.type(TYPED)
    dialogs = dismiss_dialogs(page)

    leave_by_a_link(page)

    assert dialogs == ["beforeunload"]
    expect(editor_area).to_contain_text(TYPED.strip())
    assert "/change/" in page.url


def test_saving_does_not_ask_and_a_saved_page_is_left_without_asking(
    page, editor, home_page
):
    open_page_form(page, home_page)
    dialogs = dismiss_dialogs(page)

    page.keyboard.type(TYPED)
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messagelist")).to_contain_text("Draft saved.")
    page.locator(".fieldBox.field-body .tiptap.ProseMirror").click()
    crumb(page, "Pages").click()

    expect(page).to_have_url(re.compile(r"/admin/pages/page/$"))
    assert dialogs == []


@pytest.fixture
def inquiry(db):
    return Inquiry.objects.create(
        writer="parent", name="Rosa Newest", email="rosa@example.net",
        preferred_contact="email", child_age="0-12m",
    )  # fmt: skip


def open_inquiry(page, make_staff, inquiry):
    make_staff("amara", "Clinicians")
    page.clock.install()
    path = f"/admin/contact/inquiry/{inquiry.pk}/change/"
    admin_sign_in(page, "amara", STAFF_PASSWORD, f"/admin/login/?next={path}")


def test_a_note_written_after_a_therapy_session_is_kept(
    page, make_staff, inquiry, assert_accessible
):
    open_inquiry(page, make_staff, inquiry)
    time_passes(page, 50)
    note_box = page.locator("textarea[name='notes-0-text']")
    note_box.fill("Mother asked for a call after 3 pm.")

    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "You were signed out after 30 minutes without activity."
    )
    expect(note_box).to_have_value("Mother asked for a call after 3 pm.")
    assert_accessible(page)
    dialogs = dismiss_dialogs(page)
    with page.expect_event("dialog"):
        crumb(page, "Inquiries").click()
    assert dialogs == ["beforeunload"]
    expect(note_box).to_have_value("Mother asked for a call after 3 pm.")


def test_an_untouched_inquiry_is_left_without_asking(page, make_staff, inquiry):
    open_inquiry(page, make_staff, inquiry)
    dialogs = dismiss_dialogs(page)
    page.get_by_role("button", name="Add another internal note").click()

    crumb(page, "Inquiries").click()

    expect(page).to_have_url(re.compile(r"/admin/contact/inquiry/$"))
    assert dialogs == []


@pytest.mark.parametrize("trouble", ["server error", "older browser"])
def test_save_goes_ahead_when_the_check_cannot_tell(page, editor, home_page, trouble):
    page.clock.install()  # it brings its own AbortSignal.timeout: remove it after
    if trouble == "server error":
        # The check answers neither signed in nor signed out: the server decides.
        page.route("**/admin/session/", lambda route: route.fulfill(status=500))
    else:
        # Safari before 16 has no AbortSignal.timeout.
        page.add_init_script("AbortSignal.timeout = undefined")
    path = f"/admin/pages/page/{home_page.pk}/change/"
    admin_sign_in(page, "maria", STAFF_PASSWORD, f"/admin/login/?next={path}")
    assert page.evaluate("typeof AbortSignal.timeout") == (
        "function" if trouble == "server error" else "undefined"
    )
    page.locator(".fieldBox.field-body .tiptap.ProseMirror").focus()
    page.keyboard.insert_text(TYPED)

    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".messagelist")).to_contain_text("Draft saved.")
    assert TYPED.strip() in body_of(home_page)
