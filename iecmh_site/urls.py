from django.contrib import admin
from django.urls import include, path

from pages.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("contact/", include("contact.urls")),
    path("", include("pages.urls")),
]

handler400 = "security.views.bad_request"
