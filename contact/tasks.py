"""Delivery of the two emails about an inquiry, retried until sent.

The Notification row is the source of truth: a task only carries ids. A
family's post stores the inquiry alone, marked `emails_due`, in one INSERT;
`queue_new_emails`, queued after it (and every minute by the scheduler), makes
its Notification rows and queues their sending in one transaction. A
failed send records when it may be tried again; a send in progress holds a
lease. `requeue_notifications`, queued every minute by the scheduler (the
timetable is at the end), is the one way a send is tried again: it re-queues
every undelivered notification whose backoff or lease has run out (a worker
killed mid-send never records anything). Delivery is at-least-once: a worker killed
after the SMTP server accepted the message but before `sent_at` was stored
sends it again.
"""

import itertools
import logging
from datetime import timedelta
from functools import partial

from crontask import cron
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import DatabaseError, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db import DatabaseBackend

from pages.models import SiteSettings

from . import daily
from .models import Inquiry, InquirySettings, Notification, WorkerHeartbeat

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)
# The sweep's tasks: a backlog after an outage is shared out among workers.
REQUEUE_BATCH = 20
# Inquiries whose emails queue_new_emails makes in one transaction.
NEW_BATCH = 50


class NoRecipients(Exception):
    pass


def backoff(attempts):
    first = timedelta(seconds=settings.CONTACT_RETRY_SECONDS)
    return min(first * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def queue(notifications):
    """Queue the sending of `notifications`, saved in the current transaction,
    in tasks of REQUEUE_BATCH."""
    ids = [notification.pk for notification in notifications]
    immediate = not isinstance(send_notifications.get_backend(), DatabaseBackend)
    for batch in itertools.batched(ids, REQUEUE_BATCH, strict=False):
        if immediate:
            # The immediate backend sends at once: only once the rows are
            # committed. A queueing lost in between is the sweep's.
            transaction.on_commit(partial(send_notifications.enqueue, list(batch)))
        else:
            # The task is a row in the same database: it commits with the
            # notifications, in the same single commit, or not at all.
            send_notifications.enqueue(list(batch))


def kinds_for(inquiry):
    kinds = [Notification.Kind.PRACTICE]
    if inquiry.email and not inquiry.held:  # held: see contact/spam.py
        kinds.append(Notification.Kind.FAMILY)
    return kinds


def create_for(*inquiries):
    """Make the inquiries' emails not made yet and queue those not sent yet."""
    if not inquiries:
        return
    made = (
        Notification.objects.filter(inquiry__in=inquiries)
        .exclude(kind=Notification.Kind.REPLY)
        .order_by("pk")
        .values_list("inquiry_id", "kind", "pk", "sent_at")
    )
    unsent = [Notification(pk=pk) for _, _, pk, sent_at in made if sent_at is None]
    kinds_made = {(inquiry_id, kind) for inquiry_id, kind, _, _ in made}
    new = Notification.objects.bulk_create(
        Notification(inquiry=inquiry, kind=kind)
        for inquiry in inquiries
        for kind in kinds_for(inquiry)
        if (inquiry.pk, kind) not in kinds_made
    )
    queue([*unsent, *new])  # bulk_create sets the new rows' ids


def wake():
    """Queue `queue_new_emails` for an inquiry just stored (once it is committed).

    With the database backend, a process queues one such task per WAKE_SECONDS,
    to run when that window ends, so that it takes every inquiry the process
    stores in the window: a flood of posts queues a task row a second, not one
    per post (a task row costs a post as much as its inquiry's INSERT). With the
    immediate backend, the task runs at once. If it cannot be queued, the
    inquiry is stored all the same, and the scheduler's run makes its emails."""
    global _window_ends
    task = queue_new_emails
    if task.get_backend().supports_defer:  # a worker's queue, not run at once
        now = timezone.now()
        window = timedelta(seconds=WAKE_SECONDS)
        if _window_ends is not None and now < _window_ends <= now + window:
            return  # this window's task has not run yet: it takes this one too
        _window_ends = now + window
        task = task.using(run_after=_window_ends)
    try:
        task.enqueue()
    except DatabaseError as exc:
        _window_ends = None
        logger.warning(
            "Could not queue the new inquiries' emails (%s); the scheduler's "
            "queue_new_emails will, within a minute",
            type(exc).__name__,
        )


WAKE_SECONDS = 1
_window_ends = None


@task
def queue_new_emails():
    """Make and queue the emails of every inquiry stored with `emails_due`
    (InquiryForm.store), in transactions of NEW_BATCH; return how many.

    Queued after a family's post (wake()) and every minute by the scheduler.
    Runs that overlap share the work: each takes inquiries the other has not
    locked."""
    done = 0
    due = Inquiry.objects.filter(emails_due=True).order_by("created_at")
    while True:
        with transaction.atomic():
            batch = list(due.select_for_update(skip_locked=True)[:NEW_BATCH])
            if not batch:
                return done
            # Marked spam in the meantime: never emailed (Inquiry.set_status).
            create_for(*(i for i in batch if i.status != Inquiry.Status.SPAM))
            Inquiry.objects.filter(pk__in=[i.pk for i in batch]).update(
                emails_due=False
            )
        done += len(batch)


def build_reply(notification):
    """A clinician's email to the family: only to the address the family gave,
    answered to the practice."""
    inquiry = notification.inquiry
    reply = notification.reply
    to = inquiry.family_contact_email
    if not to:
        raise NoRecipients("The family gave no email address.")
    site = SiteSettings.load()
    reply_to = site.email or next(iter(InquirySettings.load().recipient_list), None)
    return EmailMessage(
        reply.subject,
        reply.body,
        settings.DEFAULT_FROM_EMAIL,
        [str(to)],
        reply_to=[reply_to] if reply_to else None,
    )


def build_email(notification):
    inquiry = notification.inquiry
    if notification.kind == Notification.Kind.REPLY:
        return build_reply(notification)
    # The practice reads English; the family, the language they used the form in.
    # (The immediate backend runs this in the family's request, in their language.)
    family = notification.kind == Notification.Kind.FAMILY
    with translation.override(inquiry.form_language if family else "en"):
        site = SiteSettings.load().localized()
        context = {
            "inquiry": inquiry,
            "site": site,
            "admin_url": settings.SITE_URL.rstrip("/") + inquiry.get_admin_url(),
        }
        if not family:
            recipients = InquirySettings.load().recipient_list
            if not recipients:
                raise NoRecipients(
                    "No inquiry recipients are set: a practice admin sets them "
                    "in Inquiry settings."
                )
            subject = f"New inquiry {inquiry.reference}"
            template = "contact/email/practice_notification.txt"
        else:
            recipients = [inquiry.email]
            subject = gettext("We received your message (reference %(reference)s)") % {
                "reference": inquiry.reference
            }
            template = "contact/email/family_confirmation.txt"
        body = render_to_string(template, context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def describe(exc):
    if isinstance(exc, NoRecipients):
        return str(exc)
    # SMTP errors can quote the recipient's address: keep the class and code only.
    code = getattr(exc, "smtp_code", None) or getattr(exc, "errno", None)
    return f"{type(exc).__name__}{f' ({code})' if code else ''}"


def claim(notification_id):
    """Take the lease on a due, undelivered notification, or return None."""
    lease = timedelta(seconds=settings.CONTACT_SEND_LEASE_SECONDS)
    with transaction.atomic():
        notification = (
            Notification.objects.undelivered()
            .select_for_update()
            .filter(pk=notification_id, next_attempt_at__lte=timezone.now())
            .first()
        )
        if notification is None:
            return None
        now = timezone.now()
        notification.attempts += 1
        notification.last_attempt_at = now
        notification.next_attempt_at = now + lease
        notification.save(
            update_fields=["attempts", "last_attempt_at", "next_attempt_at"]
        )
    return Notification.objects.select_related("inquiry", "reply").get(
        pk=notification_id
    )


@task
def send_notifications(notification_ids):
    """Send each notification (an inquiry's two emails, or a batch the sweep
    re-queued); what became of each: "sent", "retry" or "skipped"."""
    return [deliver(notification_id) for notification_id in notification_ids]


def deliver(notification_id):
    notification = claim(notification_id)
    if notification is None:
        return "skipped"
    try:
        build_email(notification).send()
    except Exception as exc:
        retry_at = timezone.now() + backoff(notification.attempts)
        logger.warning(
            "Notification %s attempt %s failed: %s; retrying at %s",
            notification.pk,
            notification.attempts,
            describe(exc),
            retry_at.isoformat(),
        )
        # requeue_notifications queues the retry once it is due.
        notification.last_error = describe(exc)
        notification.next_attempt_at = retry_at
        notification.save(update_fields=["last_error", "next_attempt_at"])
        return "retry"
    notification.sent_at = timezone.now()
    notification.last_error = ""
    notification.save(update_fields=["sent_at", "last_error"])
    return "sent"


def requeue_stale(grace=timedelta(seconds=30)):
    """Queue undelivered notifications overdue by `grace`, in tasks of
    REQUEUE_BATCH; return how many.

    The grace leaves a just-made notification to the task queued with it."""
    now = timezone.now()
    stale = Notification.objects.undelivered().filter(next_attempt_at__lt=now - grace)
    with transaction.atomic():
        # Rows an overlapping sweep holds are its to queue; once it commits
        # they are no longer overdue, so each is queued once.
        ids = list(
            stale.select_for_update(skip_locked=True, of=("self",)).values_list(
                "pk", flat=True
            )
        )
        Notification.objects.filter(pk__in=ids).update(next_attempt_at=now)
        queue(Notification(pk=pk) for pk in ids)
    return len(ids)


@task
def requeue_notifications():
    return requeue_stale()


@task
def record_heartbeat():
    """Run every minute by the scheduler: the admin home shows when it stops."""
    WorkerHeartbeat.beat()


# The timetable. `manage.py crontask` (the scheduler) imports this module and
# queues each task for the worker at these times, in TIME_ZONE.
cron("* * * * *")(requeue_notifications)
cron("* * * * *")(queue_new_emails)
cron(f"0 {settings.INQUIRY_DIGEST_HOUR} * * *")(daily.send_daily_digest)
cron(f"0 {settings.INQUIRY_PURGE_HOUR} * * *")(daily.purge_inquiries_daily)
cron(f"30 {settings.INQUIRY_PURGE_HOUR} * * *")(daily.prune_task_results)
cron("* * * * *")(record_heartbeat)
