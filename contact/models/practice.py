import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone

from pages.models import SingleRow

PRACTICE_ADMINS_GROUP = "Practice admins"


def is_practice_admin(user):
    """Who may decide who is told about families: practice admins, never by a
    permission an Editor or Clinician could be given by mistake."""
    return bool(
        user.is_active
        and (
            user.is_superuser or user.groups.filter(name=PRACTICE_ADMINS_GROUP).exists()
        )
    )


def default_recipients():
    return "\n".join(settings.INQUIRY_NOTIFY_TO)


def validate_recipients(value):
    bad = []
    for address in value.split():
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    if bad:
        raise ValidationError(
            "Not an email address: %(bad)s. Put one address on each line.",
            params={"bad": ", ".join(bad)},
        )


class InquirySettings(SingleRow):
    """Who the practice tells about new inquiries, and how fast it answers.

    One row (pk=1). Changed only by practice admins (see contact/admin/setup.py)."""

    recipients = models.TextField(
        "inquiry recipients",
        blank=True,
        default=default_recipients,
        validators=[validate_recipients],
        help_text="Email addresses told about each new inquiry and sent the daily "
        "summary, one per line. These emails never contain what the family wrote, "
        "only a link.",
    )
    response_target_business_days = models.PositiveSmallIntegerField(
        "response target (business days)",
        default=2,
        help_text="New inquiries waiting longer than this are marked overdue.",
    )

    class Meta:
        verbose_name = "who is told about inquiries"
        verbose_name_plural = "who is told about inquiries"

    @property
    def recipient_list(self):
        return self.recipients.split()


class WorkerHeartbeat(models.Model):
    """When the background worker last ran a task (one row, written every minute)."""

    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Worker seen at {self.seen_at:%Y-%m-%d %H:%M}"

    @classmethod
    def beat(cls, now=None):
        cls.objects.update_or_create(pk=1, defaults={"seen_at": now or timezone.now()})

    @classmethod
    def last_seen(cls):
        return cls.objects.filter(pk=1).values_list("seen_at", flat=True).first()


PLACEHOLDER = re.compile(r"\{(\w*)\}")


class ReplyTemplate(models.Model):
    """A starting text for a clinician's email to a family."""

    PLACEHOLDERS = {
        "family_name": "the family's name",
        "writer_name": "the name of the person who wrote",
        "reference": "the inquiry's reference",
        "practice_name": "the practice's name",
        "practice_phone": "the practice's phone number",
        "clinician_name": "your name",
    }

    title = models.CharField(
        max_length=100, help_text='What clinicians pick, e.g. "We tried to call you".'
    )
    language = models.CharField(
        max_length=2, choices=[("en", "English"), ("es", "Spanish")], default="en"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(
        max_length=5000,
        help_text="You can use {family_name}, {writer_name}, {reference}, "
        "{practice_name}, {practice_phone} and {clinician_name}; they are filled "
        "in when a clinician starts a reply.",
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["language", "order", "title"]

    def __str__(self):
        return f"{self.title} ({self.get_language_display()})"

    def clean(self):
        errors = {}
        for field in ["subject", "body"]:
            unknown = unknown_placeholders(getattr(self, field))
            if unknown:
                errors[field] = ValidationError(
                    "Unknown placeholder %(unknown)s. You can use: %(known)s.",
                    params={
                        "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                        "known": ", ".join(f"{{{n}}}" for n in self.PLACEHOLDERS),
                    },
                )
        if errors:
            raise ValidationError(errors)

    def fill(self, values):
        def put(text):
            return PLACEHOLDER.sub(
                lambda m: str(values.get(m.group(1), m.group(0))), text
            )

        return put(self.subject), put(self.body)


def unknown_placeholders(text):
    names = PLACEHOLDER.findall(text or "")
    return sorted({n for n in names if n not in ReplyTemplate.PLACEHOLDERS})
