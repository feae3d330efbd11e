from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView

from .models import Page


class PageDetailView(DetailView):
    slug_url_kwarg = "slug"

    def get_queryset(self):
        return Page.objects.published()

    def get_object(self, queryset=None):
        self.kwargs.setdefault("slug", "home")
        return super().get_object(queryset)


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})
