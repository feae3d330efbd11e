import html
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

HOME_TEXT = Path(__file__).with_name("home-page.txt").read_text()
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def visible_text(markup):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)))


def test_home_page_serves_the_practices_text_word_for_word(client):
    response = client.get("/")

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    for line in HOME_TEXT.splitlines():
        line = line.strip().lstrip("•").strip()
        if line:
            assert re.sub(r"\s+", " ", line) in text, line


def test_home_page_calls_to_action_to_the_contact_form(client):
    body = client.get("/").content.decode()

    assert '<a href="/contact/">Contact Us</a>' in body


def test_unknown_slug_gets_the_friendly_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We couldn" in response.content.decode()
    assert 'call or text <a href="tel:988">988</a>' in response.content.decode()


def test_500_page_renders_without_touching_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")

    with django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_healthz_is_200_when_the_database_answers_and_never_cached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_is_503_when_the_database_does_not_answer():
    # A real server process whose database (a closed port) does not answer.
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r['Cache-Control'])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iecmh_site.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/nodb?connect_timeout=2",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    status, cache_control = result.stdout.split(" ", 1)
    assert status == "503"
    assert "no-store" in cache_control


def test_a_link_to_a_page_follows_its_address_and_hides_while_it_is_off_the_site(
    client, page
):
    from pages.models import Page

    target = Page.objects.create(title="Naps", slug="naps", body="<p>Naps.</p>")
    page.body = f'<p>Read <a href="/naps/" data-page="{target.pk}">about naps</a>.</p>'
    page.publish()

    assert "Read about naps." in client.get("/sleep/").content.decode()

    target.publish()
    target.slug = "naps-and-rest"
    target.save()

    html = client.get("/sleep/").content.decode()
    assert '<a href="/naps-and-rest/">about naps</a>' in html


def test_a_paragraph_that_is_only_a_link_is_a_call_to_action_other_links_are_links(
    client, page
):
    page.body = (
        '<p>Call <a href="tel:5550100">us</a> today.</p>'
        '<p><a href="/contact/">Contact us</a></p>'
    )
    page.publish()

    html = client.get("/sleep/").content.decode()
    assert '<p>Call <a href="tel:5550100">us</a> today.</p>' in html
    assert '<p class="call-to-action"><a href="/contact/">Contact us</a></p>' in html
