import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# As json_script does: the data can never close the <script> element.
SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


@register.simple_tag(takes_context=True)
def practice_json_ld(context):
    """schema.org data for the practice, from the site settings.

    A JSON data block is not script the browser runs, so the CSP allows it."""
    request, settings = context.get("request"), context.get("site_settings")
    if request is None or settings is None:
        return ""  # error pages rendered without a request
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalBusiness",
        "name": settings.practice_name,
        "url": request.build_absolute_uri("/"),
    }
    optional = {
        "description": settings.tagline,
        "telephone": settings.phone,
        "email": settings.email,
        "address": " ".join(settings.address.split()),
    }
    data.update({key: value for key, value in optional.items() if value})
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text)
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)
