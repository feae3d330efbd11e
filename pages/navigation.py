from django.db.models import Q
from django.utils import timezone


def load(request):
    """The menu, and when any page next goes live or expires; one query per request."""
    from .models import Page  # models -> cache -> navigation

    if not hasattr(request, "pages_navigation"):
        now = timezone.now()
        pages = (
            Page.objects.filter(live_revision__isnull=False)
            .filter(
                Q(show_in_navigation=True)
                | Q(go_live_at__gt=now)
                | Q(expire_at__gt=now)
            )
            .select_related("live_revision")
        )
        pages = list(pages)
        request.pages_navigation = [
            page.live_version().localized()
            for page in pages
            if page.show_in_navigation and page.is_live(now)
        ]
        changes = [
            moment
            for page in pages
            for moment in (page.go_live_at, page.expire_at)
            if moment and moment > now
        ]
        request.pages_next_change = min(changes, default=None)
    return request.pages_navigation
