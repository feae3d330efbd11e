import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.core.exceptions import BadRequest
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.encoding import escape_uri_path

request_log = logging.getLogger("iecmh.requests")
current_request_id = ContextVar("current_request_id", default="-")
# A proxy's id is kept when it looks like one; anything else could forge log lines.
REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
NUL_MESSAGE = (
    "Your request contained a null character (\\0), which we cannot accept. "
    "Please remove it and try again."
)
# gunicorn refuses longer request lines; the test client and runserver do not.
MAX_QUERY_STRING = 4094
LONG_QUERY_MESSAGE = (
    "The address is too long. Please shorten your search and try again."
)
CHARSET_MESSAGE = (
    "Your browser sent the form in a text encoding we cannot read. "
    "Please go back, reload the page and send it again."
)


class RequestLogMiddleware:
    """One log line per request; never the query string, the body or form values."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")  # headers parses them all
        request.id = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        token = current_request_id.set(request.id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.id
            request_log.info(
                "method=%s path=%s status=%d duration_ms=%.1f",
                request.method if request.method.isalpha() else "?",
                escape_uri_path(request.path),
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
            return response
        finally:
            current_request_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class RejectBadInputMiddleware:
    """Clear 400s for input no database can take: NUL characters (PostgreSQL
    refuses them in text), huge query strings (SQLite refuses huge LIKE
    patterns) and form bodies in a charset other than UTF-8 (Django refuses
    them, and every later reader of request.POST would raise again)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
            return bad_request(LONG_QUERY_MESSAGE)
        if request.method == "POST":
            try:
                request.POST  # noqa: B018 (parsed once, here)
            except BadRequest:
                request._mark_post_parse_error()  # nothing later parses it again
                return bad_request(CHARSET_MESSAGE)
        if (
            "\x00" in request.path
            or _has_nul_values(request.GET)
            or any("\x00" in k + v for k, v in request.COOKIES.items())
            or (request.method == "POST" and _has_nul_values(request.POST))
        ):
            return bad_request(NUL_MESSAGE)
        return self.get_response(request)


def bad_request(message):
    return HttpResponse(render_to_string("400.html", {"message": message}), status=400)


def _has_nul_values(query_dict):
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in query_dict.lists()
    )


def database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


class DatabaseUnavailableMiddleware:
    """A friendly 503 (from a template that needs no database) when it is down."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if database_answers():
            return None  # A faulty query, not an outage: a real 500.
        return service_unavailable(exception)


def service_unavailable(exception):
    logging.getLogger("iecmh.database").error(
        "Database unavailable (%s)", type(exception).__name__
    )
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "60"
    add_never_cache_headers(response)
    return response
