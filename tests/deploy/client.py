"""An HTTPS client for the smoke test, like a browser without JavaScript."""

import functools
import http.client
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from http.cookiejar import CookieJar


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        self.text = body.decode(errors="replace")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _HTTPSFrom(urllib.request.HTTPSHandler):
    """Connects from a given loopback address (127.0.0.2, …), like another client."""

    def __init__(self, context, source):
        super().__init__(context=context)
        self.source = source

    def https_open(self, req):
        connection = http.client.HTTPSConnection
        if self.source:
            connection = functools.partial(connection, source_address=(self.source, 0))
        return self.do_open(connection, req, context=self._context)


class Client:
    """A browser-like HTTPS client: cookies, no automatic redirects."""

    def __init__(self, stack, source=None):
        self.stack = stack
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            _HTTPSFrom(stack.tls, source),
            urllib.request.HTTPCookieProcessor(self.cookies),
            _NoRedirect,
        )

    def request(self, path, data=None, headers=None, base=None):
        body = (
            urllib.parse.urlencode(data, doseq=True).encode()
            if data is not None
            else None
        )
        request = urllib.request.Request(
            (base or self.stack.base) + path, data=body, headers=headers or {}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def get(self, path, **kwargs):
        return self.request(path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request(path, data=data, **kwargs)


class FormFields(HTMLParser):
    """The hidden inputs of a page (CSRF token, the form's start token)."""

    def __init__(self, html):
        super().__init__()
        self.hidden = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type") == "hidden" and attrs.get("name"):
            self.hidden[attrs["name"]] = attrs.get("value") or ""
