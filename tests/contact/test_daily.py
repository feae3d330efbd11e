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


def scheduled():
    """The jobs `manage.py crontask` runs, by task name."""
    from crontask import scheduler

    import contact.tasks  # noqa: F401  (the scheduler imports it to load the timetable)

    return {job.name: job for job in scheduler.get_jobs()}


@pytest.mark.parametrize(
    "name, now, expected",
    [
        (
            "requeue_notifications",
            at(7, 6).replace(second=30),
            at(7, 6).replace(minute=1),
        ),
        ("send_daily_digest", at(7, 6), at(7, 7)),
        ("send_daily_digest", at(7, 8), at(8, 7)),
        ("purge_inquiries_daily", at(7, 1), at(7, 2)),
        ("purge_inquiries_daily", at(7, 8), at(8, 2)),
        ("prune_task_results", at(7, 8), at(8, 2).replace(minute=30)),
    ],
)
def test_the_scheduler_runs_each_periodic_task_at_its_local_time(name, now, expected):
    trigger = scheduled()[name].trigger

    assert trigger.get_next_fire_time(None, now) == expected


def test_each_scheduled_job_queues_its_task_for_the_worker(database_tasks):
    for job in scheduled().values():
        job.func()

    queued = DBTaskResult.objects.filter(status="READY")
    assert sorted(queued.values_list("task_path", flat=True)) == [
        "contact.daily.prune_task_results",
        "contact.daily.purge_inquiries_daily",
        "contact.daily.send_daily_digest",
        "contact.tasks.queue_new_emails",
        "contact.tasks.record_heartbeat",
        "contact.tasks.requeue_notifications",
    ]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_daily_jobs_the_scheduler_queued(
    site_settings, inquiry_settings, smtp_server, start_worker, make_inquiry
):
    make_inquiry()
    old_spam = make_inquiry(days_ago=60, status=Inquiry.Status.SPAM)
    jobs = scheduled()
    digest = jobs["send_daily_digest"].func()
    purge = jobs["purge_inquiries_daily"].func()

    worker = start_worker(smtp_server.url)

    wait_for(
        lambda: (
            DBTaskResult.objects.filter(pk__in=[digest.id, purge.id])
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
    # Nothing queues itself again: the scheduler queues tomorrow's.
    assert not DBTaskResult.objects.filter(status="READY").exists()
    assert FAMILY_TEXT["name"] not in worker.log()


def test_without_a_worker_the_scheduled_digest_is_sent_at_once(
    site_settings, mailoutbox
):
    scheduled()["send_daily_digest"].func()  # the immediate backend runs it now

    assert len(mailoutbox) == 1


def test_finished_task_rows_are_pruned_after_a_week(database_tasks):
    daily.send_daily_digest.enqueue()
    DBTaskResult.objects.update(
        status="SUCCESSFUL", finished_at=timezone.now() - datetime.timedelta(days=8)
    )
    recent = daily.send_daily_digest.enqueue()
    DBTaskResult.objects.filter(pk=recent.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - datetime.timedelta(days=6)
    )

    daily.prune_task_results.call()

    assert [str(pk) for pk in DBTaskResult.objects.values_list("pk", flat=True)] == [
        recent.id
    ]


def test_pruning_without_the_database_backend_does_nothing():
    assert daily.prune_task_results.call() is None
