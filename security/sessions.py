import time

from django.conf import settings
from django.contrib.auth import logout

LAST_SEEN_KEY = "staff_last_seen"


class StaffIdleTimeoutMiddleware:
    """Sign staff out after STAFF_SESSION_IDLE_MINUTES without a request.

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
            now = time.time()
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            if now - last_seen > idle:
                logout(request)
            else:
                request.session[LAST_SEEN_KEY] = now
                request.session.set_expiry(idle)
        return self.get_response(request)
