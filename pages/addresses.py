"""Which addresses a page may take: /<slug>/ has to reach the page."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import get_resolver
from django.urls.resolvers import LocalePrefixPattern, URLResolver
from django.utils.text import slugify

FORMAT = re.compile(r"[a-z0-9-]+\Z")
SEGMENT = re.compile(r"[\w.-]+\Z")


def site_addresses():
    """The first parts of addresses the site answers itself ("contact", "es", …),
    each with how it is shown, read from the URLconf and settings so that a new
    part of the site is never hidden behind a page, nor a page behind it."""
    used = {}
    for code, name in settings.LANGUAGES:
        used[code] = f"/{code}/ is kept for the {name} pages"
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        first = _first_segment((url or "").lstrip("/"))
        if first and "://" not in url:
            used.setdefault(first, f"/{first}/")
    for first, shown in _url_prefixes(get_resolver().url_patterns):
        used.setdefault(first, shown)
    return used


def check(slug):
    """Raise a ValidationError saying what is wrong with `slug` as a new address."""
    used = site_addresses().get(slug)
    if used:
        raise ValidationError(
            f"This address is used by the site itself ({used}). Please choose another.",
            code="reserved",
        )
    if not FORMAT.match(slug):
        example = slugify(slug.replace("_", " "))
        suggestion = f", for example “{example}”" if FORMAT.match(example) else ""
        raise ValidationError(
            "Use only small letters, numbers and hyphens: no spaces, capital "
            f"letters, accents or other signs{suggestion}.",
            code="invalid",
        )


def _url_prefixes(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver) and isinstance(
            entry.pattern, LocalePrefixPattern
        ):
            yield from _url_prefixes(entry.url_patterns)
            continue
        route = str(entry.pattern).removeprefix("^")
        first = _first_segment(route)
        if first and not _shows_a_page(entry):
            yield first, "/" + first + ("/" if route.startswith(first + "/") else "")


def _first_segment(route):
    first = route.partition("/")[0]
    return first if SEGMENT.match(first) else ""


def _shows_a_page(entry):
    # A view that shows a page at its own address (the privacy notice at
    # /privacy/) leaves that address to the page.
    view = getattr(getattr(entry, "callback", None), "view_class", None)
    model = getattr(view, "model", None)
    return model is not None and model._meta.label == "pages.Page"
