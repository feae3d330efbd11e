from django.urls import path

from . import views

app_name = "contact"

urlpatterns = [
    path("", views.InquiryCreateView.as_view(), name="inquiry-create"),
    path("thanks/", views.InquiryThanksView.as_view(), name="inquiry-thanks"),
]
