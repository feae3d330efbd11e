from django.contrib.sitemaps import Sitemap

from .models import Page


class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return Page.objects.published().order_by("slug")

    def get_languages_for_item(self, page):
        # A Spanish address that would show the English page is left out.
        return ["en", "es"] if page.live_version().has_spanish else ["en"]

    def lastmod(self, page):
        current = page.current_revision()
        if current == page.scheduled_revision:
            return page.go_live_at
        return current.created_at
