from django.conf import settings
from django.db import models
from django.utils import timezone

from pages.models import optional_link

from .inquiry import Inquiry


class AccessLogQuerySet(models.QuerySet):
    def record(self, user, action, inquiries):
        return self.bulk_create(
            AccessLog(
                inquiry_id=inquiry.pk,
                reference=inquiry.reference,
                user=user if user and user.is_authenticated else None,
                username=user.get_username() if user else "",
                action=action,
            )
            for inquiry in inquiries
        )


class AccessLog(models.Model):
    """Who viewed, changed or exported an inquiry: append-only.

    Rows outlive a purged inquiry (its link is cleared; the reference, a random
    code, stays) and a deleted user (the username stays)."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CHANGE = "change", "Changed"
        EXPORT = "export", "Exported (without message)"
        EXPORT_MESSAGE = "export_message", "Exported with message"
        PURGE = "purge", "Removed by retention"

    inquiry = models.ForeignKey(
        Inquiry,
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_log",
    )
    reference = models.CharField(max_length=8, db_index=True)
    user = optional_link(settings.AUTH_USER_MODEL)
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=20, choices=Action)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "access log entry"
        verbose_name_plural = "access log"

    def __str__(self):
        return f"{self.reference} {self.action} by {self.username or 'the system'}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Access log entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Access log entries cannot be deleted.")


class InquiryStat(models.Model):
    """Monthly counts of removed inquiries, kept for the practice's reporting."""

    class Dimension(models.TextChoices):
        AGE = "age", "Child's age"
        REASON = "reason", "What brings them"
        SOURCE = "source", "Who wrote"
        OUTCOME = "outcome", "Outcome"

    month = models.DateField(help_text="First day of the month the inquiries came in.")
    dimension = models.CharField(max_length=10, choices=Dimension)
    value = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-month", "dimension", "value"]
        verbose_name = "inquiry count (removed inquiries)"
        verbose_name_plural = "inquiry counts (removed inquiries)"
        constraints = [
            models.UniqueConstraint(
                fields=["month", "dimension", "value"],
                name="contact_one_stat_per_value",
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.dimension}={self.value}: {self.count}"

    def value_label(self):
        labels = {
            self.Dimension.AGE: Inquiry.ChildAge,
            self.Dimension.REASON: Inquiry.Concern,
            self.Dimension.OUTCOME: Inquiry.Status,
        }
        if self.dimension in labels:
            return dict(labels[self.dimension].choices).get(self.value, self.value)
        writer, _, referrer = self.value.partition(":")
        label = dict(Inquiry.Writer.choices).get(writer, writer)
        if referrer:
            label += f" ({dict(Inquiry.Referrer.choices).get(referrer, referrer)})"
        return label
