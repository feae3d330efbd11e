import datetime

import pytest
from django.core.management import call_command

from contact.models import (
    AccessLog,
    ContactAttempt,
    Inquiry,
    InquiryStat,
    InternalNote,
    Notification,
)

from .conftest import FAMILY_TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def inquiries(make_inquiry, clinician):
    made = {
        "old_closed": make_inquiry(days_ago=400, status=Inquiry.Status.CLOSED),
        "old_referred": make_inquiry(
            days_ago=400,
            status=Inquiry.Status.REFERRED,
            writer="professional",
            referrer_kind="pediatrician",
            concerns=["feeding"],
            child_age="0-12m",
        ),
        "recent_closed": make_inquiry(days_ago=300, status=Inquiry.Status.CLOSED),
        "held": make_inquiry(
            days_ago=400, status=Inquiry.Status.CLOSED, legal_hold=True
        ),
        "old_spam": make_inquiry(days_ago=31, status=Inquiry.Status.SPAM),
        "recent_spam": make_inquiry(days_ago=29, status=Inquiry.Status.SPAM),
        "old_open": make_inquiry(days_ago=400, status=Inquiry.Status.WAITLIST),
        "old_accepted": make_inquiry(days_ago=400, status=Inquiry.Status.ACCEPTED),
    }
    closed = made["old_closed"]
    ContactAttempt.objects.create(inquiry=closed, method="call", outcome="reached")
    InternalNote.objects.create(inquiry=closed, text="Private note")
    Notification.objects.create(inquiry=closed, kind="practice")
    AccessLog.objects.record(clinician, AccessLog.Action.VIEW, [closed])
    return made


def remaining(made):
    kept = set(Inquiry.objects.values_list("pk", flat=True))
    return {name for name, inquiry in made.items() if inquiry.pk in kept}


def test_dry_run_removes_nothing_and_says_what_would_go(inquiries, capsys):
    call_command("purge_inquiries", "--dry-run")

    assert remaining(inquiries) == set(inquiries)
    assert "Would remove 3 inquiries (1 closed, 1 referred, 1 spam)" in (
        capsys.readouterr().out
    )
    assert not InquiryStat.objects.exists()


def test_purge_removes_old_ended_and_spam_inquiries_except_on_hold(inquiries, capsys):
    call_command("purge_inquiries")

    assert remaining(inquiries) == {
        "recent_closed",
        "held",
        "recent_spam",
        "old_open",
        "old_accepted",
    }
    assert "Removed 3 inquiries" in capsys.readouterr().out
    for model in [ContactAttempt, InternalNote, Notification]:
        assert not model.objects.filter(inquiry=inquiries["old_closed"].pk).exists()


def test_retention_ages_are_configurable(inquiries, settings):
    settings.INQUIRY_RETENTION_CLOSED_DAYS = 200
    settings.INQUIRY_RETENTION_SPAM_DAYS = 10

    call_command("purge_inquiries")

    assert remaining(inquiries) == {"held", "old_open", "old_accepted"}


def test_retention_counts_from_the_last_status_change(make_inquiry):
    inquiry = make_inquiry(days_ago=400)
    inquiry.set_status(Inquiry.Status.CLOSED)

    call_command("purge_inquiries")

    assert Inquiry.objects.filter(pk=inquiry.pk).exists()


def test_monthly_counts_survive_without_family_text(inquiries):
    referred = inquiries["old_referred"]

    call_command("purge_inquiries")

    month = referred.created_at.astimezone().date().replace(day=1)
    stats = {
        (s.dimension, s.value): s.count for s in InquiryStat.objects.filter(month=month)
    }
    assert stats[("age", "0-12m")] == 1
    assert stats[("reason", "feeding")] == 1
    assert stats[("source", "professional:pediatrician")] == 1
    assert stats[("outcome", "referred")] == 1
    values = " ".join(InquiryStat.objects.values_list("value", flat=True))
    for text in FAMILY_TEXT.values():
        assert text not in values


def test_counts_add_up_over_runs(make_inquiry):
    make_inquiry(days_ago=400, status=Inquiry.Status.CLOSED)
    call_command("purge_inquiries")
    make_inquiry(days_ago=400, status=Inquiry.Status.CLOSED)
    call_command("purge_inquiries")

    assert InquiryStat.objects.get(dimension="outcome", value="closed").count == 2


def test_counts_are_shown_to_practice_admins(inquiries, client_for, practice_admin):
    call_command("purge_inquiries")

    html = client_for(practice_admin).get("/admin/contact/inquirystat/").content
    html = html.decode()

    assert "Pediatrician or health care" in html and "Under 1 year" in html


def test_audit_rows_of_removed_inquiries_are_kept_without_the_link(inquiries):
    reference = inquiries["old_closed"].reference

    call_command("purge_inquiries")

    rows = AccessLog.objects.filter(reference=reference).order_by("at", "pk")
    assert list(rows.values_list("action", "username", "inquiry")) == [
        ("view", "amara", None),
        ("purge", "", None),
    ]


def test_spam_age_counts_in_days_not_calendar_months(make_inquiry):
    inquiry = make_inquiry(status=Inquiry.Status.SPAM)
    Inquiry.objects.filter(pk=inquiry.pk).update(
        status_changed_at=inquiry.created_at - datetime.timedelta(days=30, minutes=1)
    )

    call_command("purge_inquiries")

    assert not Inquiry.objects.filter(pk=inquiry.pk).exists()
