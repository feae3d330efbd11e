import re

import pytest
from django.core.exceptions import SuspiciousOperation
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags
from django.views import defaults

from pages.models import Page, Revision, SiteSettings

from ..spanish import english_left_in

pytestmark = pytest.mark.django_db

SPANISH_BODY = "<p>Palabras sobre el sueño.</p>"


@pytest.fixture
def spanish_page(page):
    page.title_es = "El sueño"
    page.body_es = SPANISH_BODY
    page.publish()
    return page


def html_lang(response):
    return html_lang_text(response.content.decode())


def html_lang_text(body):
    return re.search(r'<html lang="([^"]+)"', body)[1]


def test_english_stays_at_the_root_and_spanish_is_under_es(client, spanish_page):
    english, spanish = client.get("/sleep/"), client.get("/es/sleep/")

    assert html_lang(english) == "en"
    assert "Draft words about sleep." in english.content.decode()
    assert html_lang(spanish) == "es"
    assert "Palabras sobre el sueño." in spanish.content.decode()
    assert "<title>El sueño | " in spanish.content.decode()


def test_a_page_without_spanish_shows_the_english_marked_as_english(client, page):
    body = client.get("/es/sleep/").content.decode()

    assert "Esta página aún no está disponible en español" in body
    assert '<h1 lang="en">Sleep</h1>' in body
    assert '<div class="page-body" lang="en"><p>Draft words about sleep.</p>' in body


def test_the_switcher_links_to_the_same_page_in_the_other_language(
    client, spanish_page
):
    english = client.get("/sleep/").content.decode()
    spanish = client.get("/es/sleep/").content.decode()

    assert '<a href="/es/sleep/" hreflang="es" lang="es">Español</a>' in english
    assert '<a href="/sleep/" hreflang="en" lang="en">English</a>' in spanish


def test_pages_with_both_languages_name_their_alternates(client, spanish_page):
    body = client.get("/es/sleep/").content.decode()

    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/sleep/">' in body
    )
    assert (
        '<link rel="alternate" hreflang="es" href="http://testserver/es/sleep/">'
        in body
    )
    assert 'hreflang="x-default" href="http://testserver/sleep/"' in body


def test_a_page_without_spanish_names_no_spanish_alternate(client, page):
    body = client.get("/sleep/").content.decode()

    assert 'rel="alternate" hreflang="es"' not in body


def test_a_spanish_address_showing_english_points_search_engines_to_it(client, page):
    fallback = client.get("/es/sleep/").content.decode()
    page.title_es, page.body_es = "El sueño", SPANISH_BODY
    page.publish()
    spanish = client.get("/es/sleep/").content.decode()

    assert '<link rel="canonical" href="http://testserver/sleep/">' in fallback
    assert '<link rel="canonical" href="http://testserver/es/sleep/">' in spanish


def test_the_spanish_home_page_lives_at_es(client, home_page):
    assert client.get("/es/").status_code == 200
    response = client.get("/es/home/")
    assert response.status_code == 301
    assert response["Location"] == "/es/"


def test_the_menu_uses_spanish_labels_and_marks_english_ones(client, spanish_page):
    spanish_page.show_in_navigation = True
    spanish_page.navigation_label_es = "Dormir"
    spanish_page.publish()
    other = Page.objects.create(
        title="Feeding", slug="feeding", body="<p>x</p>", show_in_navigation=True
    )
    other.publish()

    body = client.get("/es/sleep/").content.decode()

    assert '<a href="/es/sleep/" aria-current="page">Dormir</a>' in body
    assert '<a href="/es/feeding/" lang="en">Feeding</a>' in body


def test_the_page_cache_keeps_each_language_apart(
    client, spanish_page, settings_row, django_assert_num_queries
):
    client.get("/sleep/")
    client.get("/es/sleep/")

    with django_assert_num_queries(0):  # both from the cache
        english, spanish = client.get("/sleep/"), client.get("/es/sleep/")

    assert "Draft words about sleep." in english.content.decode()
    assert "Palabras sobre el sueño." in spanish.content.decode()
    assert "Draft words about sleep." not in spanish.content.decode()


def test_spanish_is_versioned_published_and_reverted_with_the_page(spanish_page):
    first = spanish_page.live_revision
    spanish_page.body_es = "<p>Otro texto.</p>"
    spanish_page.save()
    assert spanish_page.has_unpublished_changes

    spanish_page.revert_to(first)

    assert spanish_page.body_es == SPANISH_BODY
    assert first.content["title_es"] == "El sueño"
    assert spanish_page.revisions.first().action == Revision.Action.REVERTED


def test_the_draft_spanish_stays_off_the_site_until_published(client, page):
    page.title_es = "El sueño"
    page.body_es = SPANISH_BODY
    page.save()

    assert (
        "Esta página aún no está disponible"
        in client.get("/es/sleep/").content.decode()
    )


def test_spanish_text_is_sanitized_like_the_english(page):
    page.body_es = '<p onclick="x()">Hola<script>alert(1)</script></p>'
    page.save()

    assert page.body_es == "<p>Hola</p>"


def test_spanish_goes_out_of_date_when_the_english_changes(spanish_page):
    assert not spanish_page.spanish_out_of_date

    spanish_page.body = "<p>New English words.</p>"
    spanish_page.save()
    assert spanish_page.spanish_out_of_date

    spanish_page.body_es = "<p>Palabras nuevas.</p>"
    spanish_page.save()
    assert not Page.objects.get(pk=spanish_page.pk).spanish_out_of_date


def test_the_sitemap_lists_spanish_only_for_pages_that_have_it(
    client, page, spanish_page, home_page
):
    Page.objects.create(title="Feeding", slug="feeding", body="<p>Words.</p>").publish()

    body = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/es/sleep/</loc>" in body
    assert (
        '<xhtml:link rel="alternate" hreflang="es" href="http://testserver/es/sleep/"/>'
        in body
    )
    assert "<loc>http://testserver/</loc>" in body
    assert "<loc>http://testserver/feeding/</loc>" in body
    assert "<loc>http://testserver/es/feeding/</loc>" not in body


def test_robots_sitemap_and_healthz_stay_unprefixed_in_spanish(client, db):
    with translation.override("es"):
        addresses = [reverse(name) for name in ("robots", "sitemap", "healthz")]
        contact = reverse("contact:inquiry-create")

    assert addresses == ["/robots.txt", "/sitemap.xml", "/healthz"]
    assert contact == "/es/contact/"
    assert all(client.get(address).status_code == 200 for address in addresses)


def test_site_settings_show_their_spanish_text_on_spanish_pages(client, page):
    settings = SiteSettings.load()
    settings.crisis_message_es = "Mensaje de crisis de la consulta."
    settings.save()

    assert (
        "Mensaje de crisis de la consulta." in client.get("/es/sleep/").content.decode()
    )
    assert settings.crisis_message in strip_tags(client.get("/sleep/").content.decode())


def test_default_site_settings_show_their_standard_translation(client, page):
    body = strip_tags(client.get("/es/sleep/").content.decode())

    assert "Si usted o su hijo o hija están en peligro, llame al 911." in body
    assert "Salud mental de bebés y niños pequeños" in body


def test_edited_english_settings_without_spanish_fall_back_to_english(client, page):
    settings = SiteSettings.load()
    settings.crisis_message = "Call our crisis line: 555 0199."
    settings.save()

    assert (
        "Call our crisis line: 555 0199." in client.get("/es/sleep/").content.decode()
    )


def test_the_admin_stays_unprefixed_and_in_english(admin_client):
    assert admin_client.get("/es/admin/").status_code == 404
    body = admin_client.get(reverse("admin:index")).content.decode()
    assert '<html lang="en-us"' in body or '<html lang="en"' in body


def test_the_admin_lists_and_flags_out_of_date_spanish(admin_client, spanish_page):
    spanish_page.title = "Sleep, revised"
    spanish_page.save()

    listing = admin_client.get(reverse("admin:pages_page_changelist"))
    outdated = admin_client.get(
        reverse("admin:pages_page_changelist") + "?spanish=outdated"
    )
    form = admin_client.get(reverse("admin:pages_page_change", args=[spanish_page.pk]))

    assert "Out of date" in listing.content.decode()
    assert "Sleep, revised" in outdated.content.decode()
    assert "Spanish out of date:" in form.content.decode()


def test_editing_english_and_spanish_side_by_side_in_the_admin(admin_client, page):
    url = reverse("admin:pages_page_change", args=[page.pk])
    form = admin_client.get(url).content.decode()
    assert 'name="title_es"' in form and 'name="body_es"' in form

    data = {
        "title": "Sleep",
        "title_es": "El sueño",
        "body": "<p>Words about sleep.</p>",
        "body_es": SPANISH_BODY,
        "slug": "sleep",
        "navigation_order": 0,
        "loaded_version": page.edit_version,
        "_publish": "Publish",
    }
    admin_client.post(url, data)

    page.refresh_from_db()
    assert page.live_revision.content["body_es"] == SPANISH_BODY
    assert not page.spanish_out_of_date


def test_ticking_the_spanish_matches_clears_the_out_of_date_flag(
    admin_client, spanish_page
):
    spanish_page.body = "<p>A typo fixed.</p>"
    spanish_page.save()
    assert spanish_page.spanish_out_of_date
    data = {
        **{name: getattr(spanish_page, name) for name in ("title", "body", "slug")},
        "title_es": spanish_page.title_es,
        "body_es": spanish_page.body_es,
        "navigation_order": 0,
        "loaded_version": spanish_page.edit_version,
        "spanish_checked": "on",
        "_continue": "Save draft",
    }

    admin_client.post(reverse("admin:pages_page_change", args=[spanish_page.pk]), data)

    assert not Page.objects.get(pk=spanish_page.pk).spanish_out_of_date


def test_the_draft_previews_in_spanish(admin_client, page):
    page.title_es = "El sueño"
    page.body_es = "<p>Borrador en español.</p>"
    page.save()
    url = reverse("admin:pages_page_preview", args=[page.pk])

    spanish = admin_client.get(url + "?language=es").content.decode()
    english = admin_client.get(url).content.decode()

    assert html_lang_text(spanish) == "es"
    assert "Borrador en español." in spanish
    assert "Preview of the draft in Spanish." in spanish
    assert "Borrador en español." not in english


def test_the_english_check_finds_english(client, page):
    assert "Skip to main content" in english_left_in(
        client.get("/sleep/").content.decode()
    )


@pytest.mark.parametrize("path", ["/es/", "/es/sleep/", "/es/no-such-page/"])
def test_spanish_pages_have_no_english_interface_left(client, home_page, page, path):
    body = client.get(path).content.decode()

    assert '<html lang="es">' in body
    assert "Saltar al contenido principal" in body
    assert english_left_in(body) == []


def test_the_spanish_404_is_in_spanish(client, db):
    response = client.get("/es/no-such-page/")
    body = response.content.decode()

    assert response.status_code == 404
    assert "No encontramos esa página" in body
    assert '<a href="/no-such-page/" hreflang="en" lang="en">English</a>' in body


def test_the_spanish_csrf_failure_page_is_in_spanish(db):
    response = Client(enforce_csrf_checks=True).post("/es/contact/", {})
    body = response.content.decode()

    assert response.status_code == 403
    assert "Por favor, envíe el formulario de nuevo" in body
    assert english_left_in(body) == []


@pytest.mark.parametrize(
    "render",
    [
        lambda request: defaults.bad_request(request, SuspiciousOperation()),
        lambda request: defaults.server_error(request),
        lambda request: HttpResponse(render_to_string("503.html")),
    ],
    ids=["400", "500", "503"],
)
def test_spanish_error_pages_are_in_spanish(rf, render):
    with translation.override("es"):
        body = render(rf.get("/es/")).content.decode()

    assert '<html lang="es">' in body
    assert "Si usted o su hijo o hija están en peligro, llame al 911." in strip_tags(
        body
    )
    assert english_left_in(body) == []


@pytest.mark.parametrize("slug", ["home", "privacy"])
def test_the_spanish_the_migrations_publish_is_current(slug):
    """Storing the editor's markup (0014) changed no English word: the seeded
    Spanish is not flagged "out of date" for an editor on the first day."""
    page = Page.objects.get(slug=slug)

    assert page.has_spanish
    assert not page.spanish_out_of_date
    assert page.live_revision.content["spanish_source"] == page.spanish_source


def test_the_spanish_matches_is_offered_only_when_there_is_spanish(
    admin_client, spanish_page
):
    english_only = Page.objects.create(title="Feeding", slug="feeding", body="<p>x</p>")
    label = "The Spanish matches the English"

    with_spanish = admin_client.get(
        reverse("admin:pages_page_change", args=[spanish_page.pk])
    )
    without = admin_client.get(
        reverse("admin:pages_page_change", args=[english_only.pk])
    )
    new = admin_client.get(reverse("admin:pages_page_add"))

    assert label in with_spanish.content.decode()
    assert label not in without.content.decode()
    assert 'name="spanish_checked"' not in without.content.decode()
    assert label not in new.content.decode()
