"""Links built from the request's path stay on the site, whatever the path."""

import re

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]
SITE = "http://testserver/"


def links(response):
    html = response.content.decode()
    return re.findall(r'href="([^"]*)"', html)


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/",
        "///evil.example/",
        "//evil.example/es/",
        "/es//evil.example/",
        "/\\evil.example/",
        "/\\/evil.example/",
        "//evil.example/contact/",
    ],
)
def test_no_link_on_a_page_leaves_the_site(client, path):
    response = client.generic("GET", "http://testserver" + path)

    hrefs = links(response)
    assert hrefs
    for href in hrefs:
        assert href.startswith(("/", SITE, "tel:", "mailto:", "#")), href
        assert not href.startswith(("//", "/\\")), href
    absolute = [h for h in hrefs if h.startswith("http")]
    assert all(h.startswith(SITE) for h in absolute), absolute


def test_the_language_links_of_a_double_slash_path_point_to_this_site(client):
    response = client.generic("GET", "http://testserver//evil.example/")
    html = response.content.decode()

    alternates = re.findall(r'hreflang="[^"]+" href="([^"]+)"', html)
    assert alternates
    assert all(href.startswith(SITE) for href in alternates), alternates
    assert 'href="//' not in html
