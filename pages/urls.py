from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("", views.PageDetailView.as_view(), name="home"),
    path("<slug:slug>/", views.PageDetailView.as_view(), name="detail"),
]
