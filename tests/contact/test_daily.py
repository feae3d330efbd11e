import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from contact import business_days, daily
from contact.models import Inquiry, InternalNote

from .conftest import FAMILY_TEXT, wait_for

pytestmark = pytest.mark.django_db

NY = ZoneInfo("America/New_York")


def at(day, hour=10):
    return datetime.datetime(2026, 12, day, hour, tzinfo=NY)  # 2026-12-07 is a Monday


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (at(7), at(7, 18), 0),
        (at(7), at(8), 1),
        (at(4), at(7), 1),  # Friday to Monday
        (at(5), at(7), 1),  # Saturday to Monday: Monday counts
        (at(7), at(21), 10),
        (at(7), at(6), 0),
    ],
)
def test_business_days_between(start, end, expected):
    assert business_days.between(start, end) == expected


def test_overdue_skips_weekends(make_inquiry, site_settings):
    friday = make_inquiry()
    Inquiry.objects.filter(pk=friday.pk).update(created_at=at(4))

    def overdue(now):
        return Inquiry.objects.overdue(now=now, target_days=2).exists()

    assert not overdue(at(8))  # Tuesday: Monday and Tuesday only
    assert overdue(at(9))  # Wednesday
    Inquiry.objects.filter(pk=friday.pk).update(status=Inquiry.Status.CONTACTED)
    assert not overdue(at(9))


def test_the_target_comes_from_the_inquiry_settings(make_inquiry, inquiry_settings):
    make_inquiry(days_ago=8)
    inquiry_settings.response_target_business_days = 10
    inquiry_settings.save()

    assert not Inquiry.objects.overdue().exists()


def test_digest_gives_counts_and_no_family_data(
    make_inquiry, site_settings, inquiry_settings, mailoutbox, clinician
):
    inquiry = make_inquiry(days_ago=10)
    make_inquiry()
    make_inquiry(status=Inquiry.Status.SCREENING)
    make_inquiry(status=Inquiry.Status.SPAM)
    InternalNote.objects.create(inquiry=inquiry, text="Grandmother has custody")

    call_command("send_inquiry_digest")

    [mail] = mailoutbox
    assert mail.to == inquiry_settings.recipient_list
    assert mail.subject == "Inquiries today: 2 new, 1 overdue, 3 waiting"
    assert "2 new" in mail.body and "1 overdue" in mail.body
    assert "1 suspected spam to check" in mail.body
    rendered = mail.message().as_string()
    for text in [*FAMILY_TEXT.values(), inquiry.reference, "Grandmother"]:
        assert text not in rendered


def test_no_digest_without_recipients(
    site_settings, inquiry_settings, mailoutbox, capsys
):
    inquiry_settings.recipients = ""
    inquiry_settings.save()

    call_command("send_inquiry_digest")

    assert mailoutbox == []
    assert "not sent" in capsys.readouterr().out


def test_next_run_is_today_or_tomorrow_at_the_hour():
    assert daily.next_run(7, now=at(7, 6)) == at(7, 7)
    assert daily.next_run(7, now=at(7, 8)) == at(8, 7)


def test_schedule_daily_tasks_queues_each_job_once(database_tasks, settings):
    call_command("schedule_daily_tasks")
    call_command("schedule_daily_tasks")

    queued = DBTaskResult.objects.filter(status="READY")
    assert sorted(queued.values_list("task_path", flat=True)) == [
        "contact.daily.purge_inquiries_daily",
        "contact.daily.send_daily_digest",
    ]
    digest = queued.get(task_path="contact.daily.send_daily_digest")
    assert digest.run_after.astimezone(NY).hour == settings.INQUIRY_DIGEST_HOUR


def test_the_every_minute_recovery_restarts_a_daily_chain_a_dead_worker_broke(
    database_tasks,
):
    call_command("schedule_daily_tasks")
    # A worker killed mid-job leaves it RUNNING and never queues the next day's.
    DBTaskResult.objects.filter(task_path="contact.daily.send_daily_digest").update(
        status="RUNNING"
    )

    call_command("requeue_notifications")

    assert DBTaskResult.objects.filter(
        task_path="contact.daily.send_daily_digest", status="READY"
    ).exists()


def make_due(task_path):
    due = DBTaskResult.objects.get(task_path=task_path, status="READY")
    DBTaskResult.objects.filter(pk=due.pk).update(run_after=due.enqueued_at)
    return due


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_daily_jobs_and_queues_tomorrows(
    site_settings, inquiry_settings, smtp_server, start_worker, make_inquiry
):
    make_inquiry()
    old_spam = make_inquiry(days_ago=60, status=Inquiry.Status.SPAM)
    daily.schedule_all()
    digest = make_due("contact.daily.send_daily_digest")
    purge = make_due("contact.daily.purge_inquiries_daily")

    worker = start_worker(smtp_server.url)

    wait_for(
        lambda: (
            DBTaskResult.objects.filter(pk__in=[digest.pk, purge.pk])
            .filter(status="SUCCESSFUL")
            .count()
            == 2
        ),
        message="both daily jobs done",
    )
    [(recipients, message)] = smtp_server.mailbox.messages
    assert message["Subject"] == "Inquiries today: 1 new, 0 overdue, 1 waiting"
    assert recipients == inquiry_settings.recipient_list
    assert not Inquiry.objects.filter(pk=old_spam.pk).exists()
    following = DBTaskResult.objects.filter(status="READY")
    assert sorted(following.values_list("task_path", flat=True)) == [
        "contact.daily.purge_inquiries_daily",
        "contact.daily.send_daily_digest",
    ]
    assert all(t.run_after > timezone.now() for t in following)
    assert FAMILY_TEXT["name"] not in worker.log()


def test_without_a_worker_nothing_is_chained(site_settings, mailoutbox):
    assert daily.schedule_all() == [None, None]
    daily.send_daily_digest.enqueue()  # the immediate backend runs it now

    assert len(mailoutbox) == 1
