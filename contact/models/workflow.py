from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from pages.models import optional_link

from .inquiry import Inquiry


class StatusChange(models.Model):
    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=20, choices=Inquiry.Status)
    to_status = models.CharField(max_length=20, choices=Inquiry.Status)
    changed_by = optional_link(settings.AUTH_USER_MODEL, blank=True)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ContactAttempt(models.Model):
    class Method(models.TextChoices):
        CALL = "call", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"

    class Outcome(models.TextChoices):
        REACHED = "reached", "Spoke with them"
        VOICEMAIL = "voicemail", "Left a voicemail"
        NO_ANSWER = "no_answer", "No answer, no message left"
        SENT = "sent", "Message sent"
        REPLIED = "replied", "They replied"
        WRONG_NUMBER = "wrong_number", "Wrong number or bounced"

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="contact_attempts"
    )
    method = models.CharField(max_length=10, choices=Method)
    outcome = models.CharField(max_length=20, choices=Outcome)
    attempted_at = models.DateTimeField("when", default=timezone.now)
    attempted_by = optional_link(
        settings.AUTH_USER_MODEL, editable=False, verbose_name="by"
    )

    class Meta:
        ordering = ["attempted_at", "pk"]

    def __str__(self):
        return f"{self.get_method_display()}: {self.get_outcome_display()}"


class InternalNote(models.Model):
    """The practice's own notes: shown only in the admin, never emailed."""

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="notes")
    text = models.TextField(max_length=2000)
    written_by = optional_link(
        settings.AUTH_USER_MODEL, editable=False, verbose_name="by"
    )
    written_at = models.DateTimeField("when", default=timezone.now, editable=False)

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self):
        # The admin's change log stores this: never the note itself.
        return f"Note {self.pk}"


class Reply(models.Model):
    """An email a clinician wrote to the family from the inquiry page.

    Its text is kept here, with the inquiry, for the roles that see inquiries;
    it is delivered by a Notification like the other emails, and never logged."""

    inquiry = models.ForeignKey(
        Inquiry, on_delete=models.CASCADE, related_name="replies"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(max_length=5000)
    sent_by = optional_link(settings.AUTH_USER_MODEL, editable=False, verbose_name="by")
    written_at = models.DateTimeField("when", default=timezone.now, editable=False)

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name_plural = "replies"

    def __str__(self):
        # The admin's change log stores this: never the reply itself.
        return f"Reply {self.pk}"

    @classmethod
    def send(cls, inquiry, subject, body, by):
        """Store the reply and its contact attempt, and queue its delivery."""
        from .. import tasks
        from .inquiry import Notification

        with transaction.atomic():
            reply = cls.objects.create(
                inquiry=inquiry, subject=subject, body=body, sent_by=by
            )
            ContactAttempt.objects.create(
                inquiry=inquiry,
                method=ContactAttempt.Method.EMAIL,
                outcome=ContactAttempt.Outcome.SENT,
                attempted_at=reply.written_at,
                attempted_by=by,
            )
            notification = Notification.objects.create(
                inquiry=inquiry, kind=Notification.Kind.REPLY, reply=reply
            )
            tasks.queue([notification])
        return reply

    def delivery(self):
        notification = getattr(self, "notification", None)
        if notification is None:
            return ""
        if notification.sent_at:
            return "Sent"
        if notification.last_error:
            return f"Not sent yet: retrying ({notification.last_error})"
        return "Waiting to be sent"
