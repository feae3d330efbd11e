"""Who to call today, replies and invitations, as each role, at desk and phone size."""

import re

import pytest
from playwright.sync_api import expect

from bench.servers import admin_sign_in
from contact.models import Inquiry, InquirySettings, Reply, ReplyTemplate
from pages.models import SiteSettings
from tests.conftest import STAFF_PASSWORD
from tests.contact.conftest import smtp_mailers, smtp_server, wait_for  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
    },
}
NO_HORIZONTAL_SCROLL = (
    "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    " && [...document.querySelectorAll('.results')]"
    ".every(e => e.scrollWidth <= e.clientWidth)"
)
# The inquiry's records (attempts, notes, emails, history, access log).
RECORDS_FIT = (
    "[...document.querySelectorAll('#inquiry_form .inline-group *')]"
    ".every(e => e.scrollWidth <= e.clientWidth)"
)


@pytest.fixture
def mail_server(smtp_mailers):  # noqa: F811
    return smtp_mailers


@pytest.fixture
def practice(db):
    SiteSettings(pk=1, practice_name="Little Roots", email="hello@practice.example",
                 phone="555 010 0100").save()  # fmt: skip
    InquirySettings(recipients="intake@practice.example").save()
    Inquiry.objects.create(
        writer="parent", name="Older Family", phone="555 010 0111",
        preferred_contact="phone", child_age="1-3y", status="contacted",
    )  # fmt: skip
    return Inquiry.objects.create(
        writer="parent", name="Rosa Newest", email="rosa@example.net",
        phone="555 010 0199", preferred_contact="phone", child_age="0-12m",
        best_times="Mornings", message="Our baby cries for hours.",
    )  # fmt: skip


@pytest.fixture
def open_as(browser, live_server, make_staff):
    contexts = []

    def open_as(role, size, username=None):
        username = username or role.split()[0].lower()
        make_staff(username, role)
        context = browser.new_context(base_url=live_server.url, **SIZES[size])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def sign_in(page, username, password=STAFF_PASSWORD):
    admin_sign_in(page, username, password)
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ["Clinicians", "Practice admins"])
def test_the_list_shows_who_to_call_and_fits(
    open_as, practice, assert_accessible, role, size
):
    page = open_as(role, size)
    assert_accessible(page)  # the admin home

    page.goto("/admin/contact/inquiry/")

    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    row = page.get_by_role("row").filter(has_text=practice.reference)
    expect(row.get_by_text("Rosa Newest")).to_be_visible()
    call = row.get_by_role("link", name="555 010 0199")
    expect(call).to_be_visible()
    assert call.get_attribute("href") == "tel:+1-555-010-0199"
    if size == "phone":
        box = call.bounding_box()
        assert box["height"] >= 44
    # At a desk the last column; on a phone the card itself.
    last = row.locator("td.field-next_step") if size == "desktop" else row
    box = last.bounding_box()
    assert box["x"] + box["width"] <= SIZES[size]["viewport"]["width"]
    assert_accessible(page)

    row.get_by_role("link", name=re.compile("Rosa Newest")).click()
    card = page.locator(".contact-card")
    expect(card.get_by_role("link", name="555 010 0199")).to_be_in_viewport()
    expect(card).to_contain_text("Our baby cries for hours.")
    assert page.evaluate(NO_HORIZONTAL_SCROLL)
    assert page.evaluate(RECORDS_FIT)
    assert_accessible(page)


def test_a_clinician_replies_from_a_template_through_smtp(
    open_as,
    practice,
    mail_server,
    assert_accessible,
):
    ReplyTemplate.objects.create(
        title="We tried to call you",
        subject="We tried to call you",
        body="Hello {family_name}, this is {clinician_name} from {practice_name}.",
    )
    page = open_as("Clinicians", "phone", username="amara")
    page.goto(practice.get_admin_url())

    page.get_by_role("link", name="Write to the family").click()
    page.get_by_label("Start from").select_option(
        label="We tried to call you (English)"
    )
    page.get_by_role("button", name="Use this text").click()
    message = page.get_by_label("Message")
    expect(message).to_have_value("Hello Rosa Newest, this is Amara from Little Roots.")
    assert_accessible(page)
    message.fill(message.input_value() + " Can we call on Tuesday?")
    page.get_by_role("button", name="Send to the family").click()

    expect(page.locator(".messagelist")).to_contain_text("on its way")
    wait_for(lambda: mail_server.mailbox.messages, message="the reply")
    [(recipients, mail)] = mail_server.mailbox.messages
    assert recipients == ["rosa@example.net"]
    assert "Can we call on Tuesday?" in mail.get_content()
    expect(page.locator("#replies-group")).to_contain_text("Can we call on Tuesday?")
    expect(page.locator("#contact_attempts-group")).to_contain_text("Message sent")
    assert Reply.objects.get().sent_by.username == "amara"
    # The records' rows carry no title of internal names above their columns.
    expect(page.locator("#access_log-group td.original p").first).to_be_hidden()


def test_a_practice_admin_invites_a_colleague_who_sets_a_password(
    open_as,
    practice,
    mail_server,
    browser,
    live_server,
    assert_accessible,
):
    page = open_as("Practice admins", "desktop")
    page.goto("/admin/auth/user/add/")
    page.get_by_label("First name").fill("Noor")
    page.get_by_label("Last name").fill("Haddad")
    page.get_by_label("Email address").fill("noor@practice.example")
    page.get_by_label("Clinician: works the inquiries").check()
    assert_accessible(page)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("invitation is on its way")

    wait_for(lambda: mail_server.mailbox.messages, message="the invitation")
    [(_, mail)] = mail_server.mailbox.messages
    link = re.search(r"https?://\S+/admin/staff/welcome/\S+", mail.get_content())[0]
    path = "/" + link.split("/", 3)[3]
    context = browser.new_context(base_url=live_server.url, **SIZES["phone"])
    noor = context.new_page()
    noor.goto(path)
    assert_accessible(noor)
    noor.get_by_label("New password:", exact=True).fill("calm harbour lantern 42")
    noor.get_by_label("New password confirmation:").fill("calm harbour lantern 42")
    noor.get_by_role("button", name="Set my password").click()
    expect(noor.get_by_role("heading", name="Add a second factor")).to_be_visible()
    assert_accessible(noor)
    noor.get_by_role("link", name="Not now").click()
    noor.goto("/admin/contact/inquiry/")
    expect(noor.get_by_text("Rosa Newest")).to_be_visible()

    noor.goto(path)
    expect(noor.get_by_text("expired or has already been used")).to_be_visible()
    context.close()

    page.goto("/admin/auth/user/")
    row = page.get_by_role("row").filter(has_text="Noor Haddad")
    expect(row).to_contain_text("Clinician")


@pytest.mark.parametrize("size", SIZES)
def test_an_editor_is_refused_in_the_admins_look_with_a_way_back(
    open_as, practice, assert_accessible, size
):
    page = open_as("Editors", size)

    for url in ["/admin/contact/inquiry/", "/admin/contact/inquirysettings/1/change/"]:
        response = page.goto(url)
        assert response.status == 403
        expect(
            page.get_by_role("heading", name="You cannot open this page")
        ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to the admin home").click()
    page.wait_for_url("**/admin/")
    assert InquirySettings.load().recipient_list == ["intake@practice.example"]


LONG_EMAIL = "margarita.fernandezvillanueva@childrensservices.example.org"
# The address's text line by line as the browser laid it out.
EMAIL_LINES = """link => {
  const lines = [];
  let top = null;
  const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const y = Math.round(range.getClientRects()[0].top);
      if (y !== top) lines.push("");
      top = y;
      lines[lines.length - 1] += node.data[i];
    }
  }
  return lines;
}"""


@pytest.mark.parametrize(
    "viewport", [{"width": 1440, "height": 900}, {"width": 390, "height": 844}]
)
def test_a_long_email_address_wraps_only_between_its_parts(
    browser, live_server, make_staff, practice, viewport
):
    practice.email = LONG_EMAIL
    practice.save()
    make_staff("amara", "Clinicians")
    context = browser.new_context(base_url=live_server.url, viewport=viewport)
    page = context.new_page()
    sign_in(page, "amara")
    page.goto("/admin/contact/inquiry/")

    link = page.get_by_role("link", name=LONG_EMAIL)
    lines = link.evaluate(EMAIL_LINES)
    context.close()

    assert "".join(lines) == LONG_EMAIL
    for before, after in zip(lines, lines[1:], strict=False):
        assert before.endswith(("@", "-")) or after.startswith("."), lines
