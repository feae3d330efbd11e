import logging
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from contact import tasks
from contact.forms import InquiryForm
from contact.models import Inquiry, Notification

from .conftest import FAMILY_TEXT, form_data

pytestmark = pytest.mark.django_db

# Whole phone forms, not fragments: "867" alone turns up in random message ids.
FAMILY_WORDS = ["Rosalind", "Quimby", "555 867 5309", "5558675309", "naptime",
                "Tagalog", "Wrenfield", "night terrors", "Okonkwo"]  # fmt: skip


def submit(capture, **overrides):
    form = InquiryForm(data=form_data(**overrides), client_ip="192.0.2.1")
    assert form.is_valid(), form.errors
    with capture(execute=True):
        return form.save()


def by_recipient(outbox):
    return {tuple(message.to): message for message in outbox}


def test_saving_sends_one_practice_email_and_one_family_confirmation(
    site_settings, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://practice.example"

    inquiry = submit(django_capture_on_commit_callbacks)

    mails = by_recipient(mailoutbox)
    assert set(mails) == {
        ("intake@practice.example", "clinician@practice.example"),
        (FAMILY_TEXT["email"],),
    }
    practice = mails["intake@practice.example", "clinician@practice.example"]
    assert practice.subject == f"New inquiry {inquiry.reference}"
    assert inquiry.reference in practice.body
    assert "1–2 years" in practice.body
    assert f"https://practice.example/admin/contact/inquiry/{inquiry.pk}/change/" in (
        practice.body
    )
    family = mails[(FAMILY_TEXT["email"],)]
    assert inquiry.reference in family.subject
    assert site_settings.response_time_promise in family.body
    assert site_settings.crisis_message in family.body
    assert all(n.sent_at and n.attempts == 1 for n in Notification.objects.all())


def test_no_family_text_in_either_email(
    site_settings, mailoutbox, django_capture_on_commit_callbacks
):
    submit(django_capture_on_commit_callbacks, practice_name_ok="on")

    assert len(mailoutbox) == 2
    for message in mailoutbox:
        rendered = message.message().as_string()
        for word in FAMILY_WORDS:
            assert word not in rendered
    practice = next(m for m in mailoutbox if FAMILY_TEXT["email"] not in m.to)
    assert FAMILY_TEXT["email"] not in practice.message().as_string()


def test_practice_email_flags_out_of_scope_and_referral(
    site_settings, mailoutbox, django_capture_on_commit_callbacks
):
    submit(
        django_capture_on_commit_callbacks,
        child_age="6+",
        writer="professional",
        referrer_kind="pediatrician",
        organisation="Okonkwo Pediatrics",
        family_name="Rivera-Quimby family",
        family_phone="646 555 0199",
        family_agreed="on",
    )

    practice = next(m for m in mailoutbox if FAMILY_TEXT["email"] not in m.to)
    assert "Flag: outside the ages we serve" in practice.body
    assert "Flag: referral from a professional" in practice.body
    assert "Okonkwo" not in practice.body
    assert "Rivera" not in practice.body and "646" not in practice.body


def test_phone_only_inquiry_gets_no_confirmation_email(
    site_settings, mailoutbox, django_capture_on_commit_callbacks
):
    submit(django_capture_on_commit_callbacks, email="", preferred_contact="phone")

    assert [message.to for message in mailoutbox] == [
        ["intake@practice.example", "clinician@practice.example"]
    ]


def test_emails_the_worker_could_not_make_stay_due_for_its_next_run(
    site_settings, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    form = InquiryForm(data=form_data(), client_ip="192.0.2.1")
    assert form.is_valid()
    inquiry = form.save()  # on_commit callbacks not run: the worker has not run
    assert Inquiry.objects.get().emails_due
    monkeypatch.setattr(
        Notification.objects, "bulk_create", lambda *a, **kw: (_ for _ in ()).throw(
            IntegrityError("database refused")
        )
    )  # fmt: skip

    with pytest.raises(IntegrityError):
        tasks.queue_new_emails.call()

    inquiry.refresh_from_db()
    assert inquiry.emails_due and not inquiry.notifications.exists()
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.queue_new_emails.call() == 1
    inquiry.refresh_from_db()
    assert not inquiry.emails_due
    assert len(mailoutbox) == 2
    assert tasks.queue_new_emails.call() == 0


def test_with_the_database_backend_posts_queue_one_task_a_second(
    site_settings, database_tasks, monkeypatch, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    def post():
        form = InquiryForm(data=form_data(), client_ip="192.0.2.1")
        assert form.is_valid()
        with django_capture_on_commit_callbacks(execute=True):
            return form.save()

    monkeypatch.setattr(tasks, "WAKE_SECONDS", 3600)
    post()
    post()  # within the window: the task already queued takes it too
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "contact.tasks.queue_new_emails"
    # It runs once the window is over, after every post the window let pass.
    window = task.run_after - task.enqueued_at
    assert timedelta(minutes=59) < window <= timedelta(hours=1)
    monkeypatch.setattr(tasks, "WAKE_SECONDS", 0)
    post()
    assert DBTaskResult.objects.count() == 2
    assert Inquiry.objects.filter(emails_due=True).count() == 3

    # The worker runs one: every inquiry due, one send task for their emails.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.queue_new_emails.call() == 3
    sends = DBTaskResult.objects.filter(task_path="contact.tasks.send_notifications")
    assert [task.args_kwargs for task in sends] == [
        {
            "args": [sorted(Notification.objects.values_list("pk", flat=True))],
            "kwargs": {},
        }
    ]
    assert Notification.objects.count() == 6
    assert not Inquiry.objects.filter(emails_due=True).exists()
    assert tasks.queue_new_emails.call() == 0  # the other task finds none


def test_a_post_is_stored_and_thanked_even_if_its_task_cannot_be_queued(
    client, site_settings, database_tasks, monkeypatch, caplog,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from django.db import OperationalError

    def refuse(*args, **kwargs):
        raise OperationalError("the task table is locked")

    monkeypatch.setattr(tasks.DatabaseBackend, "enqueue", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", form_data())

    assert response.status_code == 302
    assert Inquiry.objects.get().emails_due  # the scheduler's run makes them
    assert [r.getMessage() for r in caplog.records if r.name == "contact.tasks"] == [
        "Could not queue the new inquiries' emails (OperationalError); the "
        "scheduler's queue_new_emails will, within a minute"
    ]


def test_header_injection_in_every_field_never_breaks_sending(
    site_settings, smtp_mailers, django_capture_on_commit_callbacks
):
    evil = "x\r\nBcc: v@evil.example\r\nSubject: pwned\n\rTo: y@evil.example"
    overrides = {
        key: evil
        for key in ["name", "best_times", "language", "message", "heard_about"]
    }
    overrides["organisation"] = evil
    submit(django_capture_on_commit_callbacks, **overrides)

    mailbox = smtp_mailers.mailbox
    assert len(mailbox.messages) == 2
    recipients = {rcpt for rcpts, _ in mailbox.messages for rcpt in rcpts}
    assert recipients == {
        "intake@practice.example",
        "clinician@practice.example",
        FAMILY_TEXT["email"],
    }
    for _, message in mailbox.messages:
        assert message["Bcc"] is None
        assert "pwned" not in message["Subject"]
    assert all(n.sent_at for n in Notification.objects.all())


def test_smtp_failure_records_the_error_and_schedules_a_retry_within_a_minute(
    site_settings, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    before = timezone.now()

    inquiry = submit(django_capture_on_commit_callbacks)

    for notification in inquiry.notifications.all():
        assert notification.sent_at is None
        assert notification.attempts == 1
        assert notification.last_error.startswith("ConnectionRefusedError")
        assert before < notification.next_attempt_at < before + timedelta(minutes=1)


def test_no_recipients_is_recorded_and_retried_until_the_practice_adds_one(
    site_settings, inquiry_settings, mailoutbox, django_capture_on_commit_callbacks
):
    inquiry_settings.recipients = ""
    inquiry_settings.save()

    inquiry = submit(django_capture_on_commit_callbacks)

    practice = inquiry.notifications.get(kind="practice")
    assert practice.sent_at is None
    assert practice.last_error.startswith("No inquiry recipients are set: a practice")
    inquiry_settings.recipients = "intake@practice.example"
    inquiry_settings.save()
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.requeue_notifications.call()
    practice.refresh_from_db()
    assert practice.sent_at is not None
    assert practice.attempts == 2
    assert practice.last_error == ""


def test_a_failed_send_is_tried_again_only_by_the_sweep(
    site_settings, settings, database_tasks, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    submit(django_capture_on_commit_callbacks, email="", preferred_contact="phone")
    tasks.queue_new_emails.call()  # the worker runs the task the post queued
    [practice] = Notification.objects.all()
    sends = DBTaskResult.objects.filter(task_path="contact.tasks.send_notifications")
    assert sends.count() == 1

    assert tasks.send_notifications.call([practice.pk]) == ["retry"]
    assert sends.count() == 1  # the failed send queued nothing
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_notifications.call() == 1

    assert sends.count() == 2


def test_backoff_doubles_from_the_first_retry_and_is_capped(settings):
    settings.CONTACT_RETRY_SECONDS = 30

    delays = [tasks.backoff(n).total_seconds() for n in range(1, 10)]

    assert delays[:4] == [30, 60, 120, 240]
    assert max(delays) == 3600


def test_delivered_notification_is_never_sent_twice(
    site_settings, mailoutbox, django_capture_on_commit_callbacks
):
    inquiry = submit(django_capture_on_commit_callbacks)
    mailoutbox.clear()

    ids = [notification.pk for notification in inquiry.notifications.all()]
    assert tasks.send_notifications.call(ids) == ["skipped", "skipped"]

    assert mailoutbox == []


def test_a_send_in_progress_elsewhere_is_left_alone(site_settings, mailoutbox):
    form = InquiryForm(data=form_data(), client_ip="192.0.2.1")
    assert form.is_valid()
    inquiry = form.save()
    tasks.queue_new_emails.call()  # on_commit callbacks not run: nothing sent yet
    notification = inquiry.notifications.get(kind="practice")
    assert tasks.claim(notification.pk) is not None

    assert tasks.send_notifications.call([notification.pk]) == ["skipped"]
    assert mailoutbox == []


def test_requeue_leaves_fresh_and_delivered_notifications_alone(
    site_settings, mailoutbox, django_capture_on_commit_callbacks
):
    form = InquiryForm(data=form_data(), client_ip="192.0.2.1")
    assert form.is_valid()
    form.save()
    tasks.queue_new_emails.call()  # on_commit callbacks not run: nothing sent yet

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stale() == 0
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.requeue_stale() == 2
    assert len(mailoutbox) == 2
    assert tasks.requeue_stale() == 0


def test_no_family_data_in_logs_across_submit_failure_and_retry(
    client, site_settings, settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    caplog.set_level(logging.DEBUG)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", form_data())

    assert "failed: ConnectionRefusedError" in caplog.text
    for word in [*FAMILY_WORDS, FAMILY_TEXT["email"]]:
        assert word not in caplog.text


def test_the_sweep_queues_a_backlog_in_batches(site_settings, database_tasks, settings):
    from django_tasks_db.models import DBTaskResult

    settings.CONTACT_RATE_LIMIT = settings.CONTACT_HARD_LIMIT = "0"

    for _ in range(tasks.REQUEUE_BATCH + 5):  # phone only: one email each
        form = InquiryForm(data=form_data(email="", preferred_contact="phone"))
        assert form.is_valid(), form.errors
        form.save()
    tasks.queue_new_emails.call()
    DBTaskResult.objects.all().delete()  # an outage lost every first try
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=1))

    assert tasks.requeue_stale() == tasks.REQUEUE_BATCH + 5

    batches = [r.args_kwargs["args"][0] for r in DBTaskResult.objects.all()]
    assert sorted(map(len, batches)) == [5, tasks.REQUEUE_BATCH]
    assert sorted(sum(batches, [])) == sorted(
        Notification.objects.values_list("pk", flat=True)
    )
    assert tasks.requeue_stale() == 0  # no longer overdue: queued once


def test_the_worker_takes_a_backlog_in_batches_and_never_emails_what_became_spam(
    site_settings, make_inquiry, mailoutbox, django_capture_on_commit_callbacks
):
    backlog = [
        make_inquiry(emails_due=True, email="") for _ in range(tasks.NEW_BATCH + 1)
    ]
    Inquiry.objects.filter(pk=backlog[0].pk).update(status=Inquiry.Status.SPAM)

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.queue_new_emails.call() == tasks.NEW_BATCH + 1

    assert not Inquiry.objects.filter(emails_due=True).exists()
    assert not Notification.objects.filter(inquiry=backlog[0]).exists()
    assert Notification.objects.filter(sent_at__isnull=False).count() == tasks.NEW_BATCH
    assert len(mailoutbox) == tasks.NEW_BATCH  # the practice's, one each


def test_a_referrer_is_told_we_contact_the_family(
    site_settings, mailoutbox, django_capture_on_commit_callbacks
):
    submit(
        django_capture_on_commit_callbacks,
        writer="professional",
        referrer_kind="pediatrician",
        organisation="Okonkwo Pediatrics",
        family_name="Rivera-Quimby family",
        family_phone="646 555 0199",
        family_agreed="on",
    )

    confirmation = next(m for m in mailoutbox if FAMILY_TEXT["email"] in m.to)
    body = " ".join(confirmation.body.split())
    assert "We will contact the family with the details you gave" in body
    assert "We will reach you the way you asked." not in body
