from django.contrib.sitemaps import Sitemap

from .models import Page


class PageSitemap(Sitemap):
    def items(self):
        return Page.objects.published().order_by("slug")

    def lastmod(self, page):
        return page.live_revision.created_at
