from django.conf import settings


def client_ip(request):
    """The client's address, for sign-in lockouts and the contact form's rate limit.

    Behind PROXY_COUNT proxies that append to X-Forwarded-For, the client is that
    many entries from the right; entries further left were written by the client
    and could be forged to dodge the lockout."""
    forwarded = [
        part.strip()
        for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if part.strip()
    ]
    if settings.PROXY_COUNT and len(forwarded) >= settings.PROXY_COUNT:
        return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")
