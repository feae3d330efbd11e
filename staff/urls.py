from django.urls import path

from . import views

app_name = "staff"
urlpatterns = [
    path("welcome/<uidb64>/<token>/", views.invitation, name="invitation"),
    path("second-factor/", views.second_factor, name="second-factor"),
]
