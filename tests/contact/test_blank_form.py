"""The blank form's fast path (contact/blank_form.py) sends the page the view
renders, with each visitor's own CSRF and form tokens."""

import re

import pytest
from django.test import Client

from contact import spam
from contact.models import Inquiry
from pages.models import SiteSettings

from .conftest import FAMILY_TEXT, form_data

pytestmark = pytest.mark.django_db

TOKENS = re.compile(r'name="(csrfmiddlewaretoken|started)" value="([^"]*)"')


def tokens(response):
    return dict(TOKENS.findall(response.content.decode()))


def without_tokens(response):
    return TOKENS.sub(r'name="\1" value=""', response.content.decode())


def rendered_by_the_view(url):
    """The page through the normal path: a session cookie skips the fast one."""
    client = Client()
    client.cookies["sessionid"] = "no-such-session"
    return client.get(url)


@pytest.mark.parametrize("url", ["/contact/", "/es/contact/"])
def test_the_fast_path_sends_the_page_the_view_renders(client, site_settings, url):
    client.get(url)  # the first request renders and keeps it
    fast = client.get(url)
    normal = rendered_by_the_view(url)

    assert fast.status_code == normal.status_code == 200
    assert without_tokens(fast) == without_tokens(normal)
    assert set(tokens(fast)) == {"csrfmiddlewaretoken", "started"}
    for header in ("Content-Type", "Cache-Control", "Content-Security-Policy"):
        assert fast[header] == normal[header]


def test_every_visitor_gets_their_own_tokens(site_settings):
    first, second = Client(), Client()
    a, b = first.get("/contact/"), second.get("/contact/")

    assert tokens(a)["csrfmiddlewaretoken"] != tokens(b)["csrfmiddlewaretoken"]
    assert tokens(a)["started"] != tokens(b)["started"]
    secret = a.cookies["csrftoken"].value
    token = spam.read_token(tokens(a)["started"])
    assert token.issued_to(secret)
    assert not token.issued_to(b.cookies["csrftoken"].value)


def test_a_form_from_the_fast_path_is_sent_and_stored(site_settings, settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0
    browser = Client(enforce_csrf_checks=True)
    browser.get("/contact/")
    page = browser.get("/contact/")
    data = form_data(started=tokens(page)["started"])
    data["csrfmiddlewaretoken"] = tokens(page)["csrfmiddlewaretoken"]

    response = browser.post("/contact/", data)

    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.name == FAMILY_TEXT["name"]
    assert inquiry.status == Inquiry.Status.NEW


def test_the_kept_page_needs_no_query(client, site_settings, django_assert_num_queries):
    client.get("/contact/")

    with django_assert_num_queries(0):
        assert Client().get("/contact/").status_code == 200


def test_a_settings_change_shows_on_the_form_at_once(client, site_settings):
    client.get("/contact/")
    settings = SiteSettings.load()
    settings.response_time_promise = "We answer within one working day."
    settings.save()

    assert "within one working day" in Client().get("/contact/").content.decode()
