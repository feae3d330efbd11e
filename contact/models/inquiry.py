from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy

from pages.models import Localized

from .. import business_days
from ..phones import PhoneNumberField
from .queries import InquiryQuerySet

# No 0/O, 1/I/L, 5/S, 2/Z: easy to read aloud over the phone.
REFERENCE_ALPHABET = "346789ABCDEFGHJKMNPQRTUVWXY"
REFERENCE_LENGTH = 8


def new_reference():
    return get_random_string(REFERENCE_LENGTH, REFERENCE_ALPHABET)


CLINICIANS_GROUP = "Clinicians"


class Inquiry(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        SCREENING = "screening", "Screening call scheduled"
        WAITLIST = "waitlist", "Waitlist"
        ACCEPTED = "accepted", "Accepted"
        REFERRED = "referred", "Referred out"
        CLOSED = "closed", "Closed (no response)"
        SPAM = "spam", "Suspected spam"

    class SpamReason(models.TextChoices):
        NONE = "", "Not suspected"
        HONEYPOT = "honeypot", "Filled the hidden field"
        TOO_FAST = "too_fast", "Sent too fast"
        BAD_TOKEN = "bad_token", "Missing or tampered form token"
        RATE_LIMIT = "rate_limit", "Too many from one address"

    class Writer(models.TextChoices):
        PARENT = "parent", gettext_lazy("Parent or caregiver")
        FOSTER = "foster", gettext_lazy("Foster or kinship caregiver")
        GUARDIAN = "guardian", gettext_lazy("Guardian")
        PROFESSIONAL = "professional", gettext_lazy("A professional referring a family")

    class Referrer(models.TextChoices):
        PEDIATRICIAN = "pediatrician", gettext_lazy("Pediatrician or health care")
        CHILD_CARE = "child_care", gettext_lazy("Child care or early education")
        CASEWORKER = "caseworker", gettext_lazy("Caseworker")
        OTHER = "other", gettext_lazy("Other")

    class ContactMethod(models.TextChoices):
        PHONE = "phone", gettext_lazy("Phone call")
        TEXT = "text", gettext_lazy("Text message")
        EMAIL = "email", gettext_lazy("Email")

    class ChildAge(models.TextChoices):
        EXPECTING = "expecting", gettext_lazy("Expecting a baby")
        UNDER_1 = "0-12m", gettext_lazy("Under 1 year")
        ONE_TO_2 = "1-2y", gettext_lazy("1–2 years")
        THREE_TO_5 = "3-5y", gettext_lazy("3–5 years")
        SIX_PLUS = "6+", gettext_lazy("6 years or older")
        # The earlier form's band, overlapping "3-5y": kept for the rows that have it.
        LEGACY_1_TO_3 = "1-3y", gettext_lazy("1–3 years (earlier form)")

    class Concern(models.TextChoices):
        SLEEP = "sleep", gettext_lazy("Sleep")
        FEEDING = "feeding", gettext_lazy("Feeding")
        FEELINGS = "feelings", gettext_lazy("Big feelings or tantrums")
        ATTACHMENT = "attachment", gettext_lazy("Attachment or bonding")
        HARD_EVENT = "hard_event", gettext_lazy("After a hard event")
        PARENT_SUPPORT = "parent_support", gettext_lazy("Parent or perinatal support")
        DEVELOPMENT = "development", gettext_lazy("Development")
        OTHER = "other", gettext_lazy("Something else")

    OUT_OF_SCOPE_AGES = {ChildAge.SIX_PLUS}
    LEGACY_AGES = {ChildAge.LEGACY_1_TO_3}
    OPEN_STATUSES = [Status.NEW, Status.CONTACTED, Status.SCREENING, Status.WAITLIST]
    # Ended without the family becoming a client: removed after the retention period.
    ENDED_STATUSES = [Status.REFERRED, Status.CLOSED]

    # 27⁸ references: a clash is too rare to retry; the unique index catches it.
    reference = models.CharField(
        max_length=REFERENCE_LENGTH, unique=True, editable=False, default=new_reference
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    status = models.CharField(max_length=20, choices=Status, default=Status.NEW)
    spam_reason = models.CharField(
        max_length=20, choices=SpamReason, blank=True, editable=False
    )
    # The family's post is one INSERT: this row says its emails are owed, and
    # contact.tasks.queue_new_emails makes and queues them (see InquiryForm.store).
    emails_due = models.BooleanField(
        "emails being queued",
        default=False,
        # Also in the table: a process still running the code from before this
        # field (during a deploy) can still store a family's inquiry.
        db_default=False,
        editable=False,
        help_text="Stored, and its emails not yet queued: the worker does so "
        "within seconds.",
    )
    held = models.BooleanField(
        "held: many from one address",
        default=False,
        editable=False,
        help_text="Sent from an address that had already sent several inquiries "
        "within the hour (CONTACT_RATE_LIMIT): the practice was told, the family "
        "got no automatic confirmation email. Please check it is genuine.",
    )
    # The form token's nonce: the same form posted twice stores one inquiry.
    # Empty (NULL) for inquiries made in the admin or before tokens had one.
    form_nonce = models.CharField(
        max_length=32, null=True, blank=True, unique=True, editable=False
    )

    writer = models.CharField("who is writing", max_length=20, choices=Writer)
    referrer_kind = models.CharField(
        "kind of professional", max_length=20, choices=Referrer, blank=True
    )
    organisation = models.CharField(max_length=200, blank=True)
    family_agreed = models.BooleanField(
        "family agreed to be contacted",
        null=True,
        blank=True,
        help_text="Only asked of professionals referring a family.",
    )

    # The person writing: the parent or caregiver, or the referring professional.
    name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = PhoneNumberField(max_length=60, blank=True)
    # A referral's family; empty when the family writes (and on referrals made
    # before these fields, whose family details are in the message).
    family_name = models.CharField("family's name", max_length=100, blank=True)
    family_phone = PhoneNumberField("family's phone", max_length=60, blank=True)
    family_email = models.EmailField("family's email", blank=True)
    preferred_contact = models.CharField(max_length=10, choices=ContactMethod)
    voicemail_ok = models.BooleanField("OK to leave a voicemail", default=False)
    practice_name_ok = models.BooleanField(
        "OK to say the practice's name", default=False
    )
    best_times = models.CharField(
        "best times to reach them", max_length=200, blank=True
    )

    child_age = models.CharField("child's age", max_length=10, choices=ChildAge)
    concerns = models.JSONField("what brings them", default=list, blank=True)
    language = models.CharField("preferred language", max_length=60, blank=True)
    interpreter_needed = models.BooleanField(default=False)
    form_language = models.CharField(
        "language of the form",
        max_length=2,
        choices=[("en", "English"), ("es", "Spanish")],
        default="en",
        editable=False,
        help_text="The site language the family used; their confirmation email "
        "is in it.",
    )
    message = models.TextField(max_length=1000, blank=True)
    heard_about = models.CharField("how they heard of us", max_length=200, blank=True)
    consented = models.BooleanField(default=False, editable=False)

    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_inquiries",
        limit_choices_to={"groups__name": CLINICIANS_GROUP, "is_active": True},
        help_text="The clinician who answers this family.",
    )
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    legal_hold = models.BooleanField(
        default=False,
        help_text="Kept past the retention period until this is cleared.",
    )
    next_step_on = models.DateField(
        "next step on",
        null=True,
        blank=True,
        help_text="When someone should next act on this inquiry (a call back, a "
        "check-in). Clear it when done.",
    )
    next_step_note = models.CharField(
        "next step",
        max_length=200,
        blank=True,
        help_text='A few words, e.g. "Call back after 3 pm". '
        "Seen by the practice only.",
    )

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "inquiries"
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(
                fields=["created_at"],
                condition=models.Q(emails_due=True),
                name="contact_inquiry_emails_due",
            ),
        ]
        permissions = [
            ("export_inquiry", "Can export inquiries to CSV"),
            ("hold_inquiry", "Can put inquiries on legal hold"),
        ]

    def __str__(self):
        # The admin's change log stores this: never family data.
        return self.reference

    def set_status(self, status, by=None):
        """Change the status as `by` (a user, or None for the system): record
        it in the history and queue what follows. Return whether it changed."""
        from ..tasks import create_for  # contact.tasks imports the models
        from .workflow import StatusChange

        with transaction.atomic():
            previous = (
                type(self)
                .objects.select_for_update()
                .values_list("status", flat=True)
                .get(pk=self.pk)
            )
            self.status = status
            if previous == status:
                return False
            self.status_changed_at = timezone.now()
            self.save(update_fields=["status", "status_changed_at"])
            StatusChange.objects.create(
                inquiry=self,
                from_status=previous,
                to_status=status,
                changed_by=by,
                changed_at=self.status_changed_at,
            )
            if previous == self.Status.SPAM:
                # Spam is never emailed: leaving it sends what was held back.
                create_for(self)
        return True

    def get_admin_url(self):
        return reverse("admin:contact_inquiry_change", args=[self.pk])

    @property
    def is_out_of_scope(self):
        return self.child_age in self.OUT_OF_SCOPE_AGES

    @property
    def is_referral(self):
        return self.writer == self.Writer.PROFESSIONAL

    @property
    def gave_family_contact(self):
        return self.is_referral and bool(
            self.family_name or self.family_phone or self.family_email
        )

    @property
    def family_contact_name(self):
        return self.family_name if self.gave_family_contact else self.name

    @property
    def family_contact_phone(self):
        return self.family_phone if self.gave_family_contact else self.phone

    @property
    def family_contact_email(self):
        return self.family_email if self.gave_family_contact else self.email

    def waiting_business_days(self, now=None):
        return business_days.between(self.created_at, now or timezone.now())

    def concern_labels(self):
        labels = dict(self.Concern.choices)
        return [str(labels.get(value, value)) for value in self.concerns]


class NotificationQuerySet(models.QuerySet):
    def undelivered(self):
        return self.filter(sent_at__isnull=True).exclude(
            inquiry__status=Inquiry.Status.SPAM
        )


class Notification(models.Model):
    """One email about an inquiry; its delivery state is the source of truth."""

    class Kind(models.TextChoices):
        PRACTICE = "practice", "To the practice"
        FAMILY = "family", "Confirmation to the family"
        REPLY = "reply", "Reply to the family"

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    reply = models.OneToOneField(
        "Reply",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notification",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(
        default=timezone.now,
        help_text="Not tried again before this time: a retry's backoff, "
        "or the lease of a send in progress.",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["inquiry", "kind"],
                condition=~models.Q(kind="reply"),
                name="contact_one_notification_per_kind",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="contact_notification_due",
            )
        ]

    def __str__(self):
        # Each row's title on the inquiry's page: the inquiry is the page's own.
        return self.get_kind_display()


class Resource(Localized, models.Model):
    """Help the practice suggests to families it cannot serve."""

    TRANSLATED_FIELDS = ["title", "description"]

    title = models.CharField(max_length=200)
    title_es = models.CharField(
        "title in Spanish",
        max_length=200,
        blank=True,
        help_text="Empty: Spanish-speaking families see the English title.",
    )
    description = models.TextField(blank=True)
    description_es = models.TextField(
        "description in Spanish",
        blank=True,
        help_text="Empty: Spanish-speaking families see the English description.",
    )
    url = models.URLField("web address", blank=True)
    phone = models.CharField(max_length=40, blank=True)
    is_active = models.BooleanField(
        default=True, help_text="Shown on the thank-you page of out-of-scope inquiries."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "title"]

    def __str__(self):
        return self.title
