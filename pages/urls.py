from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import views
from .cache import cache_public_page
from .sitemaps import PageSitemap

app_name = "pages"

page_view = cache_public_page(views.PageDetailView.as_view())

urlpatterns = [
    path("", page_view, name="home"),
    path("robots.txt", views.RobotsView.as_view(), name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}, name="sitemap"),
    path("<slug:slug>/", page_view, name="detail"),
]
