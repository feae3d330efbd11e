import copy

from django.conf import settings
from django.db import models
from django.utils.translation import gettext, gettext_noop

from .. import cache as page_cache
from .localized import Localized
from .single_row import SingleRow

# Marked for the catalog: while the practice keeps a default, Spanish pages show
# its translation (see SiteSettings.localized).
DEFAULT_CRISIS_MESSAGE = gettext_noop(
    "If you or your child are in danger, call 911; "
    "for a mental health crisis call or text 988."
)
DEFAULT_TAGLINE = gettext_noop("Infant and Early Childhood Mental Health")
DEFAULT_RESPONSE_TIME_PROMISE = gettext_noop("We reply within 2 business days.")


def default_phone():
    return settings.PRACTICE_PHONE


def default_email():
    return settings.PRACTICE_EMAIL


def default_address():
    return settings.PRACTICE_ADDRESS


def default_hours():
    return settings.PRACTICE_HOURS


# Kept for migration 0003; the recipients now live in contact.InquirySettings.
def default_inquiry_recipients():
    return "\n".join(settings.INQUIRY_NOTIFY_TO)


class SiteSettings(Localized, SingleRow):
    """The practice's details, edited in the admin; one row (pk=1)."""

    CACHE_KEY = "pages:site-settings"
    # Each has a Spanish twin, `<name>_es`.
    TRANSLATED_FIELDS = ["tagline", "crisis_message", "response_time_promise"]

    practice_name = models.CharField(max_length=120, default="IECMH Therapy")
    tagline = models.CharField(
        max_length=200,
        blank=True,
        default=DEFAULT_TAGLINE,
        help_text="A short line shown under the practice's name.",
    )
    tagline_es = models.CharField(
        "tagline in Spanish",
        max_length=200,
        blank=True,
        help_text="Empty: Spanish pages show the English tagline "
        "(or its standard translation while it is the default).",
    )
    phone = models.CharField(
        max_length=40,
        blank=True,
        default=default_phone,
        help_text="Shown on every page as a tap-to-call link. With the area code; "
        "an extension after 'ext'.",
    )
    email = models.EmailField(blank=True, default=default_email)
    address = models.TextField(
        blank=True,
        default=default_address,
        help_text="One part a line; the town or city on the last line.",
    )
    hours = models.TextField(
        blank=True, default=default_hours, help_text="Office hours, one line each."
    )
    crisis_message = models.TextField(
        default=DEFAULT_CRISIS_MESSAGE,
        help_text="Shown in every page's footer and on the contact form.",
    )
    crisis_message_es = models.TextField(
        "crisis message in Spanish",
        blank=True,
        help_text="Empty: Spanish pages show the English message "
        "(or its standard translation while it is the default).",
    )
    response_time_promise = models.CharField(
        max_length=200,
        default=DEFAULT_RESPONSE_TIME_PROMISE,
        help_text="Shown to families after they send the contact form.",
    )
    response_time_promise_es = models.CharField(
        "reply promise in Spanish",
        max_length=200,
        blank=True,
        help_text="Empty: Spanish pages show the English promise "
        "(or its standard translation while it is the default).",
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Every page shows the practice's details.
        page_cache.invalidate()

    def in_spanish(self, name):
        # An unchanged default is the code's own text, translated with the site.
        english = getattr(self, name)
        if getattr(self, f"{name}_es"):
            return getattr(self, f"{name}_es")
        if english == self._meta.get_field(name).default:
            return gettext(english)
        return english

    @classmethod
    def load(cls):
        # A copy: callers may change it without touching what others read.
        return copy.copy(page_cache.remember(cls.CACHE_KEY, super().load))
