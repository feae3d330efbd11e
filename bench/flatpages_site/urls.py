from django.contrib.flatpages.views import flatpage
from django.urls import path

urlpatterns = [path("", flatpage, {"url": "/"})]
