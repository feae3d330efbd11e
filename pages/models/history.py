from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format

from .fields import optional_link


class Revision(models.Model):
    """A version of a page's content, or an event that changed what the site does
    with it (EVENTS: address, "Take offline at", a scheduled version going live)."""

    class Action(models.TextChoices):
        SAVED = "saved", "Saved draft"
        PUBLISHED = "published", "Published"
        SCHEDULED = "scheduled", "Scheduled to publish"
        CANCELLED = "cancelled", "Schedule cancelled"
        UNPUBLISHED = "unpublished", "Unpublished"
        REVERTED = "reverted", "Reverted to an earlier version"
        ADDRESS = "address", "Address changed"
        EXPIRY = "expiry", "“Take offline at” changed"
        WENT_LIVE = "went_live", "Went live (scheduled)"

    EVENTS = {Action.ADDRESS, Action.EXPIRY, Action.WENT_LIVE}

    page = models.ForeignKey(
        "pages.Page", on_delete=models.CASCADE, related_name="revisions"
    )
    action = models.CharField(max_length=20, choices=Action)
    content = models.JSONField(encoder=DjangoJSONEncoder)
    # An event's particulars: the old and new address, the offline time.
    detail = models.JSONField(encoder=DjangoJSONEncoder, default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = optional_link(settings.AUTH_USER_MODEL, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"

    def __str__(self):
        return f"{self.summary()} {self.created_at:%Y-%m-%d %H:%M}"

    @classmethod
    def went_live(cls, scheduled, at):
        """The event of `scheduled` going live at `at`, unsaved; by who scheduled it."""
        return cls(
            page_id=scheduled.page_id,
            action=cls.Action.WENT_LIVE,
            content=scheduled.content,
            created_at=at,
            created_by=scheduled.created_by,
        )

    @property
    def is_version(self):
        """A version of the content, to compare or use (not an event)."""
        return self.action not in self.EVENTS

    def summary(self):
        """What happened, in History's words."""
        if self.action == self.Action.ADDRESS:
            return (
                f"Address changed from {_address(self.detail.get('from'))} "
                f"to {_address(self.detail.get('to'))}"
            )
        if self.action == self.Action.EXPIRY:
            at = self.detail.get("at")
            if isinstance(at, str):  # as stored
                at = parse_datetime(at)
            if at is None:
                return "Offline time removed: the page stays on the site"
            moment = date_format(timezone.localtime(at), "DATETIME_FORMAT")
            return f"Set to go offline at {moment}"
        return self.get_action_display()

    @staticmethod
    def normalize(content):
        from .page import Page  # page.py imports this module

        return {
            name: "" if content.get(name) is None else str(content.get(name))
            for name in Page.CONTENT_FIELDS
        }


def _address(slug):
    from .page import HOME_SLUG  # page.py imports this module

    return "/" if slug == HOME_SLUG else f"/{slug}/"


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
