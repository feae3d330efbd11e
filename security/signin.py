"""Who django-axes locks out, and which browsers a staff member has used.

A failure counts against the username at the address, and against the address
alone: guessing from elsewhere cannot lock the real user out where they work.
Guessing one account from many addresses is stopped by a third count, the
username alone, which binds only clients that are not trusted for that
username: a browser the person signed in with before (a signed cookie), or an
address they signed in from before (django-axes' access log)."""

from datetime import timedelta

from axes.helpers import get_client_username
from axes.models import AccessLog
from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .client import client_ip

DEVICE_COOKIE = "staff_device"
DEVICE_SALT = "security.signin.device"
# How many staff may share one browser (a practice's front-desk computer).
DEVICE_USERNAMES = 5


def lockout_parameters(request, credentials=None):
    parameters = [["username", "ip_address"], "ip_address"]
    if not hasattr(request, "META"):  # django-axes may pass a stored attempt
        return parameters
    username = get_client_username(request, credentials)
    if username and not is_trusted(request, username):
        parameters.append("username")
    return parameters


def is_trusted(request, username):
    return _tag(username) in device_tags(request) or known_address(request, username)


def known_address(request, username):
    since = timezone.now() - timedelta(days=settings.STAFF_TRUSTED_DAYS)
    return AccessLog.objects.filter(
        username=username, ip_address=client_ip(request), attempt_time__gte=since
    ).exists()


def device_tags(request):
    value = getattr(request, "COOKIES", {}).get(DEVICE_COOKIE, "")
    try:
        tags = signing.loads(
            value, salt=DEVICE_SALT, max_age=timedelta(days=settings.STAFF_TRUSTED_DAYS)
        )
    except signing.BadSignature:
        return []
    return tags if isinstance(tags, list) else []


def remember_device(request, response, username):
    """Mark this browser as one `username` signs in with (after a sign-in)."""
    tags = [_tag(username)] + [t for t in device_tags(request) if t != _tag(username)]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(tags[:DEVICE_USERNAMES], salt=DEVICE_SALT),
        max_age=int(timedelta(days=settings.STAFF_TRUSTED_DAYS).total_seconds()),
        path="/admin/",  # never sent with public pages: they stay cookie-free
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _tag(username):
    return salted_hmac(DEVICE_SALT, username, algorithm="sha256").hexdigest()[:24]
