from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.views import csrf, defaults

from .middleware import database_answers, service_unavailable


def bad_request(request, exception):
    """Django's 400 page, but for a forged Host header rendered without the
    request: every tag that builds an absolute address would ask for the host
    again and turn the 400 into a 500."""
    if isinstance(exception, DisallowedHost):
        return HttpResponseBadRequest(render_to_string("400.html"))
    return defaults.bad_request(request, exception)


def csrf_failure(request, reason=""):
    """Django's CSRF failure page; it shows the site's menu, so when the
    database is down it would fail outside any view: the 503 page instead."""
    try:
        return csrf.csrf_failure(request, reason)
    except (OperationalError, InterfaceError) as exception:
        if database_answers():
            raise
        return service_unavailable(exception)
