import copy

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format

from .. import cache as page_cache
from .history import Revision
from .kept import cannot_be_unpublished


class Publishing:
    """What the public sees of a page and when: the one rule the list, the banner,
    the menu, the sitemap and the cache ask (Page.status, current_revision()).

    live_revision is what was published; scheduled_revision replaces it at
    go_live_at, decided at request time so that nothing has to run then
    (Wagtail's approved_go_live_at); expire_at takes the page offline."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        LIVE = "live", "Live"
        LIVE_CHANGED = "live_changed", "Live · unpublished changes"
        LIVE_SCHEDULED = "live_scheduled", "Live · new version scheduled"
        OFFLINE = "offline", "Offline"

    def current_revision(self, now=None):
        """The revision the public sees now, or None: the one rule of what is live."""
        now = now or timezone.now()
        if self.expire_at and self.expire_at <= now:
            return None
        if self.scheduled_revision_id and self.go_live_at <= now:
            return self.scheduled_revision
        return self.live_revision

    def is_live(self, now=None):
        return self.current_revision(now) is not None

    def go_live_of(self, revision):
        """When a scheduled revision goes (or went) live; None once the page no
        longer points to it (cancelled, replaced or settled)."""
        if revision.pk == self.scheduled_revision_id:
            return self.go_live_at
        return None

    def is_scheduled(self, now=None):
        now = now or timezone.now()
        return bool(self.scheduled_revision_id and self.go_live_at > now)

    def status_at(self, now=None):
        now = now or timezone.now()
        current = self.current_revision(now)
        if current is None:
            if self.is_scheduled(now) and not (
                self.expire_at and self.expire_at <= now
            ):
                return self.Status.SCHEDULED
            if self.expire_at and self.expire_at <= now and self.live_revision_id:
                return self.Status.OFFLINE
            return self.Status.DRAFT
        if self.is_scheduled(now):
            return self.Status.LIVE_SCHEDULED
        if Revision.normalize(self.content()) != Revision.normalize(current.content):
            return self.Status.LIVE_CHANGED
        return self.Status.LIVE

    @property
    def status(self):
        return self.status_at()

    def status_text(self, now=None):
        """The status in a sentence fragment, with its times, for list and banner."""
        now = now or timezone.now()
        status = self.status_at(now)
        text = status.label
        if status in (self.Status.SCHEDULED, self.Status.LIVE_SCHEDULED):
            text += f" for {_when(self.go_live_at)}"
        if self.expire_at and self.expire_at > now and status != self.Status.DRAFT:
            text += f" · goes offline {_when(self.expire_at)}"
        if status == self.Status.OFFLINE:
            text += f" since {_when(self.expire_at)}"
        return text

    def status_sentence(self, now=None):
        """status_text ending with one full stop ("… 9 a.m." already has it)."""
        text = self.status_text(now)
        return text if text.endswith(".") else text + "."

    def next_change(self, now=None):
        """When what the public sees of this page next changes by itself."""
        now = now or timezone.now()
        moments = [self.expire_at]
        if self.scheduled_revision_id:
            moments.append(self.go_live_at)
        return min((m for m in moments if m and m > now), default=None)

    def live_version(self, now=None):
        """This page as the public sees it: its settings with the live content."""
        live = copy.copy(self)
        live.apply(self.current_revision(now).content)
        return live

    @property
    def has_unpublished_changes(self):
        published = self.scheduled_revision or self.live_revision
        return published is None or Revision.normalize(
            self.content()
        ) != Revision.normalize(published.content)

    def publish(self, user=None, at=None):
        """Make the draft live now or, with a future `at`, at that time; until
        then the live version stays live. Saves once and writes one revision."""
        now = timezone.now()
        if user is not None:
            self.updated_by = user
        scheduled = at is not None and at > now
        if self.expire_at and self.expire_at <= now:
            # Publishing brings an offline page back: now, or at `at` (until
            # then its old version stays off the site).
            self.expire_at = None
            self.live_revision = None
        self.save(
            revision_action=Revision.Action.SCHEDULED
            if scheduled
            else Revision.Action.PUBLISHED,
            schedule_at=at if scheduled else None,
        )
        return self.scheduled_revision if scheduled else self.live_revision

    def cancel_schedule(self, user=None):
        """The scheduled version will not go live; what is live stays live."""
        self._settle()
        if not self.is_scheduled():
            return
        with transaction.atomic():
            self.revisions.create(
                action=Revision.Action.CANCELLED,
                content=self.scheduled_revision.content,
                created_by=user,
            )
            self._point_to(scheduled_revision=None, go_live_at=None)
        page_cache.invalidate()

    def unpublish(self, user=None):
        if self.is_kept:
            raise ValidationError(cannot_be_unpublished(self.slug))
        with transaction.atomic():
            self.revisions.create(
                action=Revision.Action.UNPUBLISHED,
                content=self.content(),
                created_by=user,
            )
            self._point_to(live_revision=None, scheduled_revision=None, go_live_at=None)
        page_cache.invalidate()

    def history(self, now=None):
        """Every version and event, newest first; a scheduled version that has
        gone live since the page was last changed is listed too (it is stored
        then: see _settle)."""
        now = now or timezone.now()
        entries = list(self.revisions.select_related("created_by"))
        if self.scheduled_revision_id and self.go_live_at <= now:
            entries.append(Revision.went_live(self.scheduled_revision, self.go_live_at))
            entries.sort(key=lambda entry: entry.created_at, reverse=True)
        return entries

    def _point_to(self, **fields):
        # Unpublishing a scheduled version that went live keeps its going live.
        self._settle()
        for name, value in fields.items():
            setattr(self, name, value)
        type(self).objects.filter(pk=self.pk).update(**fields)

    def _settle(self):
        """A scheduled version whose time has come is simply the live one now;
        History lists when it went live."""
        if not (self.scheduled_revision_id and self.go_live_at <= timezone.now()):
            return
        scheduled, at = self.scheduled_revision, self.go_live_at
        with transaction.atomic():
            # Of two saves at once, only the first records it.
            moved = (
                type(self)
                .objects.filter(pk=self.pk, scheduled_revision=scheduled)
                .update(
                    live_revision=scheduled, scheduled_revision=None, go_live_at=None
                )
            )
            if moved:
                Revision.went_live(scheduled, at).save()
        self.live_revision = scheduled
        self.scheduled_revision = None
        self.go_live_at = None


def _when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
