from django.db.models import Q
from django.utils import timezone


def load(request):
    """The menu, and when any page next goes live or offline; one query per request."""
    from .models import Page  # models -> cache -> navigation

    if not hasattr(request, "pages_navigation"):
        now = timezone.now()
        pages = list(
            Page.objects.filter(
                Q(pk__in=Page.objects.published(now).filter(show_in_navigation=True))
                | Q(pk__in=Page.objects.with_schedule(now))
            ).select_related("live_revision", "scheduled_revision")
        )
        request.pages_navigation = [
            page.live_version(now).localized()
            for page in pages
            if page.show_in_navigation and page.is_live(now)
        ]
        request.pages_next_change = min(
            filter(None, (page.next_change(now) for page in pages)), default=None
        )
    return request.pages_navigation
