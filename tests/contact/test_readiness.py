"""The admin home tells practice admins whether families' inquiries reach anyone."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from contact import readiness, tasks
from contact.models import Inquiry, InquirySettings, Notification, WorkerHeartbeat
from pages.models import Page

pytestmark = pytest.mark.django_db


def panel(client):
    html = client.get("/admin/").content.decode()
    start = html.find('aria-labelledby="readiness-title"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def keys():
    return {problem.key for problem in readiness.problems()}


def test_out_of_the_box_it_is_red_because_nobody_is_told(client_for, practice_admin):
    InquirySettings.load()  # INQUIRY_NOTIFY_TO is empty in tests

    html = client_for(practice_admin).get("/admin/").content.decode()

    assert "readiness--serious" in html
    assert "Nobody is told about new inquiries" in html
    assert "/admin/contact/inquirysettings/" in panel(client_for(practice_admin))


def test_with_recipients_phone_email_and_privacy_page_it_says_ready(
    client_for, practice_admin, site_settings
):
    site_settings.phone = "555 010 0100"
    site_settings.save()
    Page.objects.get(slug="privacy").publish()

    assert keys() == set()
    assert "Yes: new inquiries reach the practice" in panel(client_for(practice_admin))


def unpublish_privacy_notice():
    # Migration pages.0009 publishes it, and nobody can take it down since; a
    # site whose practice had its own draft at /privacy/ keeps that draft.
    Page.objects.filter(slug="privacy").delete()
    Page.objects.create(slug="privacy", title="Ours", body="<p>Not ready.</p>")


def test_missing_phone_and_unpublished_privacy_page_are_warnings(site_settings):
    site_settings.phone = ""
    site_settings.save()
    unpublish_privacy_notice()
    problems = {p.key: p for p in readiness.problems()}

    assert set(problems) == {"practice-contact", "privacy"}
    assert "phone is missing" in problems["practice-contact"].text
    assert not any(p.serious for p in problems.values())


def test_failing_notifications_are_counted_with_the_oldest(make_inquiry, site_settings):
    inquiry = make_inquiry(days_ago=1)
    Notification.objects.create(
        inquiry=inquiry, kind="practice", last_error="SMTPError"
    )

    [failing] = [p for p in readiness.problems() if p.key == "failing"]

    assert failing.text.startswith("1 email not delivered")
    assert failing.serious


def test_inquiries_whose_emails_were_not_made_for_minutes_are_serious(
    make_inquiry, site_settings
):
    make_inquiry(emails_due=True)  # just stored: the worker has seconds yet
    assert "emails-not-queued" not in keys()
    late = make_inquiry(emails_due=True)
    Inquiry.objects.filter(pk=late.pk).update(
        created_at=timezone.now() - timedelta(minutes=4)
    )

    [stuck] = [p for p in readiness.problems() if p.key == "emails-not-queued"]

    assert stuck.serious
    assert stuck.text.startswith("1 new inquiry stored more than 3 minutes ago")
    tasks.queue_new_emails.call()
    assert "emails-not-queued" not in keys()


def test_the_worker_is_watched_only_when_there_is_one(database_tasks, site_settings):
    assert "worker" in keys()  # never seen

    tasks.record_heartbeat.call()
    assert "worker" not in keys()

    WorkerHeartbeat.beat(timezone.now() - timedelta(minutes=10))
    [worker] = [p for p in readiness.problems() if p.key == "worker"]
    assert worker.serious and "was last seen" in worker.text


def test_no_worker_needed_with_the_immediate_backend(site_settings):
    assert "worker" not in keys()


def test_clinicians_do_not_see_the_panel(client_for, clinician):
    assert panel(client_for(clinician)) == ""


def test_check_deploy_warns_about_the_same(site_settings, inquiry_settings):
    inquiry_settings.recipients = ""
    inquiry_settings.save()
    site_settings.phone = ""
    site_settings.save()
    unpublish_privacy_notice()

    with pytest.raises(SystemCheckError) as failed:
        call_command("check", "--deploy", "--fail-level", "WARNING")

    message = str(failed.value)
    for code in ["contact.W010", "contact.W011", "contact.W012"]:
        assert code in message
