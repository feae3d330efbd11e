import time
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.utils import timezone

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
        key = f"pages:page:{_generation()}:{request.build_absolute_uri()}"
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        response.render()
        timeout = PAGE_CACHE_SECONDS
        next_change = getattr(request, "pages_next_change", None)
        if next_change is not None:
            timeout = min(timeout, (next_change - timezone.now()).total_seconds())
        if timeout >= 1:
            cache.set(key, response, int(timeout))
        return response

    return wrapped
