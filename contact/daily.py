"""The worker's daily jobs: the practice's digest and the retention purge.

Each run queues the next one (run_after tomorrow at its hour), so a chain
started once by `manage.py schedule_daily_tasks` keeps going while a worker
runs. Starting it again is harmless: a job already waiting is not doubled."""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from pages.models import SiteSettings

from . import retention
from .models import Inquiry, InquirySettings

logger = logging.getLogger(__name__)


def build_digest(now=None):
    site = SiteSettings.load()
    inquiry_settings = InquirySettings.load()
    counts = Inquiry.objects.counts(now=now)
    body = render_to_string(
        "contact/email/daily_digest.txt",
        {
            "counts": counts,
            "site": site,
            "target_days": inquiry_settings.response_target_business_days,
            "admin_url": settings.SITE_URL.rstrip("/") + "/admin/",
        },
    )
    subject = (
        f"Inquiries today: {counts['new']} new, {counts['overdue']} overdue, "
        f"{counts['waiting']} waiting"
    )
    return EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, inquiry_settings.recipient_list
    )


def send_digest(now=None):
    message = build_digest(now)
    if not message.to:
        logger.warning("Daily digest not sent: no inquiry recipients are set")
        return 0
    return message.send()


def next_run(hour, now=None):
    now = timezone.localtime(now)
    at = timezone.make_aware(datetime.combine(now.date(), time(hour)))
    return at if at > now else at + timedelta(days=1)


def schedule(daily_task, hour, now=None):
    """Queue `daily_task` for its next hour unless one is already waiting."""
    if not daily_task.get_backend().supports_defer:
        return None
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(
        task_path=daily_task.module_path, status="READY"
    )
    if waiting.exists():
        return None
    return daily_task.using(run_after=next_run(hour, now)).enqueue()


@task
def send_daily_digest():
    try:
        return send_digest()
    finally:
        schedule(send_daily_digest, settings.INQUIRY_DIGEST_HOUR)


@task
def purge_inquiries_daily():
    try:
        removed = retention.purge()
        logger.info("Retention removed %s inquiries", sum(removed.values()))
        return removed
    finally:
        schedule(purge_inquiries_daily, settings.INQUIRY_PURGE_HOUR)


def schedule_all(now=None):
    return [
        schedule(send_daily_digest, settings.INQUIRY_DIGEST_HOUR, now),
        schedule(purge_inquiries_daily, settings.INQUIRY_PURGE_HOUR, now),
    ]
