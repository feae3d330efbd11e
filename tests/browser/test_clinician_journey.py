import pytest
from playwright.sync_api import expect

from bench.servers import admin_sign_in
from contact.models import Inquiry
from tests.conftest import STAFF_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def waiting_inquiries(db):
    older = Inquiry.objects.create(
        writer="parent",
        name="Family One",
        email="one@example.net",
        preferred_contact="phone",
        child_age="1-3y",
        concerns=["sleep"],
        status=Inquiry.Status.CONTACTED,
    )
    new = Inquiry.objects.create(
        writer="parent",
        name="Family Two",
        phone="555 0101",
        preferred_contact="phone",
        child_age="0-12m",
        concerns=["feeding"],
    )
    return older, new


def test_a_clinician_triages_a_new_inquiry_and_the_audit_shows_each_step(
    desktop_page, make_staff, waiting_inquiries
):
    make_staff("amara", "Clinicians")
    _, new = waiting_inquiries
    page = desktop_page
    page.set_default_timeout(10_000)
    csp_violations = []
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and csp_violations.append(m.text),
    )
    admin_sign_in(page, "amara", STAFF_PASSWORD, "/admin/")

    overview = page.get_by_role("region", name="Inquiries")
    expect(overview).to_contain_text("new, not yet contacted")
    page.get_by_role("link", name="Inquiries", exact=True).first.click()

    row = page.get_by_role("row").filter(has_text=new.reference)
    expect(row.get_by_role("link", name="555 0101")).to_have_attribute(
        "href", "tel:5550101"
    )
    badge = row.locator(".inquiry-status--new")
    expect(badge).to_have_text("New")
    assert badge.evaluate("e => getComputedStyle(e).fontWeight") == "700"

    row.get_by_role("link", name="Family Two").click()
    page.get_by_label("Assigned to").select_option(label="Amara")
    # Django's tabular inlines label their inputs by column header only.
    page.locator("select[name='contact_attempts-0-method']").select_option("call")
    page.locator("select[name='contact_attempts-0-outcome']").select_option("voicemail")
    page.get_by_label("Status:").select_option("contacted")
    page.get_by_role("button", name="Save and continue editing").click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    history = page.locator("#status_changes-group")
    expect(history).to_contain_text("New")
    expect(history).to_contain_text("Contacted")
    expect(history).to_contain_text("Amara")
    expect(page.locator("#contact_attempts-group")).to_contain_text("Left a voicemail")
    audit = page.locator("#access_log-group")
    expect(audit.get_by_text("Viewed")).to_have_count(1)
    expect(audit.get_by_text("Changed")).to_have_count(1)
    expect(audit).to_contain_text("amara")

    assert csp_violations == []
    new.refresh_from_db()
    assert new.status == Inquiry.Status.CONTACTED
    assert new.assigned_to.username == "amara"
