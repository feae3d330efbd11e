from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from contact.views import PrivacyNoticeView
from pages.sitemaps import PageSitemap
from pages.views import RobotsView, healthz, media

urlpatterns = [
    # Invitation links and second-factor set-up, in the admin's look.
    path("admin/staff/", include("staff.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("media/<path:path>", media, name="media"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}, name="sitemap"),
    # Families' pages: English at /, Spanish at /es/.
    *i18n_patterns(
        path("contact/", include("contact.urls")),
        # Before pages' catch-all: the privacy page with the site's own facts.
        path("privacy/", PrivacyNoticeView.as_view(), name="privacy"),
        path("", include("pages.urls")),
        prefix_default_language=False,
    ),
]

handler400 = "security.views.bad_request"
handler403 = "staff.views.permission_denied"
