"""Delivery of the two emails about an inquiry, retried until sent.

The Notification row is the source of truth: a task only carries its id. A
failed send records when it may be tried again; a send in progress holds a
lease. `requeue_notifications`, queued every minute by the scheduler (the
timetable is at the end), is the one way a send is tried again: it re-queues
every undelivered notification whose backoff or lease has run out (a worker
killed mid-send never records anything). Delivery is at-least-once: a worker killed
after the SMTP server accepted the message but before `sent_at` was stored
sends it again.
"""

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

from pages.models import SiteSettings

from . import daily
from .models import InquirySettings, Notification, WorkerHeartbeat

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)


class NoRecipients(Exception):
    pass


def backoff(attempts):
    first = timedelta(seconds=settings.CONTACT_RETRY_SECONDS)
    return min(first * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def queue(notification):
    # After commit: the immediate backend would send before the row exists. A
    # queueing lost in between is the sweep's (the row is due and unsent).
    transaction.on_commit(partial(send_notification.enqueue, notification.pk))


def create_for(inquiry, new=False):
    """Queue the inquiry's emails not yet sent; `new`: it was just inserted in
    this transaction, so it has none yet (one INSERT instead of a lookup each)."""
    kinds = [Notification.Kind.PRACTICE]
    if inquiry.email and not inquiry.held:  # held: see contact/spam.py
        kinds.append(Notification.Kind.FAMILY)
    if new:
        made = [Notification(inquiry=inquiry, kind=kind) for kind in kinds]
        for notification in Notification.objects.bulk_create(made):
            queue(notification)
        return
    for kind in kinds:
        notification, _ = Notification.objects.get_or_create(inquiry=inquiry, kind=kind)
        if notification.sent_at is None:
            queue(notification)


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
def send_notification(notification_id):
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
    """Queue undelivered notifications overdue by `grace`; return how many.

    The grace leaves a just-made notification to the task queued with it."""
    now = timezone.now()
    count = 0
    stale = Notification.objects.undelivered().filter(next_attempt_at__lt=now - grace)
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            # Only one of two overlapping sweeps moves the row on, and queues it.
            updated = stale.filter(pk=pk).update(next_attempt_at=now)
            if updated:
                queue(Notification(pk=pk))
                count += updated
    return count


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
