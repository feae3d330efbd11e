from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.urls import reverse

DEFAULT_CRISIS_MESSAGE = (
    "If you or your child are in danger, call 911; "
    "for a mental health crisis call or text 988."
)


def default_inquiry_recipients():
    return "\n".join(settings.INQUIRY_NOTIFY_TO)


class SiteSettings(models.Model):
    """The practice's details, edited in the admin; one row (pk=1)."""

    CACHE_KEY = "pages:site-settings"

    practice_name = models.CharField(max_length=120, default="IECMH Therapy")
    tagline = models.CharField(
        max_length=200,
        blank=True,
        default="Infant and Early Childhood Mental Health",
        help_text="A short line shown under the practice's name.",
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    hours = models.TextField(blank=True, help_text="Office hours, one line each.")
    crisis_message = models.TextField(
        default=DEFAULT_CRISIS_MESSAGE,
        help_text="Shown in every page's footer and on the contact form.",
    )
    inquiry_recipients = models.TextField(
        blank=True,
        default=default_inquiry_recipients,
        help_text=(
            "Email addresses that are told about each new inquiry, one per line. "
            "The email never contains what the family wrote, only a link."
        ),
    )
    response_time_promise = models.CharField(
        max_length=200,
        default="We reply within 2 business days.",
        help_text="Shown to families after they send the contact form.",
    )
    response_target_business_days = models.PositiveSmallIntegerField(
        default=2,
        help_text="Inquiries waiting longer than this are marked overdue.",
    )

    class Meta:
        verbose_name = "site settings"
        verbose_name_plural = "site settings"

    def __str__(self):
        return "Site settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @property
    def inquiry_recipient_list(self):
        return self.inquiry_recipients.split()

    @classmethod
    def load(cls):
        settings = cache.get(cls.CACHE_KEY)
        if settings is None:
            settings, _ = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, settings)
        return settings


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Page(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The page's address: /<slug>/. The home page's slug is 'home'.",
    )
    body = models.TextField(blank=True)
    is_published = models.BooleanField(default=False)
    show_in_navigation = models.BooleanField(default=False)
    navigation_order = models.PositiveSmallIntegerField(default=0)
    navigation_label = models.CharField(max_length=60, blank=True)

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["navigation_order", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.slug == "home":
            return reverse("pages:home")
        return reverse("pages:detail", kwargs={"slug": self.slug})
