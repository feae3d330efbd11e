import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags

from pages.models import Revision

from .test_admin import change_url, form_data

pytestmark = pytest.mark.django_db


def when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def history_rows(client, page):
    """History's rows as an editor reads them: when, who, what."""
    body = client.get(reverse("admin:pages_page_history", args=[page.pk]))
    rows = body.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return [
        " ".join(strip_tags(row).split())
        for row in rows.split("<tr>")[1:]
        if row.strip()
    ]


def test_an_address_change_is_listed_with_who_and_when(editor_client, page):
    response = editor_client.post(change_url(page), form_data(page, slug="rest"))
    assert response.status_code == 302

    event = page.revisions.get(action=Revision.Action.ADDRESS)
    rows = history_rows(editor_client, page)
    assert rows[0] == (
        f"{when(event.created_at)} Maria Address changed from /sleep/ to /rest/"
    )
    assert "Published" in rows[1]  # the text did not change: no new version


def test_setting_and_removing_take_offline_at_is_listed(editor_client, page):
    at = timezone.localtime() + datetime.timedelta(days=3)
    at = at.replace(second=0, microsecond=0)
    editor_client.post(
        change_url(page),
        form_data(
            page,
            expire_at_0=at.strftime("%Y-%m-%d"),
            expire_at_1=at.strftime("%H:%M:%S"),
        ),
    )
    page.refresh_from_db()
    assert page.expire_at == at

    editor_client.post(change_url(page), form_data(page))

    rows = history_rows(editor_client, page)
    assert "Maria Offline time removed: the page stays on the site" in rows[0]
    assert f"Maria Set to go offline at {when(at)}" in rows[1]


def test_a_scheduled_version_going_live_is_listed_at_its_time_once(
    editor_client, editor, page, clock
):
    at = timezone.now() + datetime.timedelta(hours=1)
    page.body = "<p>Tomorrow's words.</p>"
    page.publish(user=editor, at=at)
    assert not any("Went live" in row for row in history_rows(editor_client, page))

    clock.advance(hours=2)
    editor_client.force_login(editor)  # the staff session timed out meanwhile
    # Nothing has run at that time: History still tells.
    assert history_rows(editor_client, page)[0] == (
        f"{when(at)} Maria Went live (scheduled)"
    )

    page.body = "<p>Later words.</p>"
    page.save()  # the page settles and stores the event

    rows = history_rows(editor_client, page)
    assert [row for row in rows if "Went live" in row] == [
        f"{when(at)} Maria Went live (scheduled)"
    ]
    assert any("Saved draft" in row for row in rows)
    assert page.revisions.filter(action=Revision.Action.WENT_LIVE).count() == 1


def test_unpublishing_after_a_scheduled_version_went_live_keeps_that_event(page, clock):
    at = timezone.now() + datetime.timedelta(hours=1)
    page.body = "<p>Tomorrow's words.</p>"
    page.publish(at=at)
    clock.advance(hours=2)

    page.unpublish()

    went_live = page.revisions.get(action=Revision.Action.WENT_LIVE)
    assert went_live.created_at == at
    assert went_live.content["body"] == "<p>Tomorrow's words.</p>"


def test_events_offer_no_show_changes_or_use_this_version(editor_client, page):
    page.slug = "rest"
    page.save()

    body = editor_client.get(
        reverse("admin:pages_page_history", args=[page.pk])
    ).content.decode()

    event_row = body.split("Address changed")[1].split("</tr>")[0]
    assert "Show changes" not in event_row
    assert "Use this version" not in event_row


def test_saving_unchanged_text_after_an_event_adds_no_version(page):
    page.slug = "rest"
    page.save()
    page.save()

    assert [r.action for r in page.revisions.all()[:2]] == [
        Revision.Action.ADDRESS,
        Revision.Action.PUBLISHED,
    ]


def test_publishing_an_offline_page_lists_only_the_publish(page, clock):
    page.expire_at = timezone.now() + datetime.timedelta(hours=1)
    page.save()
    clock.advance(hours=2)

    page.publish()

    assert [r.action for r in page.revisions.all()[:2]] == [
        Revision.Action.PUBLISHED,
        Revision.Action.EXPIRY,
    ]


def test_a_form_sending_take_offline_at_back_unchanged_records_nothing(
    editor_client, page
):
    page.expire_at = timezone.now() + datetime.timedelta(days=3)  # with microseconds
    page.save()
    shown = timezone.localtime(page.expire_at)

    editor_client.post(
        change_url(page),
        form_data(
            page,
            expire_at_0=shown.strftime("%Y-%m-%d"),
            expire_at_1=shown.strftime("%H:%M:%S"),
        ),
    )

    assert page.revisions.filter(action=Revision.Action.EXPIRY).count() == 1
