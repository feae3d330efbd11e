"""One address cannot fill the database, and a family at a busy shared address
still reaches the practice (SECURITY.md, "One client writing many rows")."""

import pytest
from django.utils.html import strip_tags

from contact import tasks
from contact.models import Inquiry, Notification

from ..spanish import english_left_in
from .conftest import FAMILY_TEXT, form_data

pytestmark = pytest.mark.django_db
ADDRESS = "203.0.113.7"
PHONE = "555-300-1200"


@pytest.fixture
def practice(site_settings):
    site_settings.phone = PHONE
    site_settings.save()
    return site_settings


def post(client, address=ADDRESS, url="/contact/", **answers):
    return client.post(url, form_data(**answers), REMOTE_ADDR=address)


def test_a_flood_from_one_address_stores_at_most_the_hard_limit(
    client, practice, settings
):
    statuses = [post(client).status_code for _ in range(100)]

    assert statuses.count(302) == 20
    assert statuses.count(429) == 80
    assert Inquiry.objects.count() == 20
    assert Inquiry.objects.filter(held=False).count() == 5
    assert Inquiry.objects.filter(held=True).count() == 15
    assert not Inquiry.objects.filter(status=Inquiry.Status.SPAM).exists()
    assert tasks.queue_new_emails.call() == 20  # the worker's step
    families = Notification.objects.filter(kind=Notification.Kind.FAMILY)
    assert families.count() == 5  # nothing emailed to addresses typed past the limit


def test_a_family_after_the_rate_limit_is_held_and_reaches_the_practice(
    client, practice, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.CONTACT_RATE_LIMIT = "2/h"
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            post(client)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, name="Real Family")

    assert response.status_code == 302
    inquiry = Inquiry.objects.get(name="Real Family")
    assert inquiry.status == Inquiry.Status.NEW and inquiry.held
    [practice_email] = mailoutbox
    assert "Flag: held, many from one address" in practice_email.body
    assert "Real Family" not in practice_email.body


def test_past_the_hard_limit_nothing_is_stored_and_the_form_says_to_call(
    client, practice, settings
):
    settings.CONTACT_HARD_LIMIT = "2/d"
    post(client)
    post(client)

    response = post(client, message="Our toddler bites at daycare.")

    assert response.status_code == 429
    assert Inquiry.objects.count() == 2
    html = response.content.decode()
    assert html.count(f"Please call us at {PHONE}") == 1
    assert 'href="tel:+1-555-300-1200"' in html
    assert practice.crisis_message in strip_tags(html)  # its numbers are links
    for value in (FAMILY_TEXT["name"], FAMILY_TEXT["email"], "bites at daycare"):
        assert value in html  # everything typed is still in the form


def test_the_hard_limit_page_is_in_the_familys_language(client, practice, settings):
    settings.CONTACT_HARD_LIMIT = "1/d"
    post(client, url="/es/contact/")

    response = post(client, url="/es/contact/")

    assert response.status_code == 429
    html = response.content.decode()
    assert f"Por favor, llámenos al {PHONE}" in html
    assert english_left_in(html) == []


def test_another_address_is_not_limited(client, practice, settings):
    settings.CONTACT_HARD_LIMIT = "1/d"
    post(client)

    assert post(client, address="198.51.100.20").status_code == 302


def test_the_limits_can_be_turned_off(client, practice, settings):
    settings.CONTACT_RATE_LIMIT = settings.CONTACT_HARD_LIMIT = "0"

    statuses = {post(client).status_code for _ in range(25)}

    assert statuses == {302}
    assert not Inquiry.objects.filter(held=True).exists()


def test_with_the_cache_unreachable_a_family_s_inquiry_is_still_stored(
    client, practice, settings, caplog
):
    from bench.servers import free_port

    settings.CACHES = {  # the production cache, stopped
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/1",
        }
    }

    first = post(client, name="Real Family")
    second = post(client, name="Another Family")

    assert first.status_code == second.status_code == 302
    assert tasks.queue_new_emails.call() == 2
    for name in ("Real Family", "Another Family"):
        inquiry = Inquiry.objects.get(name=name)
        assert inquiry.status == Inquiry.Status.NEW and not inquiry.held
        assert Notification.objects.filter(inquiry=inquiry).count() == 2
    logged = [r.getMessage() for r in caplog.records if r.name == "contact.spam"]
    assert logged == [  # once for the outage, not per request
        "The cache does not answer (ConnectionError): the contact form's rate "
        "limits are off"
    ]
    assert ADDRESS not in caplog.text

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    assert post(client, name="A Third Family").status_code == 302
    logged = [r.getMessage() for r in caplog.records if r.name == "contact.spam"]
    assert logged[1:] == [
        "The cache answers again: the contact form's rate limits are on"
    ]
