from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.views import defaults


def bad_request(request, exception):
    """Django's 400 page, but for a forged Host header rendered without the
    request: every tag that builds an absolute address would ask for the host
    again and turn the 400 into a 500."""
    if isinstance(exception, DisallowedHost):
        return HttpResponseBadRequest(render_to_string("400.html"))
    return defaults.bad_request(request, exception)
