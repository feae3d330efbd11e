import datetime
import json
import re

import pytest

from pages.models import Page

pytestmark = pytest.mark.django_db


def _json_ld(body):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    return json.loads(match.group(1))


def test_page_head_has_title_description_canonical_and_open_graph(client, page):
    page.seo_title = "Sleep and your baby"
    page.meta_description = "How sleep grows with your child."
    page.publish()

    body = client.get("/sleep/").content.decode()

    assert "<title>Sleep and your baby</title>" in body
    assert (
        '<meta name="description" content="How sleep grows with your child.">' in body
    )
    assert '<link rel="canonical" href="http://testserver/sleep/">' in body
    assert '<meta property="og:title" content="Sleep and your baby">' in body
    assert '<meta property="og:url" content="http://testserver/sleep/">' in body
    assert '<meta property="og:description" content="How sleep grows' in body


def test_title_and_description_default_to_the_page_title_and_text(client, page):
    body = client.get("/sleep/").content.decode()

    assert "<title>Sleep | IECMH Therapy</title>" in body
    assert '<meta name="description" content="Draft words about sleep.">' in body


def test_json_ld_describes_the_practice_from_site_settings(client, page, site_settings):
    data = _json_ld(client.get("/sleep/").content.decode())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalBusiness"
    assert data["name"] == "Little Roots Therapy"
    assert data["telephone"] == "+1 212-555-0100 ext. 2"
    assert data["email"] == "hello@practice.example"
    assert data["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "1 Main Street",
        "addressLocality": "Springfield",
    }
    assert data["url"] == "http://testserver/"


def test_json_ld_leaves_out_what_the_practice_has_not_set(client, page):
    data = _json_ld(client.get("/sleep/").content.decode())

    assert "telephone" not in data and "address" not in data


def test_json_ld_cannot_be_broken_out_of(client, page, site_settings):
    site_settings.practice_name = "</script><script>alert(1)</script>"
    site_settings.save()

    body = client.get("/sleep/").content.decode()

    assert "<script>alert(1)" not in body
    assert _json_ld(body)["name"] == "</script><script>alert(1)</script>"


def test_menu_lists_published_pages_in_order_with_their_labels(client, home_page):
    for order, (slug, label) in enumerate([("b", "Bee"), ("a", "Ay")], start=1):
        page = Page.objects.create(
            title=slug.upper(),
            slug=slug,
            navigation_label=label,
            show_in_navigation=True,
            navigation_order=order,
        )
        page.publish()
    Page.objects.create(title="Hidden draft", slug="draft", show_in_navigation=True)

    nav = client.get("/").content.decode().split('<nav aria-label="Main">')[1]
    nav = nav.split("</nav>")[0]

    assert re.findall(r">([^<]+)</a>", nav) == ["Home", "Bee", "Ay", "Contact us"]


def test_sitemap_lists_published_pages_only(client, page, home_page):
    Page.objects.create(title="Draft", slug="a-draft")

    body = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/sleep/</loc>" in body
    assert "<loc>http://testserver/</loc>" in body
    assert "a-draft" not in body
    assert "<lastmod>" in body


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_reviewed_by_and_on_show_on_the_public_page(client, page):
    page.reviewed_by = "Jane Doe, LCSW, IMH-E"
    page.reviewed_on = datetime.date(2026, 3, 2)
    page.publish()

    body = client.get("/sleep/").content.decode()

    assert (
        'Reviewed by Jane Doe, LCSW, IMH-E on <time datetime="2026-03-02">'
        "March 2, 2026</time>." in body
    )


def test_no_review_line_when_not_set(client, page):
    assert "Reviewed by" not in client.get("/sleep/").content.decode()
