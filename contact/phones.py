"""How a phone number is shown to staff: the one place that knows its type."""

from django.utils.html import format_html


def tel_href(value):
    return "tel:" + "".join(str(value).split()) if value else ""


def phone_link(value):
    if not value:
        return ""
    return format_html('<a class="tel-link" href="{}">{}</a>', tel_href(value), value)
