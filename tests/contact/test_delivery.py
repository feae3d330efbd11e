"""Delivery through a real SMTP server by a real `db_worker` process."""

from datetime import timedelta

import pytest
from django_tasks_db.models import DBTaskResult

from contact import tasks
from contact.models import Notification

from .conftest import (
    FAMILY_TEXT,
    SilentServer,
    SMTPServer,
    form_data,
    free_port,
    wait_for,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# Whole phone forms, not fragments: "867" alone turns up in random message ids.
FAMILY_WORDS = ["Rosalind", "Quimby", "555 867 5309", "5558675309", "naptime",
                "Wrenfield", "terrors"]  # fmt: skip


def swept(condition):
    """`condition`, checked after the sweep the scheduler queues every minute
    (the one way a failed or stranded send is tried again), here as often as
    the test looks."""

    def check():
        tasks.requeue_stale(grace=timedelta(0))
        return condition()

    return check


def delivered(count):
    def check():
        sent = Notification.objects.filter(sent_at__isnull=False).count()
        return sent == count and Notification.objects.count() == count

    return check


def failed_twice(attempts):
    """The notification once it has failed twice (sent_at still empty)."""
    return wait_for(
        swept(lambda: Notification.objects.filter(attempts__gte=2).first()),
        interval=0.2,
        message=attempts,
    )


def test_worker_delivers_both_emails_and_logs_no_family_data(
    client, site_settings, smtp_server, start_worker
):
    worker = start_worker(smtp_server.url)

    response = client.post("/contact/", form_data())

    assert response.status_code == 302
    wait_for(delivered(2), message="both emails delivered")
    recipients = sorted(r for rcpts, _ in smtp_server.mailbox.messages for r in rcpts)
    assert recipients == sorted(
        ["intake@practice.example", "clinician@practice.example", FAMILY_TEXT["email"]]
    )
    for body in smtp_server.mailbox.bodies():
        for word in FAMILY_WORDS:
            assert word not in body
    # One task made both emails, one sent both; the worker records each task's
    # success just after it returns.
    wait_for(lambda: worker.log().count("state=SUCCESSFUL") == 2, message="task log")
    log = worker.log()
    for word in [*FAMILY_WORDS, FAMILY_TEXT["email"]]:
        assert word not in log


def test_smtp_down_then_back_is_delivered_by_the_worker_retrying(
    client, site_settings, start_worker
):
    server = SMTPServer(port=free_port())  # nothing listens there yet
    start_worker(server.url)

    post_phone_only_inquiry(client)

    notification = failed_twice("two failed attempts")
    assert notification.sent_at is None
    assert notification.last_error.startswith("ConnectionRefusedError")
    server.start()
    try:
        wait_for(
            swept(delivered(1)), interval=0.2, message="delivery once SMTP is back"
        )
    finally:
        server.stop()
    assert len(server.mailbox.messages) == 1


# Sends leased for 2 s, so a killed worker's send is soon swept up again.
LEASE = {"CONTACT_SEND_LEASE_SECONDS": "2", "EMAIL_TIMEOUT": "60"}


def start_leased_worker(start_worker, smtp_url, settings):
    # The worker and the recovery step share this setting, as in production.
    settings.CONTACT_SEND_LEASE_SECONDS = 2
    return start_worker(smtp_url, **LEASE)


def requeue_to_a_second_worker(start_worker, smtp_url):
    wait_for(
        lambda: tasks.requeue_stale(grace=timedelta(0)),
        timeout=15,
        interval=0.2,
        message="the stale send to be re-queued",
    )
    start_worker(smtp_url, **LEASE)
    wait_for(delivered(1), message="delivery by the second worker")


def post_phone_only_inquiry(client):
    client.post("/contact/", form_data(email="", preferred_contact="phone"))


def test_smtp_hanging_times_out_is_retried_and_delivered_once_it_answers(
    client, site_settings, start_worker
):
    silent = SilentServer()
    start_worker(silent.url, EMAIL_TIMEOUT="1")

    post_phone_only_inquiry(client)

    # Without the timeout the worker would wait on the silent server forever.
    notification = failed_twice("two timed-out attempts")
    assert notification.sent_at is None
    # smtplib reports a timed-out greeting as a disconnection.
    assert notification.last_error == "SMTPServerDisconnected"
    silent.stop()
    server = SMTPServer(port=silent.port).start()
    try:
        wait_for(
            swept(delivered(1)), interval=0.2, message="delivery once SMTP answers"
        )
    finally:
        server.stop()
    assert len(server.mailbox.messages) == 1


@pytest.mark.parametrize(
    "stage, error",
    [("RCPT", "SMTPRecipientsRefused"), ("DATA", "SMTPDataError (554)")],
)
def test_smtp_refusing_is_recorded_retried_and_delivered_once_it_accepts(
    client, site_settings, smtp_server, start_worker, stage, error
):
    smtp_server.mailbox.refusing = stage
    start_worker(smtp_server.url)

    post_phone_only_inquiry(client)

    notification = failed_twice("two refused attempts")
    assert notification.sent_at is None
    # The refusal quotes the address; the record keeps only the class and code.
    assert notification.last_error == error
    smtp_server.mailbox.refusing = None
    wait_for(swept(delivered(1)), interval=0.2, message="delivery once SMTP accepts")
    assert len(smtp_server.mailbox.messages) == 1


def test_worker_killed_mid_send_does_not_strand_the_email(
    client, site_settings, smtp_server, start_worker, settings
):
    smtp_server.mailbox.stalling = True
    worker = start_leased_worker(start_worker, smtp_server.url, settings)

    post_phone_only_inquiry(client)

    assert smtp_server.mailbox.stalled.wait(timeout=30), "the send never started"
    worker.kill()
    stranded = DBTaskResult.objects.get(task_path="contact.tasks.send_notifications")
    assert stranded.status == "RUNNING"
    notification = Notification.objects.get()
    assert notification.attempts == 1
    assert notification.sent_at is None
    smtp_server.mailbox.stalling = False

    # The sweep re-queues the send once its lease is over.
    requeue_to_a_second_worker(start_worker, smtp_server.url)
    assert len(smtp_server.mailbox.messages) == 1
    assert Notification.objects.get().attempts == 2


def test_worker_killed_after_the_server_accepted_sends_a_duplicate_not_nothing(
    client, site_settings, smtp_server, start_worker, settings
):
    # The one window of at-least-once delivery: accepted by SMTP, not yet recorded.
    smtp_server.mailbox.stalling_quit = True
    worker = start_leased_worker(start_worker, smtp_server.url, settings)

    post_phone_only_inquiry(client)

    assert smtp_server.mailbox.quit_stalled.wait(timeout=30), "never accepted"
    worker.kill()
    assert len(smtp_server.mailbox.messages) == 1
    assert Notification.objects.get().sent_at is None
    smtp_server.mailbox.stalling_quit = False
    requeue_to_a_second_worker(start_worker, smtp_server.url)
    assert len(smtp_server.mailbox.messages) == 2
    assert Notification.objects.get().attempts == 2
