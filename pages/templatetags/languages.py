from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """This page's address in each language, for the switcher and hreflang."""
    request = context.get("request")
    if request is None:
        return []  # error pages rendered without a request
    current = translation.get_language()
    # "//host/" or "/\\host/" would be read by browsers as another site's address.
    path = "/" + request.path.lstrip("/\\")
    links = []
    for code, _ in settings.LANGUAGES:
        url = translate_url(path, code)
        if code != current and url == path:
            # Nothing matches this address in the other language (a 404).
            with translation.override(code):
                url = reverse("pages:home")
        links.append(
            {
                "code": code,
                "name": translation.get_language_info(code)["name_local"],
                "url": url,
                "absolute_url": request.build_absolute_uri(url),
                "current": code == current,
            }
        )
    return links
