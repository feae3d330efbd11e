"""Delivery of the two emails about an inquiry, retried until sent.

The Notification row is the source of truth: a task only carries its id, and
`requeue_stale()` re-queues any undelivered notification whose lease or backoff
has run out (a worker killed mid-send leaves its task RUNNING forever).
Delivery is at-least-once: a worker killed after the SMTP server accepted the
message but before `sent_at` was stored sends it again.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from pages.models import SiteSettings

from .models import Inquiry, InquirySettings, Notification, WorkerHeartbeat

logger = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)


class NoRecipients(Exception):
    pass


def backoff(attempts):
    first = timedelta(seconds=settings.CONTACT_RETRY_SECONDS)
    return min(first * 2 ** max(attempts - 1, 0), MAX_BACKOFF)


def queue(notification, run_after=None):
    """Queue a send; with the database backend, in the caller's transaction."""
    deliver = send_notification
    if run_after is not None and deliver.get_backend().supports_defer:
        deliver = deliver.using(run_after=run_after)
    if deliver.get_backend().supports_defer:
        # The task row is written in the same transaction as the inquiry.
        deliver.enqueue(notification.pk)
    elif run_after is None:
        # The immediate backend would send before the row is committed.
        transaction.on_commit(lambda: deliver.enqueue(notification.pk))
    # Otherwise requeue_stale() picks the retry up once it is due.


def create_for(inquiry):
    kinds = [Notification.Kind.PRACTICE]
    if inquiry.email:
        kinds.append(Notification.Kind.FAMILY)
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
        with transaction.atomic():
            notification.last_error = describe(exc)
            notification.next_attempt_at = retry_at
            notification.save(update_fields=["last_error", "next_attempt_at"])
            queue(notification, run_after=retry_at)
        return "retry"
    notification.sent_at = timezone.now()
    notification.last_error = ""
    notification.save(update_fields=["sent_at", "last_error"])
    return "sent"


def requeue_stale(grace=timedelta(seconds=30)):
    """Queue undelivered notifications overdue by `grace`; return how many."""
    now = timezone.now()
    count = 0
    stale = Notification.objects.undelivered().filter(next_attempt_at__lt=now - grace)
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            updated = stale.filter(pk=pk).update(next_attempt_at=now)
            if updated:
                queue(Notification(pk=pk))
                count += updated
    fail_stranded_tasks(now)
    return count


def fail_stranded_tasks(now):
    """Close task rows a killed worker left RUNNING; their sends were re-queued."""
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return
    from django_tasks_db.models import DBTaskResult

    lease = timedelta(seconds=settings.CONTACT_SEND_LEASE_SECONDS)
    DBTaskResult.objects.running().filter(
        task_path=send_notification.module_path, started_at__lt=now - lease
    ).update(
        status="FAILED",
        finished_at=now,
        exception_class_path="contact.tasks.WorkerLost",
        traceback="The worker stopped while running this task; the send was re-queued.",
    )


@task
def record_heartbeat():
    """Run every minute by the scheduler: the admin home shows when it stops."""
    WorkerHeartbeat.beat()


def mark_not_spam(inquiries, user=None):
    count = 0
    for inquiry in inquiries.filter(status=Inquiry.Status.SPAM):
        with transaction.atomic():
            inquiry.status = Inquiry.Status.NEW
            inquiry.changed_by = user
            inquiry.save(update_fields=["status"])
            create_for(inquiry)
        count += 1
    return count
