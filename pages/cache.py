import hashlib
import time
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.utils import timezone

from . import navigation

GENERATION_KEY = "pages:generation"
# An upper bound on staleness when several processes keep separate local caches.
PAGE_CACHE_SECONDS = getattr(settings, "PAGES_CACHE_SECONDS", 300)


def invalidate():
    """Retire every cached public page at once: they are keyed by this generation."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def _generation():
    return cache.get_or_set(GENERATION_KEY, time.time_ns, None)


def _cacheable(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and CookieStorage.cookie_name not in request.COOKIES
        and not request.user.is_authenticated
    )


def cache_public_page(view):
    """Cache what anonymous visitors get; staff always see the database.

    Entries end at the next scheduled go-live or expiry, so schedules hold to
    the second without a cron job."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        url = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"pages:page:{_generation()}:{url}"
        fresh_until, response = cache.get(key, (None, None))
        if response is not None and timezone.now() < fresh_until:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        response.render()
        fresh_until = timezone.now() + timedelta(seconds=PAGE_CACHE_SECONDS)
        navigation.load(request)
        next_change = request.pages_next_change
        if next_change is not None:
            fresh_until = min(fresh_until, next_change)
        cache.set(key, (fresh_until, response), PAGE_CACHE_SECONDS)
        return response

    return wrapped
