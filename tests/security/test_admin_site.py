import pytest

from pages.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_the_admin_is_titled_with_the_practice_name(client):
    settings = SiteSettings.load()
    settings.practice_name = "Little Steps Therapy"
    settings.save()

    body = client.get("/admin/login/", secure=True).content.decode()

    assert "Little Steps Therapy · staff area" in body
    assert "Django administration" not in body


def test_the_admin_has_the_sites_icon(client):
    """Browsers ask for /favicon.ico (a 404 logged on every admin visit) unless
    the page names an icon."""
    body = client.get("/admin/login/", secure=True).content.decode()

    assert 'rel="icon"' in body and "favicon" in body
