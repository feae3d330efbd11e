"""Business days (Monday to Friday) in the practice's time zone; no holidays."""

from datetime import timedelta

from django.utils import timezone


def subtract(moment, days):
    """The moment `days` business days before `moment` (weekends skipped)."""
    moment = timezone.localtime(moment)
    for _ in range(days):
        moment -= timedelta(days=1)
        while moment.weekday() >= 5:
            moment -= timedelta(days=1)
    return moment


def between(start, end):
    """Whole business days from `start` to `end`, counting the weekdays passed."""
    start_day = timezone.localtime(start).date()
    end_day = timezone.localtime(end).date()
    if end_day <= start_day:
        return 0
    weeks, extra = divmod((end_day - start_day).days, 7)
    count = weeks * 5
    for offset in range(1, extra + 1):
        if (start_day + timedelta(days=weeks * 7 + offset)).weekday() < 5:
            count += 1
    return count
