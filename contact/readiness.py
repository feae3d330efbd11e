"""Is the practice ready to receive families? One list of what would stop a
family's inquiry from reaching someone, read by the admin home and `check`."""

from dataclasses import dataclass
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from pages.models import Page, SiteSettings
from pages.models.kept import PRIVACY_SLUG

from .models import Inquiry, InquirySettings, Notification, WorkerHeartbeat

# The scheduler records a heartbeat every minute.
WORKER_SILENCE = timedelta(minutes=5)
EMAILS_LATE = timedelta(minutes=3)


@dataclass
class Problem:
    key: str
    text: str
    url: str
    # Serious: families' inquiries would reach nobody.
    serious: bool = False


def uses_worker():
    from django.tasks import default_task_backend

    return default_task_backend.supports_defer


def configuration_problems():
    found = []
    if not InquirySettings.load().recipient_list:
        found.append(
            Problem(
                "recipients",
                "Nobody is told about new inquiries: add at least one inquiry "
                "recipient.",
                reverse("admin:contact_inquirysettings_changelist"),
                serious=True,
            )
        )
    site = SiteSettings.load()
    missing = [name for name in ["phone", "email"] if not getattr(site, name)]
    if missing:
        found.append(
            Problem(
                "practice-contact",
                f"The practice's {' and '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} missing from the site "
                "settings: families cannot see how to reach you.",
                reverse("admin:pages_sitesettings_changelist"),
            )
        )
    if not Page.objects.published().filter(slug=PRIVACY_SLUG).exists():
        found.append(
            Problem(
                "privacy",
                "The privacy page is not published: families are asked to consent "
                "without being able to read it.",
                reverse("admin:pages_page_changelist"),
            )
        )
    return found


def problems(now=None):
    now = now or timezone.now()
    found = configuration_problems()
    failing = (
        Notification.objects.undelivered()
        .exclude(last_error="")
        .order_by("inquiry__created_at")
    )
    count = failing.count()
    if count:
        oldest = timezone.localtime(failing.first().inquiry.created_at)
        found.append(
            Problem(
                "failing",
                f"{count} email{'s' if count != 1 else ''} not delivered and "
                f"being retried, the oldest about an inquiry of "
                f"{oldest:%-d %b %H:%M}.",
                reverse("admin:contact_inquiry_changelist") + "?delivery=failing",
                serious=failing.filter(kind=Notification.Kind.PRACTICE).exists(),
            )
        )
    # queue_new_emails takes them within seconds, or the scheduler's within a minute.
    stuck = Inquiry.objects.filter(emails_due=True, created_at__lt=now - EMAILS_LATE)
    count = stuck.count()
    if count:
        found.append(
            Problem(
                "emails-not-queued",
                f"{count} new inquir{'ies' if count != 1 else 'y'} stored more than "
                f"{EMAILS_LATE.seconds // 60} minutes ago and not yet emailed about: "
                "is the worker or the scheduler stopped?",
                reverse("admin:contact_inquiry_changelist") + "?delivery=pending",
                serious=True,
            )
        )
    if uses_worker():
        seen = WorkerHeartbeat.last_seen()
        if seen is None or now - seen > WORKER_SILENCE:
            when = (
                "has never been seen"
                if seen is None
                else f"was last seen {timezone.localtime(seen):%-d %b %H:%M}"
            )
            found.append(
                Problem(
                    "worker",
                    f"The background worker {when}: no email is being sent.",
                    "",
                    serious=True,
                )
            )
    return found
