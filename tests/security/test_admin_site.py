import pytest

from pages.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_the_admin_is_titled_with_the_practice_name(client):
    settings = SiteSettings.load()
    settings.practice_name = "Little Steps Therapy"
    settings.save()

    body = client.get("/admin/login/", secure=True).content.decode()

    assert "Little Steps Therapy · practice admin" in body
    assert "Django administration" not in body
