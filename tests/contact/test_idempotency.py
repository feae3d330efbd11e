"""The same form token posted twice stores one inquiry."""

import re
import threading

import pytest
from django.db import connection, transaction
from django.test import Client

from contact import tasks
from contact.forms import InquiryForm
from contact.models import Inquiry, Notification, Resource

from .conftest import form_data, form_token, wait_for

URL = "/contact/"
REPEAT_NOTICE = "We already had this message"


@pytest.fixture(autouse=True)
def _no_minimum_fill_time(settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0


def browser():
    return Client(enforce_csrf_checks=True)


def filled_form(client, **overrides):
    """The form as this browser got it, filled in: its CSRF and form tokens."""
    html = client.get(URL).content.decode()
    hidden = dict(
        re.findall(r'name="(csrfmiddlewaretoken|started)" value="([^"]*)"', html)
    )
    return form_data(**hidden, **overrides)


def thanks_page(client, response):
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_retried_post_stores_one_inquiry_and_shows_the_same_reference(
    site_settings,
):
    family = browser()
    data = filled_form(family)

    first = thanks_page(family, family.post(URL, data))
    second = thanks_page(family, family.post(URL, data))

    inquiry = Inquiry.objects.get()
    assert inquiry.reference in first
    assert inquiry.reference in second
    assert tasks.queue_new_emails.call() == 1  # the worker's step
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_a_double_tap_before_the_session_exists_still_shows_the_reference(
    site_settings,
):
    family = browser()
    data = filled_form(family)
    # The second tap left before the first's response set the session cookie.
    second_tap = browser()
    second_tap.cookies["csrftoken"] = family.cookies["csrftoken"].value

    family.post(URL, data)
    html = thanks_page(second_tap, second_tap.post(URL, data))

    assert Inquiry.objects.count() == 1
    assert Inquiry.objects.get().reference in html


@pytest.mark.django_db
def test_a_replay_from_another_browser_stores_nothing_and_reveals_nothing(
    site_settings,
):
    Resource.objects.create(title="Kids Helpline Example")
    family, stranger = browser(), browser()
    data = filled_form(family, child_age="6+")
    family.post(URL, data)
    own_csrf = filled_form(stranger)["csrfmiddlewaretoken"]

    html = thanks_page(
        stranger, stranger.post(URL, {**data, "csrfmiddlewaretoken": own_csrf})
    )

    inquiry = Inquiry.objects.get()
    assert REPEAT_NOTICE in html
    assert inquiry.reference not in html
    assert "Kids Helpline Example" not in html  # would tell the child's age
    assert tasks.queue_new_emails.call() == 1
    assert Notification.objects.count() == 2


@pytest.mark.django_db
def test_other_answers_under_a_used_token_are_stored_not_dropped(site_settings):
    family = browser()
    data = filled_form(family)
    family.post(URL, data)

    html = thanks_page(family, family.post(URL, {**data, "best_times": "Evenings"}))

    first, second = Inquiry.objects.order_by("pk")
    assert first.form_nonce and second.form_nonce is None
    assert second.best_times == "Evenings"
    assert second.reference in html
    assert tasks.queue_new_emails.call() == 2
    assert Notification.objects.count() == 4


@pytest.mark.django_db
def test_a_spam_token_posted_twice_is_still_stored_once(site_settings):
    family = browser()
    data = filled_form(family, website="http://cheap.example")

    family.post(URL, data)
    family.post(URL, data)

    assert Inquiry.objects.get().status == Inquiry.Status.SPAM


def blocked_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_posts_of_one_token_store_one_inquiry(site_settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks to hold the race open")
    data = form_data(started=form_token())
    first_stored, release = threading.Event(), threading.Event()
    results, errors = {}, []

    def post(name, hold):
        try:
            form = InquiryForm(data=data, client_ip="192.0.2.1")
            assert form.is_valid(), form.errors
            with transaction.atomic():
                results[name] = (form.save(), form.is_repeat)
                if hold:
                    first_stored.set()
                    assert release.wait(timeout=30)
        except Exception as exc:  # reported by the main thread
            errors.append(exc)
            first_stored.set()
        finally:
            connection.close()

    first = threading.Thread(target=post, args=("first", True))
    second = threading.Thread(target=post, args=("second", False))
    first.start()
    assert first_stored.wait(timeout=30)
    # The second post passes the look-up (the first is not committed yet)
    # and waits on the unique index until the first commits.
    second.start()
    try:
        wait_for(blocked_on_a_lock, timeout=15, message="the second insert to wait")
    finally:
        release.set()
        first.join(timeout=30)
        second.join(timeout=30)

    assert errors == []
    (stored, first_repeat), (repeat, second_repeat) = (
        results["first"],
        results["second"],
    )
    assert (first_repeat, second_repeat) == (False, True)
    assert repeat.pk == stored.pk
    assert Inquiry.objects.count() == 1
    # Each post's transaction committed: its task ran (the immediate backend).
    assert Notification.objects.count() == 2
