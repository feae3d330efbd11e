import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from pages.diff import diff_lines, text_lines

pytestmark = pytest.mark.django_db

QUOTE = (
    "<blockquote><p>Relationships are the agent of change.</p>"
    "<p><cite>Bessel van der Kolk</cite></p></blockquote>"
)


def compare(client, page, revision):
    url = reverse("admin:pages_page_compare", args=[page.pk, revision.pk])
    return client.get(url).content.decode()


def when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def test_an_unchanged_quote_credit_shows_once_with_one_dash(editor_client, page):
    page.body = f"{QUOTE}<p>Draft words about sleep.</p>"
    page.publish()
    page.body = f"{QUOTE}<p>Draft words about rest.</p>"
    page.save()

    body = compare(editor_client, page, page.revisions.first())

    assert "<ins>rest.</ins>" in body
    assert "— <cite>Bessel van der Kolk</cite>" in body
    assert body.count("<cite>") == 1


def test_a_changed_quote_credit_still_has_one_dash():
    before = text_lines("<p><cite>Bessel van der Kolk</cite></p>")
    after = text_lines("<p><cite>Bessel A. van der Kolk</cite></p>")

    [(kind, html)] = diff_lines(before, after)

    assert kind == "changed"
    assert html.count("—") == 1
    assert html.startswith("— <cite>Bessel</cite> <ins><cite>A.</cite></ins>")


def test_a_scheduled_version_shows_when_it_publishes_not_when_it_was_saved(
    editor_client, page
):
    at = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    at += datetime.timedelta(days=7)
    page.body = "<p>Next week's words.</p>"
    scheduled = page.publish(at=at)

    body = compare(editor_client, page, scheduled)

    assert f"(Scheduled to publish on {when(at)})" in body
    assert f"saved on {when(scheduled.created_at)}" in body
    assert f"publish on {when(scheduled.created_at)}" not in body


def test_a_cancelled_schedule_claims_no_publish_time(editor_client, page):
    page.body = "<p>Next week's words.</p>"
    scheduled = page.publish(at=timezone.now() + datetime.timedelta(days=7))
    page.cancel_schedule()

    body = compare(editor_client, page, scheduled)

    assert "(Scheduled to publish)" in body
    assert f"publish on {when(scheduled.created_at)}" not in body


def test_history_says_when_the_scheduled_version_goes_live_not_scheduled_twice(
    editor_client, page
):
    at = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    at += datetime.timedelta(days=7)
    page.body = "<p>Next week's words.</p>"
    page.publish(at=at)

    url = reverse("admin:pages_page_history", args=[page.pk])
    body = editor_client.get(url).content.decode()

    assert f"Scheduled to publish <strong>(goes live {when(at)})</strong>" in body
    assert "(scheduled)" not in body


def test_a_version_saved_by_no_one_names_no_one(editor_client, page):
    # The `page` fixture publishes without a user, as the site's set-up does.
    revision = page.live_revision

    body = compare(editor_client, page, revision)

    assert f"saved on {when(revision.created_at)} (Published)," in body
    assert "by —" not in body


def test_use_this_version_says_when_that_version_was_saved_in_local_time(
    editor_client, page, settings
):
    settings.TIME_ZONE = "America/New_York"
    first = page.live_revision
    first.created_at = datetime.datetime(2026, 11, 30, 12, 58, tzinfo=datetime.UTC)
    first.save()
    page.body = "<p>Second.</p>"
    page.save()

    url = reverse("admin:pages_page_revert", args=[page.pk, first.pk])
    response = editor_client.post(url, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "The draft now has the content saved on Nov. 30, 2026, 7:58 a.m. "
        "Check it, then press Publish to put it on the site."
    ]


def spanish_written_after(page):
    """The page's first version has no Spanish; the draft now does."""
    first = page.live_revision
    page.title_es = "El sueño"
    page.body_es = "<p>Palabras sobre el sueño.</p>"
    page.navigation_label_es = "Sueño"
    page.publish()
    return first


def test_using_a_version_without_spanish_keeps_the_drafts_spanish_and_says_so(
    editor_client, page
):
    first = spanish_written_after(page)
    page.body = "<p>Second.</p>"
    page.save()

    url = reverse("admin:pages_page_revert", args=[page.pk, first.pk])
    response = editor_client.post(url, follow=True)

    page.refresh_from_db()
    assert page.body == "<p>Draft words about sleep.</p>"
    assert (page.title_es, page.navigation_label_es) == ("El sueño", "Sueño")
    assert page.body_es == "<p>Palabras sobre el sueño.</p>"
    [message] = [str(m) for m in response.context["messages"]]
    assert (
        "The Spanish text is kept from your current draft: the version you chose "
        "had none. Check it, then press Publish" in message
    )


def test_show_changes_for_a_version_without_spanish_shows_the_spanish_kept(
    editor_client, page
):
    first = spanish_written_after(page)

    body = compare(editor_client, page, first)

    assert "Title in Spanish" not in body
    assert "<del>" not in body.split("This version has no Spanish")[1]
    assert "keeps the Spanish text of your current draft" in body
    assert "No differences" in body


def test_using_a_version_with_spanish_restores_that_spanish(editor_client, page):
    spanish_written_after(page)
    with_spanish = page.live_revision
    page.title_es = "Dormir"
    page.save()

    url = reverse("admin:pages_page_revert", args=[page.pk, with_spanish.pk])
    response = editor_client.post(url, follow=True)

    page.refresh_from_db()
    assert page.title_es == "El sueño"
    [message] = [str(m) for m in response.context["messages"]]
    assert "Spanish text is kept" not in message
    body = compare(editor_client, page, with_spanish)
    assert "This version has no Spanish" not in body
