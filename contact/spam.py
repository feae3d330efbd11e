"""Spam signals that need no third-party service: a signed start time and a
per-address rate limit kept in the cache."""

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

TOKEN_SALT = "contact.inquiry-form.started"
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def start_token():
    return signing.dumps(time.time(), salt=TOKEN_SALT)


def seconds_since_start(token):
    """Seconds since the form was rendered, or None if the token is not ours."""
    try:
        started = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(started, int | float):
        return None
    return time.time() - started


def parse_rate(value):
    """'5/h' -> (5, 3600); '0' or '' -> None (off)."""
    value = str(value).strip().lower()
    if value in {"", "0", "off"}:
        return None
    try:
        count, unit = value.split("/")
        count = int(count)
        seconds = UNITS[unit[-1]] * int(unit[:-1] or 1)
    except (ValueError, KeyError, IndexError):
        raise ImproperlyConfigured(
            f"CONTACT_RATE_LIMIT must look like 5/h, 20/d or 0 (off), not {value!r}."
        ) from None
    if count < 1:
        raise ImproperlyConfigured("CONTACT_RATE_LIMIT's count must be at least 1.")
    return count, seconds


def over_rate_limit(ip):
    """Count one submission from `ip`; True once it passes the limit."""
    rate = parse_rate(settings.CONTACT_RATE_LIMIT)
    if rate is None:
        return False
    count, window = rate
    bucket = int(time.time() // window)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    key = f"contact:rate:{window}:{bucket}:{digest}"
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key) > count
    except ValueError:
        # Evicted between add and incr: count this one as the first.
        cache.set(key, 1, timeout=window)
        return False
