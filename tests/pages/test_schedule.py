import datetime

import pytest
from django.utils import timezone

from pages.models import Page

pytestmark = pytest.mark.django_db


def test_a_page_scheduled_to_go_live_appears_at_that_time_without_cron(
    client, page, home_page, clock
):
    page.show_in_navigation = True
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    page.save()

    assert client.get("/sleep/").status_code == 404
    assert 'href="/sleep/"' not in client.get("/").content.decode()

    clock.advance(hours=2)

    assert client.get("/sleep/").status_code == 200
    assert 'href="/sleep/"' in client.get("/").content.decode()


def test_an_expiring_page_leaves_the_site_at_that_time_even_when_cached(
    client, page, clock
):
    page.expire_at = timezone.now() + datetime.timedelta(hours=1)
    page.save()
    assert client.get("/sleep/").status_code == 200

    clock.advance(hours=2)

    assert client.get("/sleep/").status_code == 404


def test_expiry_before_go_live_is_refused():
    from django.core.exceptions import ValidationError

    now = timezone.now()
    page = Page(title="X", slug="x", go_live_at=now, expire_at=now)

    with pytest.raises(ValidationError, match="Expiry must come after going live"):
        page.full_clean()
