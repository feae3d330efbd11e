"""The daily jobs: the practice's digest, the retention purge and the pruning
of finished task rows. The scheduler queues them (see contact/tasks.py)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.tasks import task
from django.template.loader import render_to_string

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


@task
def send_daily_digest():
    return send_digest()


@task
def purge_inquiries_daily():
    removed = retention.purge()
    logger.info("Retention removed %s inquiries", sum(removed.values()))
    return removed


@task
def prune_task_results():
    # The every-minute jobs add a task row each; django-tasks-db prunes its own.
    from django_tasks_db import DatabaseBackend

    if isinstance(prune_task_results.get_backend(), DatabaseBackend):
        call_command("prune_db_task_results", min_age_days=7, failed_min_age_days=30)
