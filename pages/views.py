from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, TemplateView
from django.views.static import serve

from .models import HOME_SLUG, Page, Redirect

# Browsers keep a 301 without an expiry for good: a page renamed back to an old
# address would then loop in them (A -> B, then B -> A). Search engines still
# treat these as permanent.
MOVED_MAX_AGE = 3600


class PageDetailView(DetailView):
    def get_queryset(self):
        return Page.objects.published()

    def get(self, request, *args, **kwargs):
        # Scheduled times are checked now, at request time: no cron job needed.
        slug = self.kwargs.setdefault("slug", HOME_SLUG)
        if slug == HOME_SLUG and request.path != reverse("pages:home"):
            return HttpResponsePermanentRedirect(reverse("pages:home"))
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            moved = Redirect.objects.filter(old_slug=slug).select_related("page")
            if moved and moved[0].page.is_live():
                response = HttpResponsePermanentRedirect(
                    moved[0].page.get_absolute_url()
                )
                patch_cache_control(response, max_age=MOVED_MAX_AGE)
                return response
            raise

    def get_object(self, queryset=None):
        return super().get_object(queryset).live_version().localized()


class RobotsView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


def media(request, path):
    """Uploaded images, when no proxy serves MEDIA_URL (development and tests)."""
    if not settings.SERVE_MEDIA:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
