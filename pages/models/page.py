import datetime
import hashlib
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
from .. import render
from ..sanitize import clean_html
from .fields import optional_link
from .history import Redirect, Revision
from .kept import HOME_SLUG, KEPT, address_is_fixed, stays_on_the_site
from .localized import Localized
from .publishing import Publishing


class PageQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may see now: see Page.current_revision()."""
        now = now or timezone.now()
        return (
            self.filter(
                Q(live_revision__isnull=False)
                | Q(scheduled_revision__isnull=False, go_live_at__lte=now)
            )
            .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
            .select_related("live_revision", "scheduled_revision")
        )

    def with_schedule(self, now=None):
        """Pages whose public state changes at a later time."""
        now = now or timezone.now()
        return self.filter(
            Q(scheduled_revision__isnull=False, go_live_at__gt=now)
            | Q(expire_at__gt=now)
        )

    def review_overdue(self, today=None):
        return self.filter(review_due__lt=today or timezone.localdate())


class Page(Localized, Publishing, models.Model):
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
    body = models.TextField("text", blank=True)
    seo_title = models.CharField(
        "title for search engines",
        max_length=70,
        blank=True,
        help_text="Shown in search results and browser tabs. Empty: the title.",
    )
    meta_description = models.CharField(
        "description for search engines",
        max_length=160,
        blank=True,
        help_text="Shown under the title in Google's results. Empty: the start of "
        "the page's text is used.",
    )
    navigation_label = models.CharField(
        "menu text",
        max_length=60,
        blank=True,
        help_text="Menu text. Leave empty to use the title.",
    )
    title_es = models.CharField("title in Spanish", max_length=200, blank=True)
    body_es = models.TextField(
        "text in Spanish",
        blank=True,
        help_text="With the Spanish title, this makes the Spanish version of the "
        "page. Empty: Spanish visitors see the English page with a short note.",
    )
    seo_title_es = models.CharField(
        "title for search engines in Spanish",
        max_length=70,
        blank=True,
        help_text="Shown in Spanish search results and browser tabs. Empty: the "
        "Spanish title.",
    )
    meta_description_es = models.CharField(
        "description for search engines in Spanish",
        max_length=160,
        blank=True,
        help_text="Shown under the title in Google's results in Spanish. Empty: "
        "the start of the Spanish text is used.",
    )
    navigation_label_es = models.CharField(
        "menu text in Spanish",
        max_length=60,
        blank=True,
        help_text="Empty: the Spanish title.",
    )
    # A fingerprint of the English the Spanish was written from.
    spanish_source = models.CharField(max_length=64, blank=True, editable=False)
    show_in_navigation = models.BooleanField("show in the menu", default=True)
    navigation_order = models.PositiveSmallIntegerField(
        "place in the menu", default=0, help_text="Lower numbers come first."
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
        "scheduled for",
        null=True,
        blank=True,
        editable=False,
        help_text="When the scheduled version replaces what the site shows.",
    )
    expire_at = models.DateTimeField(
        "take offline at",
        null=True,
        blank=True,
        help_text="The page leaves the site at this time. Empty: never.",
    )
    live_revision = optional_link("Revision", blank=True, editable=False)
    # Published with a time: it replaces live_revision at go_live_at, checked at
    # request time, so nothing has to run then (Wagtail's approved_go_live_at).
    scheduled_revision = optional_link("Revision", blank=True, editable=False)
    edit_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = optional_link(settings.AUTH_USER_MODEL, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = optional_link(settings.AUTH_USER_MODEL, blank=True, editable=False)

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

    def save(self, *args, revision_action=None, schedule_at=None, **kwargs):
        """One save: the page row, at most one revision, one cache invalidation.

        With revision_action PUBLISHED the saved content goes live now; with
        SCHEDULED it goes live at schedule_at (see publish())."""
        self._settle()
        self.body = clean_html(self.body)
        self.body_es = clean_html(self.body_es)
        self.edit_version += 1
        with transaction.atomic():
            spanish = [f"{name}_es" for name in self.TRANSLATED_FIELDS]
            old = (
                Page.objects.filter(pk=self.pk)
                .values("slug", "expire_at", *spanish)
                .first()
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
            revision = self._record(revision_action)
            self._record_events(old, revision_action)
            if revision_action == Revision.Action.PUBLISHED:
                self._point_to(
                    live_revision=revision, scheduled_revision=None, go_live_at=None
                )
            elif revision_action == Revision.Action.SCHEDULED:
                self._point_to(scheduled_revision=revision, go_live_at=schedule_at)
        if self.live_revision_id or self.scheduled_revision_id:
            # Address, menu and schedule apply on save: public pages may change.
            page_cache.invalidate()

    def get_absolute_url(self):
        if self.is_home:
            return reverse("pages:home")
        return reverse("pages:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        stored = Page.objects.filter(pk=self.pk).values_list("slug", flat=True)
        old_slug = stored.first() if self.pk else None
        if old_slug in KEPT and self.slug != old_slug:
            errors["slug"] = address_is_fixed(old_slug)
        elif self.slug != old_slug:
            holder = Page.objects.filter(slug=self.slug).exclude(pk=self.pk).first()
            moved = (
                Redirect.objects.filter(old_slug=self.slug)
                .exclude(page_id=self.pk)
                .select_related("page")
                .first()
            )
            if holder:
                errors["slug"] = f"The page “{holder}” already has this address."
            elif moved:
                errors["slug"] = (
                    f"This is an old address of the page “{moved.page}” and leads "
                    "there. Please choose another, or ask a practice admin to "
                    "remove that redirect (Pages › Redirects)."
                )
        if self.is_kept and self.expire_at:
            errors["expire_at"] = stays_on_the_site(self.slug)
        if errors:
            raise ValidationError(errors)

    @property
    def is_kept(self):
        """A page the site links to at a fixed address (see kept.py)."""
        return self.slug in KEPT

    @property
    def is_home(self):
        """The page at / (and /es/): it stays on the site at the same address."""
        return self.slug == HOME_SLUG

    @property
    def body_html(self):
        return render.body_html(self.body)

    def links_off_the_site(self, now=None):
        """Pages this text links to that visitors cannot open (not live, deleted)."""
        ids = render.linked_page_ids(self.body) | render.linked_page_ids(self.body_es)
        live = set(Page.objects.published(now).filter(pk__in=ids).values_list("pk"))
        off = [pk for pk in ids if (pk,) not in live]
        titles = dict(Page.objects.filter(pk__in=off).values_list("pk", "title"))
        return [titles.get(pk, "a deleted page") for pk in sorted(off)]

    @property
    def description(self):
        text = render.plain_text(self.body)
        return self.meta_description or Truncator(text).words(30)

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
        wanted = language or translation.get_language()
        spanish = wanted == "es" and self.has_spanish
        page = super().localized("es" if spanish else "en")
        page.content_language = "es" if spanish else "en"
        page.is_fallback = wanted == "es" and not self.has_spanish
        return page

    def in_spanish(self, name):
        # A page's Spanish version is whole: an empty Spanish field stays empty.
        return getattr(self, f"{name}_es")

    def apply(self, content):
        for name in self.CONTENT_FIELDS:
            if name in content:
                setattr(self, name, content[name])
        if isinstance(self.reviewed_on, str):
            self.reviewed_on = datetime.date.fromisoformat(self.reviewed_on)

    def restored_content(self, revision):
        """What "Use this version" makes the draft, and whether it keeps the
        draft's Spanish: a version saved before the Spanish was written has none,
        and restoring it must not wipe the Spanish written since."""
        spanish = [*(f"{name}_es" for name in self.TRANSLATED_FIELDS), "spanish_source"]
        content = dict(revision.content)
        keeps = not any(content.get(name) for name in spanish) and any(
            getattr(self, name) for name in spanish
        )
        if keeps:
            content.update({name: getattr(self, name) for name in spanish})
        return content, keeps

    def revert_to(self, revision, user=None):
        """An old revision's content becomes the draft; the live page is untouched.
        Returns whether the draft's Spanish was kept (see restored_content)."""
        content, kept_spanish = self.restored_content(revision)
        self.apply(content)
        self.updated_by = user
        self.save(revision_action=Revision.Action.REVERTED)
        return kept_spanish

    def _record(self, action):
        latest = self.revisions.exclude(action__in=Revision.EVENTS).first()
        unchanged = latest and Revision.normalize(latest.content) == Revision.normalize(
            self.content()
        )
        if action or not unchanged:
            return self.revisions.create(
                action=action or Revision.Action.SAVED,
                content=self.content(),
                created_by=self.updated_by,
            )
        return None

    def _record_events(self, old, action):
        """Saves that change what the site does without changing the text (the
        address, "Take offline at") are listed in History too."""
        events = []
        if old["slug"] and old["slug"] != self.slug:
            events.append(
                (Revision.Action.ADDRESS, {"from": old["slug"], "to": self.slug})
            )
        before, after = old.get("expire_at"), self.expire_at
        # Publishing an offline page clears its past time: Publish says enough.
        brought_back = action and before and before <= timezone.now() and not after
        # The form keeps whole seconds: a time it sends back unchanged is no change.
        if _to_second(before) != _to_second(after) and not brought_back:
            events.append((Revision.Action.EXPIRY, {"at": self.expire_at}))
        for event, detail in events:
            self.revisions.create(
                action=event,
                detail=detail,
                content=self.content(),
                created_by=self.updated_by,
            )


def _to_second(moment):
    return moment and moment.replace(microsecond=0)
