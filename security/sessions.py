import time

from django.conf import settings
from django.contrib.auth import logout

LAST_SEEN_KEY = "staff_last_seen"
SIGNED_IN_KEY = "staff_signed_in"


def start_staff_session(sender, request, user, **kwargs):
    """The idle and absolute limits count from sign-in, not the first page after."""
    if request is None or not hasattr(request, "session") or not user.is_staff:
        return
    now = time.time()
    request.session[SIGNED_IN_KEY] = now
    request.session[LAST_SEEN_KEY] = now
    request.session.set_expiry(settings.STAFF_SESSION_IDLE_MINUTES * 60)


class StaffIdleTimeoutMiddleware:
    """Sign staff out after STAFF_SESSION_IDLE_MINUTES without a request, and
    STAFF_SESSION_MAX_HOURS after signing in, however active.

    Only staff sessions are touched, so public pages stay cacheable and
    cookie-free."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Without a session cookie there is no staff session to look up.
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = request.user
        if user.is_authenticated and user.is_staff:
            idle = settings.STAFF_SESSION_IDLE_MINUTES * 60
            longest = settings.STAFF_SESSION_MAX_HOURS * 3600
            now = time.time()
            # A session without the marks began before they existed: sign it out.
            last_seen = request.session.get(LAST_SEEN_KEY, 0)
            signed_in = request.session.get(SIGNED_IN_KEY, 0)
            if now - last_seen > idle or now - signed_in > longest:
                logout(request)
            else:
                request.session[LAST_SEEN_KEY] = now
                request.session.set_expiry(int(min(idle, signed_in + longest - now)))
        return self.get_response(request)
