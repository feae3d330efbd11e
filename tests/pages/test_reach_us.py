"""Every family page gives the practice's phone and the way to the contact form."""

import importlib

import pytest
from django.test import Client

from pages.models import SiteSettings
from pages.templatetags.seo import crisis_links

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/sleep/", "/es/", "/contact/", "/privacy/"])
def test_every_family_page_has_tap_to_call_and_contact_us(
    client, home_page, page, site_settings, path
):
    html = client.get(path).content.decode()

    assert 'class="reach-phone" href="tel:+1-212-555-0100;ext=2"' in html
    assert 'class="btn btn-cta"' in html
    assert html.count('href="tel:+1-212-555-0100;ext=2"') >= 2  # header and footer


def test_the_menu_holds_the_contact_page(client, home_page):
    html = client.get("/").content.decode()
    nav = html[html.index("<nav") : html.index("</nav>")]

    assert 'href="/contact/">Contact us</a>' in nav


def test_without_a_phone_pages_still_offer_contact_us(client, home_page):
    html = client.get("/").content.decode()

    assert "tel:+" not in html  # only the crisis lines, 911 and 988
    assert 'class="btn btn-cta" href="/contact/"' in html


def test_footer_gives_email_address_hours_and_privacy(client, home_page, site_settings):
    site_settings.hours = "Mon–Thu 9–5"
    site_settings.save()

    footer = client.get("/").content.decode().split("<footer")[1]

    for text in [
        "mailto:hello@practice.example",
        "1 Main Street<br>Springfield",
        "Mon–Thu 9–5",
        'href="/privacy/"',
    ]:
        assert text in footer


def test_practice_details_are_seeded_from_the_environment(settings):
    settings.PRACTICE_PHONE = "(212) 555-0100"
    settings.PRACTICE_EMAIL = "hello@demo.example"
    settings.PRACTICE_ADDRESS = "1 Demo Street\nSpringfield"
    settings.PRACTICE_HOURS = "Mon–Fri 9–5"
    SiteSettings.objects.all().delete()

    site = SiteSettings.load()

    assert (site.phone, site.email) == ("(212) 555-0100", "hello@demo.example")
    assert site.address == "1 Demo Street\nSpringfield"
    assert site.hours == "Mon–Fri 9–5"


def test_a_spanish_browser_is_offered_spanish_in_the_same_cached_html(home_page):
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9")
    english = Client(HTTP_ACCEPT_LANGUAGE="en-US")

    first, second = spanish.get("/"), english.get("/")

    assert first.content == second.content  # no redirect, no per-language variant
    html = first.content.decode()
    assert '<div class="container language-offer" hidden>' in html
    assert 'href="/es/" hreflang="es" lang="es">¿Prefiere leer en español?' in html
    assert '<script src="/static/js/language-offer.js" defer></script>' in html


def test_the_spanish_home_page_is_in_spanish_with_a_spanish_menu(client, home_page):
    migration = importlib.import_module(
        "pages.migrations.0009_spanish_home_and_privacy_notice"
    )
    from django.apps import apps

    migration.add_spanish_home(apps, None)

    html = client.get("/es/").content.decode()

    assert '<html lang="es">' in html
    assert "¿Qué es la salud mental infantil y de la primera infancia?" in html
    assert 'aria-current="page">Inicio</a>' in html
    assert 'href="/es/contact/">Contáctenos</a>' in html
    assert '<link rel="canonical" href="http://testserver/es/">' in html
    assert 'hreflang="es" href="http://testserver/es/"' in html
    # The English page is untouched, word for word.
    english = client.get("/").content.decode()
    assert "What is Infant and Early Childhood Mental Health?" in english


@pytest.mark.parametrize(
    ("message", "html"),
    [
        (
            "In danger, call 911; in a crisis call or text 988.",
            'In danger, call <a href="tel:911">911</a>; in a crisis call or text '
            '<a href="tel:988">988</a>.',
        ),
        (
            "Our line: (212) 555-0199, not 9110 or 988-1.",
            'Our line: <a href="tel:+1-212-555-0199">(212) 555-0199</a>, not 9110 or '
            "988-1.",
        ),
        (
            "<b>911</b> & more",
            '&lt;b&gt;<a href="tel:911">911</a>&lt;/b&gt; &amp; more',
        ),
    ],
)
def test_the_crisis_messages_numbers_are_tap_to_call_and_the_rest_is_text(
    message, html
):
    assert crisis_links(message) == html


def test_every_page_offers_the_crisis_lines_as_links(client, home_page):
    html = client.get("/").content.decode()

    assert '<a href="tel:911">911</a>' in html
    assert '<a href="tel:988">988</a>' in html
