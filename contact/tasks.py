"""Delivery of the two emails about an inquiry, retried until sent.

The Notification row is the source of truth: a task only carries ids. An
inquiry's emails are queued as one task in the transaction that stores it. A
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
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_tasks_db import DatabaseBackend

from pages.models import SiteSettings

from . import daily
from .models import InquirySettings, Notification, WorkerHeartbeat

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)
# The sweep's tasks: a backlog after an outage is shared out among workers.
REQUEUE_BATCH = 20


class NoRecipients(Exception):
    pass


def backoff(attempts):
    first = timedelta(seconds=settings.CONTACT_RETRY_SECONDS)
    return min(first * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def queue(notifications):
    """Queue the sending of `notifications`, saved in the current transaction,
    as one task."""
    ids = [notification.pk for notification in notifications]
    if not ids:
        return
    if isinstance(send_notifications.get_backend(), DatabaseBackend):
        # The task is a row in the same database: it commits with the
        # notifications, in the same single commit, or not at all.
        send_notifications.enqueue(ids)
    else:
        # The immediate backend sends at once: only once the rows are committed.
        # A queueing lost in between is the sweep's (the rows are due and unsent).
        transaction.on_commit(partial(send_notifications.enqueue, ids))


def create_for(inquiry, new=False):
    """Queue the inquiry's emails not yet sent; `new`: it was just inserted in
    this transaction, so it has none yet (one INSERT instead of a lookup each)."""
    kinds = [Notification.Kind.PRACTICE]
    if inquiry.email and not inquiry.held:  # held: see contact/spam.py
        kinds.append(Notification.Kind.FAMILY)
    if new:
        made = [Notification(inquiry=inquiry, kind=kind) for kind in kinds]
        queue(Notification.objects.bulk_create(made))
        return
    due = []
    for kind in kinds:
        notification, _ = Notification.objects.get_or_create(inquiry=inquiry, kind=kind)
        if notification.sent_at is None:
            due.append(notification)
    queue(due)


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
                raise NoRecipients("No inquiry recipients are set.")
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
        for batch in itertools.batched(ids, REQUEUE_BATCH, strict=False):
            queue(Notification(pk=pk) for pk in batch)
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
cron(f"0 {settings.INQUIRY_DIGEST_HOUR} * * *")(daily.send_daily_digest)
cron(f"0 {settings.INQUIRY_PURGE_HOUR} * * *")(daily.purge_inquiries_daily)
cron(f"30 {settings.INQUIRY_PURGE_HOUR} * * *")(daily.prune_task_results)
cron("* * * * *")(record_heartbeat)
