import html
import re

import pytest
from django.utils.html import strip_tags

from pages.models import Page

from .test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

# 172 characters, in words: a browser's maxlength would have cut it mid-word.
LONG = (
    "Cuando su bebé llora por la noche, no siempre es hambre: a veces busca "
    "cercanía. Le contamos cómo responder con calma y cuándo conviene pedir ayuda "
    "profesional sin esperar."
)


def box(body, name):
    return re.search(rf"<(?:textarea|input)[^>]*name=\"{name}\"[^>]*>", body)[0]


def test_the_description_is_a_counted_box_that_never_cuts_typing_off(
    editor_client, page
):
    body = editor_client.get(change_url(page)).content.decode()

    for name in ("meta_description", "meta_description_es"):
        assert box(body, name).startswith("<textarea")
        assert 'data-max-length="160"' in box(body, name)
        assert "maxlength" not in box(body, name)
    for name in ("seo_title", "seo_title_es"):
        assert 'data-max-length="70"' in box(body, name)
        assert "maxlength" not in box(body, name)
    assert body.count("js/character-count.js") == 1


def test_search_fields_have_plain_labels_and_help_in_both_languages(
    editor_client, page
):
    body = editor_client.get(change_url(page)).content.decode()
    text = " ".join(html.unescape(strip_tags(body)).split())

    assert "Description for search engines:" in text
    assert "Description for search engines in Spanish:" in text
    assert (
        "Shown under the title in Google's results. Empty: the start of the "
        "page's text is used." in text
    )
    assert "Empty: the start of the Spanish text is used." in text
    assert "Shown in Spanish search results and browser tabs." in text
    assert "Meta description" not in text


def test_too_long_a_description_is_refused_with_its_length_and_kept_whole(
    editor_client, page
):
    assert len(LONG) == 172

    response = editor_client.post(
        change_url(page), form_data(page, meta_description_es=LONG)
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert (
        "Search results show at most 160 characters here: this has 172. "
        "Please shorten it; your text is kept." in body
    )
    assert LONG in html.unescape(body)
    page.refresh_from_db()
    assert page.meta_description_es == ""


def test_a_line_break_in_the_description_is_saved_as_a_space(editor_client, page):
    editor_client.post(
        change_url(page),
        form_data(page, meta_description="How sleep grows\r\nwith your child."),
    )

    page.refresh_from_db()
    assert page.meta_description == "How sleep grows with your child."


def test_the_description_from_the_text_ends_each_block_in_a_full_stop():
    page = Page(
        body="<h2>Why it matters</h2><blockquote><p>Relationships are the agent "
        "of change.</p><p><cite>Bessel van der Kolk</cite></p></blockquote>"
        "<p>As parents, <strong>you</strong>, matter.</p>"
    )

    assert page.description == (
        "Why it matters. Relationships are the agent of change. — Bessel van der "
        "Kolk. As parents, you, matter."
    )


def messages_after(response):
    return [str(m) for m in response.context["messages"]]


def test_save_draft_says_plainly_that_visitors_still_see_the_published_version(
    editor_client, page
):
    response = editor_client.post(
        change_url(page), form_data(page, body="<p>Changed.</p>"), follow=True
    )

    assert messages_after(response) == [
        "Draft saved. Visitors still see the published version."
    ]


def test_save_draft_of_a_new_page_says_it_is_not_on_the_site_yet(editor_client):
    page = Page(title="Naps", slug="naps", body="<p>Naps.</p>")
    data = {**form_data(page), "show_in_navigation": "on"}
    del data["loaded_version"]

    response = editor_client.post("/admin/pages/page/add/", data, follow=True)

    assert messages_after(response) == ["Draft saved. The page is not on the site yet."]
    assert "successfully" not in response.content.decode()


def test_a_colleagues_save_names_the_buttons_there_are(editor_client, page):
    opened = form_data(page, body="<p>My careful edit.</p>")
    page.body = "<p>Someone else's edit.</p>"
    page.save()

    body = html.unescape(editor_client.post(change_url(page), opened).content.decode())

    assert "press the same button again (Save draft, Save and preview or Publish)" in (
        body
    )
    assert "Press Save again" not in body
