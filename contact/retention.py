"""Removal of ended and spam inquiries after their retention period.

A removed inquiry is deleted with its notes, contact attempts, status history
and notifications. What survives: monthly counts (InquiryStat, no free text:
the "how they heard" answer can name people, so the source kept is who wrote),
and the access log, whose rows keep the reference and lose the link."""

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import AccessLog, Inquiry, InquiryStat


def purgeable(now=None):
    now = now or timezone.now()
    ended_before = now - timedelta(days=settings.INQUIRY_RETENTION_CLOSED_DAYS)
    spam_before = now - timedelta(days=settings.INQUIRY_RETENTION_SPAM_DAYS)
    return Inquiry.objects.filter(legal_hold=False).filter(
        Q(status__in=Inquiry.ENDED_STATUSES, status_changed_at__lt=ended_before)
        | Q(status=Inquiry.Status.SPAM, status_changed_at__lt=spam_before)
    )


def stat_keys(inquiry):
    month = timezone.localtime(inquiry.created_at).date().replace(day=1)
    source = inquiry.writer
    if inquiry.referrer_kind:
        source += f":{inquiry.referrer_kind}"
    yield month, InquiryStat.Dimension.OUTCOME, inquiry.status
    if inquiry.status == Inquiry.Status.SPAM:
        return
    yield month, InquiryStat.Dimension.AGE, inquiry.child_age
    yield month, InquiryStat.Dimension.SOURCE, source
    for concern in inquiry.concerns:
        if concern in Inquiry.Concern.values:
            yield month, InquiryStat.Dimension.REASON, concern


def add_counts(counter):
    for (month, dimension, value), count in counter.items():
        stat, _ = InquiryStat.objects.select_for_update().get_or_create(
            month=month, dimension=dimension, value=value
        )
        InquiryStat.objects.filter(pk=stat.pk).update(count=F("count") + count)


def purge(now=None, dry_run=False, batch_size=200):
    """Remove what is due; return {status: count} of what was (or would be) removed."""
    due = purgeable(now)
    removed = Counter(due.values_list("status", flat=True))
    if dry_run:
        return dict(removed)
    while True:
        with transaction.atomic():
            batch = list(
                due.select_for_update().only(
                    "pk",
                    "reference",
                    "status",
                    "created_at",
                    "writer",
                    "referrer_kind",
                    "child_age",
                    "concerns",
                )[:batch_size]
            )
            if not batch:
                break
            add_counts(Counter(key for i in batch for key in stat_keys(i)))
            AccessLog.objects.record(None, AccessLog.Action.PURGE, batch)
            Inquiry.objects.filter(pk__in=[i.pk for i in batch]).delete()
    return dict(removed)
