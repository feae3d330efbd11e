from django.urls import path

from . import views

app_name = "staff"
urlpatterns = [
    path(
        "welcome/<uidb64>/", views.InvitationLinkView.as_view(), name="invitation-link"
    ),
    # <token> is "set-password" (the token is in the session), or, for links
    # emailed before the token moved to the query string, the token itself.
    path("welcome/<uidb64>/<token>/", views.invitation, name="invitation"),
    path("second-factor/", views.second_factor, name="second-factor"),
]
