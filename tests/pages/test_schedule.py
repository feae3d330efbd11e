import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pages.models import Page

pytestmark = pytest.mark.django_db


def later(**kwargs):
    return timezone.now() + datetime.timedelta(**kwargs)


def test_a_new_version_scheduled_on_a_live_page_keeps_the_live_one_until_then(
    client, page, clock
):
    page.body = "<p>Tomorrow's words.</p>"
    page.publish(at=later(hours=1))

    public = client.get("/sleep/").content.decode()
    assert "Draft words about sleep." in public and "Tomorrow" not in public

    clock.advance(hours=2)

    public = client.get("/sleep/").content.decode()
    assert "Tomorrow&#x27;s words." in public and "Draft words" not in public


def test_a_never_published_page_goes_live_at_its_time_without_cron(
    client, home_page, clock
):
    page = Page.objects.create(
        title="Naps", slug="naps", body="<p>Naps.</p>", show_in_navigation=True
    )
    page.publish(at=later(hours=1))

    assert client.get("/naps/").status_code == 404
    assert 'href="/naps/"' not in client.get("/").content.decode()

    clock.advance(hours=2)

    assert client.get("/naps/").status_code == 200
    assert 'href="/naps/"' in client.get("/").content.decode()


def test_saving_a_draft_never_takes_a_live_page_down(client, page):
    page.body = "<p>Unfinished.</p>"
    page.expire_at = None
    page.save()

    assert client.get("/sleep/").status_code == 200


def test_a_cancelled_schedule_never_goes_live(client, page, clock):
    page.body = "<p>Never mind.</p>"
    page.publish(at=later(hours=1))

    page.cancel_schedule()
    clock.advance(hours=2)

    public = client.get("/sleep/").content.decode()
    assert "Draft words about sleep." in public and "Never mind." not in public


def test_publishing_now_replaces_a_pending_schedule(client, page, clock):
    page.body = "<p>Scheduled.</p>"
    page.publish(at=later(hours=1))
    page.body = "<p>Right now.</p>"
    page.publish()

    assert "Right now." in client.get("/sleep/").content.decode()
    clock.advance(hours=2)
    assert "Right now." in client.get("/sleep/").content.decode()


def test_a_scheduled_version_that_went_live_is_kept_by_the_next_save(
    client, page, clock
):
    page.body = "<p>New.</p>"
    page.publish(at=later(hours=1))
    clock.advance(hours=2)

    page.refresh_from_db()
    page.title = "Sleep again"
    page.save()

    page.refresh_from_db()
    assert page.scheduled_revision is None
    assert page.live_revision.content["body"] == "<p>New.</p>"
    assert "New." in client.get("/sleep/").content.decode()


def test_an_expiring_page_leaves_the_site_at_that_time_even_when_cached(
    client, page, clock
):
    page.expire_at = later(hours=1)
    page.save()
    assert client.get("/sleep/").status_code == 200

    clock.advance(hours=2)

    assert client.get("/sleep/").status_code == 404


def test_publishing_an_offline_page_brings_it_back(client, page, clock):
    page.expire_at = later(hours=1)
    page.save()
    clock.advance(hours=2)

    page.publish()

    assert client.get("/sleep/").status_code == 200


def test_the_cached_page_switches_to_the_scheduled_version_on_time(client, page, clock):
    page.body = "<p>Switched.</p>"
    page.publish(at=later(minutes=5))
    assert "Switched." not in client.get("/sleep/").content.decode()
    assert "Switched." not in client.get("/sleep/").content.decode()  # from cache

    clock.advance(minutes=5, seconds=1)

    assert "Switched." in client.get("/sleep/").content.decode()


def test_taking_offline_before_the_scheduled_version_is_refused():
    now = timezone.now()
    page = Page(title="X", slug="x", go_live_at=now, expire_at=now)

    with pytest.raises(ValidationError, match="Expiry must come after going live"):
        page.full_clean()
