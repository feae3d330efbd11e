"""The blank contact form without its cost: the page is rendered once per
language, address and site change (pages.cache), with markers where each
visitor's CSRF token and form token go, and those are put in per request.

Whatever the form's fields and layout, the page is the one the view renders
(tests/contact/test_blank_form.py compares them), so it stays in step."""

import secrets

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

from pages import cache as page_cache

from . import spam

# Letters and digits only: HTML escaping leaves them as they are.
CSRF_MARK = "csrfmark" + secrets.token_hex(16)
STARTED_MARK = "startedmark" + secrets.token_hex(16)


def response(view, request):
    """The blank form page for this request, or None when it must be rendered
    (a visitor with a session or messages, a query string...)."""
    if not page_cache.anonymous_get(request):
        return None
    key = (
        "contact:blank-form",
        translation.get_language(),
        request.scheme,
        request.get_host(),
        request.path,
    )
    page = page_cache.remember(
        key,
        lambda: _render(view, request),
        until=lambda: getattr(request, "pages_next_change", None),
    )
    if page is None:
        return None
    content, content_type = page
    csrf = get_token(request)
    started = spam.start_token(request.META["CSRF_COOKIE"])
    html = content.replace(CSRF_MARK, csrf).replace(STARTED_MARK, started)
    return HttpResponse(html, content_type=content_type)


def _render(view, request):
    view.object = None  # as CreateView.get
    form = view.get_form()
    form.initial["started"] = STARTED_MARK
    context = view.get_context_data(form=form)
    context["csrf_token"] = CSRF_MARK
    rendered = view.render_to_response(context).render()
    content = rendered.content.decode(rendered.charset)
    if CSRF_MARK not in content or STARTED_MARK not in content:
        return None  # the form no longer carries both tokens: render each time
    return content, rendered["Content-Type"]
