import copy
import datetime
import hashlib
import html
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from django.utils.text import Truncator

from .. import cache as page_cache
from ..sanitize import clean_html, safe_html
from .history import Redirect, Revision

HOME_SLUG = "home"


class PageQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may see: live content inside its schedule."""
        now = now or timezone.now()
        return (
            self.filter(live_revision__isnull=False)
            .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
            .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
            .select_related("live_revision")
        )

    def review_overdue(self, today=None):
        return self.filter(review_due__lt=today or timezone.localdate())


class Page(models.Model):
    # Each has a Spanish twin, `<name>_es`; a page has a Spanish version when its
    # Spanish title and text are filled in.
    TRANSLATED_FIELDS = [
        "title",
        "body",
        "seo_title",
        "meta_description",
        "navigation_label",
    ]
    # Versioned with each revision; the rest (address, menu place, schedule) is not.
    CONTENT_FIELDS = [
        "title",
        "body",
        "seo_title",
        "meta_description",
        "navigation_label",
        "reviewed_by",
        "reviewed_on",
        *(f"{name}_es" for name in TRANSLATED_FIELDS),
        "spanish_source",
    ]

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text=(
            "The page's address: /<slug>/. The home page's slug is 'home'. "
            "Changing it on a published page keeps the old address working."
        ),
    )
    body = models.TextField(blank=True)
    seo_title = models.CharField(
        "title for search engines",
        max_length=70,
        blank=True,
        help_text="Shown in search results and browser tabs. Empty: the title.",
    )
    meta_description = models.CharField(
        max_length=160,
        blank=True,
        help_text="One or two sentences shown under the title in search results.",
    )
    navigation_label = models.CharField(
        max_length=60, blank=True, help_text="Menu text. Leave empty to use the title."
    )
    title_es = models.CharField("title in Spanish", max_length=200, blank=True)
    body_es = models.TextField(
        "text in Spanish",
        blank=True,
        help_text="With the Spanish title, this makes the Spanish version of the "
        "page. Empty: Spanish visitors see the English page with a short note.",
    )
    seo_title_es = models.CharField(
        "title for search engines in Spanish", max_length=70, blank=True
    )
    meta_description_es = models.CharField(
        "meta description in Spanish", max_length=160, blank=True
    )
    navigation_label_es = models.CharField(
        "menu text in Spanish", max_length=60, blank=True
    )
    # A fingerprint of the English the Spanish was written from.
    spanish_source = models.CharField(max_length=64, blank=True, editable=False)
    show_in_navigation = models.BooleanField(default=False)
    navigation_order = models.PositiveSmallIntegerField(
        default=0, help_text="Lower numbers come first in the menu."
    )
    reviewed_by = models.CharField(
        max_length=200,
        blank=True,
        help_text="Clinician's name and credentials, e.g. 'Jane Doe, LCSW, IMH-E'.",
    )
    reviewed_on = models.DateField(null=True, blank=True)
    review_due = models.DateField(
        null=True, blank=True, help_text="When this page should be reviewed again."
    )
    go_live_at = models.DateTimeField(
        "go live at",
        null=True,
        blank=True,
        help_text="Published content appears from this time. Empty: at once.",
    )
    expire_at = models.DateTimeField(
        "expire at",
        null=True,
        blank=True,
        help_text="Published content disappears at this time. Empty: never.",
    )
    live_revision = models.ForeignKey(
        "Revision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    edit_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        ordering = ["navigation_order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expire_at__isnull=True)
                | Q(go_live_at__isnull=True)
                | Q(expire_at__gt=models.F("go_live_at")),
                name="page_expires_after_going_live",
                violation_error_message="Expiry must come after going live.",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, revision_action=None, **kwargs):
        self.body = clean_html(self.body)
        self.body_es = clean_html(self.body_es)
        self.edit_version += 1
        with transaction.atomic():
            spanish = [f"{name}_es" for name in self.TRANSLATED_FIELDS]
            old = (
                Page.objects.filter(pk=self.pk).values("slug", *spanish).first()
                if self.pk
                else None
            ) or {"slug": None}
            old_slug = old["slug"]
            if any(old.get(name, "") != getattr(self, name) for name in spanish):
                # The Spanish was (re)written against the English as it is now.
                self.mark_spanish_current()
            super().save(*args, **kwargs)
            if old_slug and old_slug != self.slug and self.live_revision_id:
                Redirect.objects.update_or_create(
                    old_slug=old_slug, defaults={"page": self}
                )
            Redirect.objects.filter(old_slug=self.slug).delete()
            self._record(revision_action)
        if self.live_revision_id:
            # Address, menu and schedule apply on save: live pages may change.
            page_cache.invalidate()

    def get_absolute_url(self):
        if self.slug == HOME_SLUG:
            return reverse("pages:home")
        return reverse("pages:detail", kwargs={"slug": self.slug})

    def clean(self):
        redirects = Redirect.objects.filter(old_slug=self.slug)
        if self.pk:
            redirects = redirects.exclude(page=self)
        if redirects.exists():
            raise ValidationError(
                {
                    "slug": "This address redirects to another page; "
                    "delete that redirect first."
                }
            )

    @property
    def body_html(self):
        return safe_html(self.body)

    @property
    def description(self):
        text = html.unescape(strip_tags(self.body.replace("</", " </")))
        return self.meta_description or Truncator(" ".join(text.split())).words(30)

    @property
    def menu_label(self):
        return self.navigation_label or self.title

    def content(self):
        return {name: getattr(self, name) for name in self.CONTENT_FIELDS}

    @property
    def has_spanish(self):
        return bool(self.title_es.strip() and strip_tags(self.body_es).strip())

    def english_fingerprint(self):
        english = [str(getattr(self, name) or "") for name in self.TRANSLATED_FIELDS]
        return hashlib.sha256(json.dumps(english).encode()).hexdigest()

    def mark_spanish_current(self):
        self.spanish_source = self.english_fingerprint() if self.has_spanish else ""

    @property
    def spanish_out_of_date(self):
        """The English changed after the Spanish was written or last checked."""
        return self.has_spanish and self.spanish_source != self.english_fingerprint()

    def localized(self, language=None):
        """A copy in the active language; English, flagged, when it has no version."""
        language = language or translation.get_language()
        page = copy.copy(self)
        page.content_language = "en"
        page.is_fallback = language == "es" and not self.has_spanish
        if language == "es" and self.has_spanish:
            for name in self.TRANSLATED_FIELDS:
                setattr(page, name, getattr(self, f"{name}_es"))
            page.content_language = "es"
        return page

    def apply(self, content):
        for name in self.CONTENT_FIELDS:
            if name in content:
                setattr(self, name, content[name])
        if isinstance(self.reviewed_on, str):
            self.reviewed_on = datetime.date.fromisoformat(self.reviewed_on)

    def live_version(self):
        """This page as the public sees it: its settings with the live content."""
        live = copy.copy(self)
        live.apply(self.live_revision.content)
        return live

    def is_live(self, now=None):
        now = now or timezone.now()
        return bool(
            self.live_revision_id
            and (self.go_live_at is None or self.go_live_at <= now)
            and (self.expire_at is None or self.expire_at > now)
        )

    @property
    def has_unpublished_changes(self):
        return self.live_revision is None or Revision.normalize(
            self.content()
        ) != Revision.normalize(self.live_revision.content)

    def publish(self, user=None):
        with transaction.atomic():
            if user is not None:
                self.updated_by = user
            self.save()
            revision = self.revisions.create(
                action=Revision.Action.PUBLISHED,
                content=self.content(),
                created_by=self.updated_by,
            )
            self.live_revision = revision
            Page.objects.filter(pk=self.pk).update(live_revision=revision)
        page_cache.invalidate()
        return revision

    def unpublish(self, user=None):
        with transaction.atomic():
            self.revisions.create(
                action=Revision.Action.UNPUBLISHED,
                content=self.content(),
                created_by=user,
            )
            self.live_revision = None
            Page.objects.filter(pk=self.pk).update(live_revision=None)
        page_cache.invalidate()

    def revert_to(self, revision, user=None):
        """An old revision's content becomes the draft; the live page is untouched."""
        self.apply(revision.content)
        self.updated_by = user
        self.save(revision_action=Revision.Action.REVERTED)

    def _record(self, action):
        latest = self.revisions.first()
        unchanged = latest and Revision.normalize(latest.content) == Revision.normalize(
            self.content()
        )
        if action or not unchanged:
            self.revisions.create(
                action=action or Revision.Action.SAVED,
                content=self.content(),
                created_by=self.updated_by,
            )
