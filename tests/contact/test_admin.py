import pytest
from django.contrib.admin.models import LogEntry

from contact import tasks
from contact.models import AccessLog, Inquiry, Notification

from .conftest import FAMILY_TEXT, form_data

pytestmark = pytest.mark.django_db


INLINES = [
    "replies",
    "status_changes",
    "contact_attempts",
    "notes",
    "notifications",
    "access_log",
]
INLINE_MANAGEMENT = {
    f"{prefix}-{key}": 0
    for prefix in INLINES
    for key in ["TOTAL_FORMS", "INITIAL_FORMS"]
}


@pytest.fixture
def spam_inquiry(client, site_settings):
    client.post("/contact/", form_data(website="http://spam.example"))
    return Inquiry.objects.get()


def test_change_page_shows_the_inquiry_and_delivery_state(
    admin_client, site_settings, django_capture_on_commit_callbacks
):
    admin_client.post("/contact/", form_data())  # the worker has not run yet
    inquiry = Inquiry.objects.get()
    listing = admin_client.get("/admin/contact/inquiry/").content.decode()
    assert "emails: being queued" in listing
    pending = admin_client.get("/admin/contact/inquiry/?delivery=pending")
    assert inquiry.reference in pending.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.queue_new_emails.call()

    html = admin_client.get(f"/admin/contact/inquiry/{inquiry.pk}/change/")
    html = html.content.decode()

    assert FAMILY_TEXT["message"] in html
    assert "To the practice" in html and "Confirmation to the family" in html
    listing = admin_client.get("/admin/contact/inquiry/").content.decode()
    # Delivered emails need no word in the list; undelivered ones do.
    assert "sent</span>" not in listing
    Notification.objects.filter(kind="family").update(sent_at=None, last_error="x")
    listing = admin_client.get("/admin/contact/inquiry/").content.decode()
    assert "emails: 1 of 2 sent" in listing
    Notification.objects.update(sent_at="2026-01-01T00:00Z")
    pending = admin_client.get("/admin/contact/inquiry/?delivery=pending")
    assert inquiry.reference not in pending.content.decode()


def test_not_spam_action_marks_it_new_and_sends_both_emails(
    admin_client, spam_inquiry, mailoutbox, django_capture_on_commit_callbacks
):
    assert mailoutbox == []

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/contact/inquiry/?spam=only",  # spam is hidden by default
            {"action": "mark_not_spam", "_selected_action": [spam_inquiry.pk]},
            follow=True,
        )

    spam_inquiry.refresh_from_db()
    assert response.status_code == 200
    assert spam_inquiry.status == Inquiry.Status.NEW
    assert len(mailoutbox) == 2
    assert spam_inquiry.access_log.get().action == AccessLog.Action.CHANGE
    assert Notification.objects.filter(sent_at__isnull=False).count() == 2


def test_changing_status_from_spam_in_the_form_also_notifies(
    admin_client, spam_inquiry, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/contact/inquiry/{spam_inquiry.pk}/change/",
            {"status": "new", **INLINE_MANAGEMENT},
        )

    assert response.status_code == 302
    assert len(mailoutbox) == 2
    entry = LogEntry.objects.get()
    assert entry.object_repr == spam_inquiry.reference


def test_family_answers_are_read_only_in_the_admin(admin_client, spam_inquiry):
    response = admin_client.post(
        f"/admin/contact/inquiry/{spam_inquiry.pk}/change/",
        {
            "status": "spam",
            "name": "Changed",
            "message": "Changed",
            **INLINE_MANAGEMENT,
        },
    )

    assert response.status_code == 302  # saved, yet the answers are unchanged
    spam_inquiry.refresh_from_db()
    assert spam_inquiry.name == FAMILY_TEXT["name"]
    assert spam_inquiry.message == FAMILY_TEXT["message"]


def test_spam_filter_and_reference_search(admin_client, spam_inquiry):
    listing = admin_client.get(
        "/admin/contact/inquiry/",
        {"status__exact": "spam", "q": spam_inquiry.reference},
        follow=True,
    )

    assert spam_inquiry.reference in listing.content.decode()


def test_resources_are_managed_in_the_admin(admin_client):
    response = admin_client.post(
        "/admin/contact/resource/add/",
        {"title": "Family Help Line", "url": "https://help.example", "order": 0,
         "is_active": "on"},
    )  # fmt: skip

    assert response.status_code == 302
    assert admin_client.get("/admin/contact/resource/").status_code == 200
