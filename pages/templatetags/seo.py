import functools
import json
import re

import phonenumbers
from django import template
from django.conf import settings as django_settings
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

# As json_script does: the data can never close the <script> element.
SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})


# The US emergency (911) and crisis (988) lines: short numbers no parser finds.
SHORT_CRISIS_NUMBER = re.compile(r"(?<![\d-])(?:911|988)(?![\d-])")


def parse_phone(text):
    try:
        number = phonenumbers.parse(
            str(text), django_settings.PHONENUMBER_DEFAULT_REGION
        )
    except phonenumbers.NumberParseException:
        return None
    # A number of a right length; a local-only one (no area code) has no tel: form.
    possible = phonenumbers.is_possible_number_with_reason(number)
    if (
        phonenumbers.is_valid_number(number)
        or possible == phonenumbers.ValidationResult.IS_POSSIBLE
    ):
        return number
    return None


@register.filter
def tel_href(text):
    """A tap-to-call link for a number as stored or as the practice typed it."""
    number = parse_phone(text)
    if number is not None:
        return phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.RFC3966
        )
    return "tel:" + "".join(c for c in str(text) if c.isdigit() or c == "+")


def postal_address(text):
    """schema.org PostalAddress from the practice's address, one part a line.

    The last line is the locality when the address has more than one line;
    free text cannot be split further without guessing."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    address = {"@type": "PostalAddress", "streetAddress": ", ".join(lines)}
    if len(lines) > 1:
        address["streetAddress"] = ", ".join(lines[:-1])
        address["addressLocality"] = lines[-1]
    return address


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
    number = parse_phone(settings.phone) if settings.phone else None
    optional = {
        "description": settings.tagline,
        "telephone": (
            phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
            )
            if number
            else settings.phone.strip()
        ),
        "email": settings.email,
        "address": postal_address(settings.address) if settings.address.strip() else "",
    }
    data.update({key: value for key, value in optional.items() if value})
    text = json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(text)
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.filter
def crisis_links(text):
    """The crisis message, escaped, with 911, 988 and any phone number in it as
    tap-to-call links: the one moment a parent must not have to copy a number."""
    return linked_crisis_message(str(text))


# A site has two or three messages (each language's), shown on every page: the
# number search (about 0.1 ms) is done once for each.
@functools.lru_cache(maxsize=16)
def linked_crisis_message(text):
    found = [
        (
            m.start,
            m.end,
            phonenumbers.format_number(
                m.number, phonenumbers.PhoneNumberFormat.RFC3966
            ),
        )
        for m in phonenumbers.PhoneNumberMatcher(
            text, django_settings.PHONENUMBER_DEFAULT_REGION
        )
    ]
    found += [
        (m.start(), m.end(), f"tel:{m[0]}")
        for m in SHORT_CRISIS_NUMBER.finditer(text)
        if not any(start <= m.start() < end for start, end, _ in found)
    ]
    parts, done = [], 0
    for start, end, href in sorted(found):
        parts.append(escape(text[done:start]))
        parts.append(format_html('<a href="{}">{}</a>', href, text[start:end]))
        done = end
    parts.append(escape(text[done:]))
    return mark_safe("".join(parts))
