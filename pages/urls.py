from django.urls import path

from . import views
from .cache import cache_public_page

app_name = "pages"

page_view = cache_public_page(views.PageDetailView.as_view())

urlpatterns = [
    path("", page_view, name="home"),
    path("<slug:slug>/", page_view, name="detail"),
]
