from django.urls import path

from iecmh_site.urls import urlpatterns as site_urlpatterns


def fails(request):
    child = request.POST.get("child")  # noqa: F841 (a local the error report could show)
    raise RuntimeError("a bug")


urlpatterns = [path("fails/", fails), *site_urlpatterns]
