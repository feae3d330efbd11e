from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from contact.models import Inquiry

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_ups(make_inquiry):
    today = timezone.localdate()
    return {
        "today": make_inquiry(next_step_on=today, next_step_note="Call after 3"),
        "overdue": make_inquiry(next_step_on=today - timedelta(days=2)),
        "later": make_inquiry(next_step_on=today + timedelta(days=3)),
        "closed": make_inquiry(
            next_step_on=today - timedelta(days=1), status=Inquiry.Status.CLOSED
        ),
    }


def test_counts_give_follow_ups_due_today_and_overdue_of_open_inquiries(follow_ups):
    counts = Inquiry.objects.counts()

    assert (counts["follow_up_today"], counts["follow_up_overdue"]) == (1, 1)


def test_the_list_filter_shows_them(client_for, clinician, follow_ups):
    client = client_for(clinician)

    due = client.get("/admin/contact/inquiry/", {"next_step": "due"}).content.decode()
    assert follow_ups["today"].reference in due
    assert follow_ups["overdue"].reference in due
    assert follow_ups["later"].reference not in due
    overdue = client.get("/admin/contact/inquiry/", {"next_step": "overdue"})
    assert follow_ups["today"].reference not in overdue.content.decode()


def test_the_admin_home_counts_them(client_for, clinician, follow_ups):
    html = client_for(clinician).get("/admin/").content.decode()

    assert '?next_step=today"><strong>1</strong> follow-ups due today' in html
    assert '?next_step=overdue"><strong>1</strong> follow-ups overdue' in html


def test_the_digest_counts_them(follow_ups, site_settings, mailoutbox):
    call_command("send_inquiry_digest")

    [mail] = mailoutbox
    assert "1 follow-up due today, 1 overdue" in mail.body
    assert "Call after 3" not in mail.body


def test_a_clinician_sets_the_next_step(client_for, clinician, make_inquiry):
    from .test_admin import INLINE_MANAGEMENT

    inquiry = make_inquiry()
    day = timezone.localdate() + timedelta(days=1)

    client_for(clinician).post(
        inquiry.get_admin_url(),
        {
            "status": "new",
            "assigned_to": "",
            "next_step_on": day.isoformat(),
            "next_step_note": "Call back",
            **INLINE_MANAGEMENT,
        },  # fmt: skip
    )

    inquiry.refresh_from_db()
    assert (inquiry.next_step_on, inquiry.next_step_note) == (day, "Call back")


def test_a_bad_date_gets_a_clear_message(client_for, clinician, make_inquiry):
    from .test_admin import INLINE_MANAGEMENT

    inquiry = make_inquiry()
    response = client_for(clinician).post(
        inquiry.get_admin_url(),
        {"status": "new", "next_step_on": "31/31/2026", **INLINE_MANAGEMENT},
    )

    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
