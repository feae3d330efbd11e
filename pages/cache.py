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


def _anonymous_get(request):
    """Decided from the request alone, before sessions and users are loaded: anyone
    signed in (staff) has a session cookie, so never reaches the cache."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _key(request):
    # What build_absolute_uri() gives for a request without a query string.
    url = f"{request.scheme}://{request.get_host()}{request.path}"
    url = hashlib.sha256(url.encode()).hexdigest()
    return f"pages:page:{_generation()}:{url}"


def cache_public_page(view):
    """Mark what anonymous visitors get as cacheable; PageCacheMiddleware keeps it.

    Entries end at the next scheduled go-live or expiry, so schedules hold to
    the second without a cron job."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and _anonymous_get(request)
            and not request.user.is_authenticated
        ):
            fresh_until = timezone.now() + timedelta(seconds=PAGE_CACHE_SECONDS)
            navigation.load(request)
            if request.pages_next_change is not None:
                fresh_until = min(fresh_until, request.pages_next_change)
            request.page_cache_until = fresh_until
        return response

    return wrapped


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache, ahead of the sessions,
    users, CSRF and the view: a cached page costs two cache reads.

    Sits below the middleware that must run on every response (request ids and
    logs, security headers); the response is stored after the middleware below it
    (CSP, frame options) has added its headers, so a hit sends the same bytes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _anonymous_get(request):
            return self.get_response(request)
        key = _key(request)
        fresh_until, response = cache.get(key, (None, None))
        if response is not None and timezone.now() < fresh_until:
            return response
        response = self.get_response(request)
        fresh_until = getattr(request, "page_cache_until", None)
        if fresh_until is not None and not response.cookies:
            cache.set(key, (fresh_until, response), PAGE_CACHE_SECONDS)
        return response
