from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from .fields import optional_link


class Revision(models.Model):
    class Action(models.TextChoices):
        SAVED = "saved", "Saved draft"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled to publish"
        CANCELLED = "cancelled", "Schedule cancelled"
        UNPUBLISHED = "unpublished", "Unpublished"
        REVERTED = "reverted", "Reverted to an earlier version"

    page = models.ForeignKey(
        "pages.Page", on_delete=models.CASCADE, related_name="revisions"
    )
    action = models.CharField(max_length=20, choices=Action)
    content = models.JSONField(encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = optional_link(settings.AUTH_USER_MODEL, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def normalize(content):
        from .page import Page  # page.py imports this module

        return {
            name: "" if content.get(name) is None else str(content.get(name))
            for name in Page.CONTENT_FIELDS
        }


class Redirect(models.Model):
    """An old address of a page; it follows the page through later renames."""

    old_slug = models.SlugField(
        max_length=100, unique=True, help_text="The old address: /<old slug>/."
    )
    page = models.ForeignKey(
        "pages.Page", on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["old_slug"]

    def __str__(self):
        return f"/{self.old_slug}/ → {self.page.get_absolute_url()}"

    def clean(self):
        from .page import Page  # page.py imports this module

        if Page.objects.filter(slug=self.old_slug).exists():
            raise ValidationError({"old_slug": "A page already has this address."})
