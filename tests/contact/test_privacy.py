"""The privacy notice: the practice's page plus facts read from this site's settings."""

import importlib

import pytest
from django.apps import apps

from contact.forms import InquiryForm
from pages.models import Page

pytestmark = pytest.mark.django_db
MIGRATION = importlib.import_module(
    "pages.migrations.0009_spanish_home_and_privacy_notice"
)


@pytest.fixture
def privacy_page(db):
    Page.objects.filter(slug="privacy").delete()
    MIGRATION.publish_privacy_notice(apps, None)
    return Page.objects.get(slug="privacy")


def test_the_privacy_notice_is_published_in_english_and_spanish(client, privacy_page):
    english = client.get("/privacy/")
    spanish = client.get("/es/privacy/")

    assert english.status_code == spanish.status_code == 200
    assert "<h1>Privacy notice</h1>" in english.content.decode()
    assert "<h1>Aviso de privacidad</h1>" in spanish.content.decode()
    assert '<html lang="es">' in spanish.content.decode()
    assert "Qué guardamos" in spanish.content.decode()


def test_the_retention_periods_are_the_settings_real_numbers(
    client, privacy_page, settings
):
    settings.INQUIRY_RETENTION_CLOSED_DAYS = 400
    settings.INQUIRY_RETENTION_SPAM_DAYS = 21

    html = client.get("/privacy/").content.decode()

    assert "is deleted 400 days after it ends" in html
    assert "deleted after 21 days" in html

    settings.INQUIRY_RETENTION_CLOSED_DAYS = 90
    assert (
        "is deleted 90 days after it ends" in client.get("/privacy/").content.decode()
    )


def test_the_notice_says_who_sees_inquiries_and_what_emails_hold(client, privacy_page):
    html = client.get("/privacy/").content.decode()

    assert "Only the practice's clinicians and practice administrators" in html
    assert "never your name, your contact details or what you wrote" in html


@pytest.mark.parametrize(
    "path, plain, jargon",
    [
        ("/privacy/", "In short: what we keep when you write to us", "settings"),
        (
            "/es/privacy/",
            "En resumen: qué guardamos cuando nos escribe",
            "configuración",
        ),
    ],
)
def test_the_facts_open_in_words_a_family_understands(
    client, privacy_page, path, plain, jargon
):
    html = client.get(path).content.decode()
    facts = html[html.index('<section class="privacy-facts"') :]

    assert plain in facts
    assert jargon not in facts


def test_the_practice_keeps_its_own_words_above_the_facts(client, privacy_page):
    privacy_page.body = "<p>Our own words about privacy.</p>"
    privacy_page.publish()

    html = client.get("/privacy/").content.decode()

    assert html.index("Our own words") < html.index("What we store")


def test_an_unpublished_privacy_page_is_not_found(client, privacy_page):
    # Nobody can unpublish it now (pages.models.kept); a draft of the practice's
    # own, which the migration leaves, is such a page.
    privacy_page.delete()
    Page.objects.create(slug="privacy", title="Ours", body="<p>Not ready.</p>")

    assert client.get("/privacy/").status_code == 404


def test_the_migration_leaves_a_privacy_page_the_practice_wrote(db):
    Page.objects.filter(slug="privacy").delete()
    Page.objects.create(slug="privacy", title="Ours", body="<p>Our words.</p>")

    MIGRATION.publish_privacy_notice(apps, None)

    page = Page.objects.get(slug="privacy")
    assert page.body == "<p>Our words.</p>" and page.live_revision is None


def test_the_consent_sentence_links_to_the_notice():
    help_text = str(InquiryForm().fields["consent"].help_text)

    assert '<a href="/privacy/">our privacy notice</a>' in help_text
