"""Spam signals that need no third-party service: a signed form token and
per-address limits kept in the cache.

The form token carries the time the form was rendered, a random nonce (the
submission's idempotency key) and a tag of the browser's CSRF secret, which
tells a retry from the same browser from a replay elsewhere."""

import contextlib
import hashlib
import logging
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from pages.models import SiteSettings

logger = logging.getLogger(__name__)
TOKEN_SALT = "contact.inquiry-form.started"
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class FormToken:
    started: float
    nonce: str | None = None
    browser: str = ""

    @property
    def elapsed(self):
        return time.time() - self.started

    def issued_to(self, browser_secret):
        tag = browser_tag(browser_secret)
        return bool(tag and self.browser) and constant_time_compare(tag, self.browser)


def browser_tag(browser_secret):
    if not browser_secret:
        return ""
    digest = salted_hmac(TOKEN_SALT, browser_secret, algorithm="sha256")
    return digest.hexdigest()[:32]


def start_token(browser_secret=""):
    payload = {
        "t": time.time(),
        "n": secrets.token_urlsafe(16),
        "b": browser_tag(browser_secret),
    }
    return signing.dumps(payload, salt=TOKEN_SALT)


def read_token(token):
    """The FormToken, or None if the token is missing, tampered or not ours."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    # Forms rendered before tokens carried a nonce hold a bare start time.
    if isinstance(payload, int | float) and not isinstance(payload, bool):
        return FormToken(started=payload)
    if not isinstance(payload, dict):
        return None
    started, nonce, tag = payload.get("t"), payload.get("n"), payload.get("b", "")
    if not isinstance(started, int | float) or isinstance(started, bool):
        return None
    if not isinstance(nonce, str) or not 16 <= len(nonce) <= 32:
        return None
    if not isinstance(tag, str):
        return None
    return FormToken(started=started, nonce=nonce, browser=tag)


def parse_rate(value, setting="CONTACT_RATE_LIMIT"):
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
            f"{setting} must look like 5/h, 20/d or 0 (off), not {value!r}."
        ) from None
    if count < 1:
        raise ImproperlyConfigured(f"{setting}'s count must be at least 1.")
    return count, seconds


# Per-address limits (SECURITY.md): past CONTACT_RATE_LIMIT an inquiry is stored
# but held (no automatic email to the address typed in it); at
# CONTACT_HARD_LIMIT nothing more is stored and the form says to call instead.
# Both count inquiries stored from the address (count_stored), once each
# however often the same form is posted.
def over_rate_limit(ip):
    """True when `ip` has had CONTACT_RATE_LIMIT inquiries stored this period:
    the next one is held."""
    return _reached(ip, parse_rate(settings.CONTACT_RATE_LIMIT))


def at_hard_limit(ip):
    """True when `ip` has had CONTACT_HARD_LIMIT inquiries stored this period."""
    return _reached(ip, parse_rate(settings.CONTACT_HARD_LIMIT, "CONTACT_HARD_LIMIT"))


def count_stored(ip):
    """Count one inquiry stored from `ip` against both limits."""
    _count(ip, parse_rate(settings.CONTACT_HARD_LIMIT, "CONTACT_HARD_LIMIT"))
    _count(ip, parse_rate(settings.CONTACT_RATE_LIMIT))


def _reached(ip, rate):
    if rate is None:
        return False
    with _unless_cache_is_down():
        return (cache.get(_key(ip, rate[1])) or 0) >= rate[0]
    return False


_cache_lost = False


@contextlib.contextmanager
def _unless_cache_is_down():
    """Without its cache (Redis stopped, say), the form takes every inquiry:
    a family's message matters more than a limit. Logged once per outage in
    each process; any backend's error counts, as Django's caches share none."""
    global _cache_lost
    try:
        yield
    except Exception as error:
        if not _cache_lost:
            _cache_lost = True
            logger.warning(
                "The cache does not answer (%s): the contact form's rate limits "
                "are off",
                type(error).__name__,
            )
        return
    if _cache_lost:
        _cache_lost = False
        logger.info("The cache answers again: the contact form's rate limits are on")


def _key(ip, window):
    bucket = int(time.time() // window)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{ip}".encode()).hexdigest()[:32]
    return f"contact:rate:{window}:{bucket}:{digest}"


def _count(ip, rate):
    if rate is None:
        return
    window = rate[1]
    key = _key(ip, window)
    with _unless_cache_is_down():
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:
            # Evicted between add and incr: count this one as the first.
            cache.set(key, 1, timeout=window)


def too_many_message():
    """What the form says past CONTACT_HARD_LIMIT (in the family's language)."""
    phone = SiteSettings.load().phone
    if phone:
        return _(
            "We have had many messages from your network today, so we cannot "
            "take this one online. Please call us at %(phone)s. Nothing was sent, "
            "and everything you typed is still here."
        ) % {"phone": phone}
    return _(
        "We have had many messages from your network today, so we cannot take "
        "this one online. Please call us, or try again tomorrow. Nothing was "
        "sent, and everything you typed is still here."
    )
