"""Public pages served from each process's own memory, and one shared generation
that every process checks on each request, so a change is seen by all at once.

The generation lives in a small file on one machine (the default: a read costs a
few microseconds) or, when CACHE_URL is Redis, in Redis, pushed to every process
over publish/subscribe (pages/generation.py): a cache hit never waits on the network.
"""

import copy
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.http import SimpleCookie
from django.http.request import split_domain_port
from django.utils import timezone

from . import generation, navigation

PAGE_CACHE_SECONDS = getattr(settings, "PAGES_CACHE_SECONDS", 300)
# Bounds this process's memory whatever addresses are asked for.
MAX_ENTRIES = 1000

_local = {"generation": None, "entries": {}}


def invalidate():
    """Retire every cached page and setting, in every process, at once; again
    when the transaction commits, so nobody keeps what was read before it."""
    _bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_bump)


def _bump():
    generation.source().bump()
    _local["entries"] = {}


def _entries():
    current = generation.source().current()
    if current != _local["generation"]:
        _local["generation"] = current
        _local["entries"] = {}
    return _local["entries"]


def _put(entries, key, value):
    if len(entries) >= MAX_ENTRIES:
        try:
            entries.pop(next(iter(entries)), None)  # the oldest
        except (RuntimeError, StopIteration):  # another thread changed it meanwhile
            entries.clear()
    entries[key] = value


def remember(key, make, until=None):
    """`make()`, kept in this process until the next change, or until the
    moment `until()` gives once it is made (None: no other end)."""
    entries = _entries()
    kept = entries.get(key)
    if kept is not None and (kept[0] is None or timezone.now() < kept[0]):
        return kept[1]
    value = make()
    _put(entries, key, (until and until(), value))
    return value


def anonymous_get(request):
    """Decided from the request alone, before sessions and users are loaded: anyone
    signed in (staff) has a session cookie, so never reaches the cache."""
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def canonical_host(request):
    """The Host header without port, case or trailing dot: one entry per page
    however it is spelled. Not yet checked against ALLOWED_HOSTS: a page is only
    kept after rendering it for this host passed that check."""
    host = request.META.get("HTTP_HOST") or request.META.get("SERVER_NAME", "")
    return split_domain_port(host)[0]


def _copy(kept):
    # The middleware above sets headers (X-Request-ID) on what it is given.
    response = copy.copy(kept)
    response.headers = copy.copy(kept.headers)
    response.headers._store = kept.headers._store.copy()
    response._container = list(kept._container)
    response._resource_closers = []
    response.cookies = SimpleCookie()
    return response


def cache_public_page(view):
    """Mark what anonymous visitors get as cacheable; PageCacheMiddleware keeps it.

    Entries end at the next scheduled go-live or expiry, so schedules hold to
    the second without a cron job."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and anonymous_get(request)
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
    """Serve anonymous GETs of public pages from this process's memory, ahead of
    the sessions, users, CSRF and the view.

    Sits below the middleware that must run on every response (request ids and
    logs, security headers); the response is kept after the middleware below it
    (CSP, frame options) has added its headers, so a hit sends the same bytes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not anonymous_get(request):
            return self.get_response(request)
        host = canonical_host(request)
        if not host:
            return self.get_response(request)
        # The page is rendered for the canonical host too (its canonical and
        # hreflang links), so every spelling of the address gets the same bytes.
        request.META["HTTP_HOST"] = host
        key = (request.scheme, host, request.path)
        entries = _entries()
        kept = entries.get(key)
        if kept is not None and timezone.now() < kept[0]:
            return _copy(kept[1])
        response = self.get_response(request)
        fresh_until = getattr(request, "page_cache_until", None)
        if fresh_until is not None and not response.cookies:
            _put(entries, key, (fresh_until, _copy(response)))
        return response
