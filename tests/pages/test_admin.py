import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import strip_tags

from pages.models import Page, Redirect, Revision

pytestmark = pytest.mark.django_db


def change_url(page):
    return reverse("admin:pages_page_change", args=[page.pk])


def form_data(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "body": page.body,
        "seo_title": page.seo_title,
        "meta_description": page.meta_description,
        "navigation_label": page.navigation_label,
        "navigation_order": page.navigation_order,
        "reviewed_by": page.reviewed_by,
        "loaded_version": page.edit_version,
        "_continue": "Save draft",
    }
    return {**data, **changes}


def test_editors_group_may_add_and_change_pages_images_and_settings_and_nothing_else(
    editors_group,
):
    codenames = set(editors_group.permissions.values_list("codename", flat=True))

    assert codenames == {
        "view_page",
        "add_page",
        "change_page",
        "view_image",
        "add_image",
        "change_image",
        "view_sitesettings",
        "change_sitesettings",
    }
    assert Permission.objects.filter(codename="change_page").exists()


def test_an_editor_reaches_pages_and_settings_but_not_users(editor_client, page):
    assert editor_client.get(change_url(page)).status_code == 200
    assert editor_client.get("/admin/pages/sitesettings/").status_code == 200
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/pages/page/add/").status_code == 200
    delete_url = reverse("admin:pages_page_delete", args=[page.pk])
    assert editor_client.get(delete_url).status_code == 403


def test_saving_in_the_admin_changes_the_draft_and_publish_makes_it_live(
    editor_client, client, editor, page
):
    response = editor_client.post(
        change_url(page), form_data(page, body="<p>Edited in the admin.</p>")
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.updated_by == editor
    assert page.revisions.first().created_by == editor

    client.logout()
    assert "Edited in the admin." not in client.get("/sleep/").content.decode()

    editor_client.force_login(editor)
    editor_client.post(change_url(page), form_data(page, _publish="Publish"))
    client.logout()
    assert "Edited in the admin." in client.get("/sleep/").content.decode()


def test_unpublish_asks_for_confirmation_then_takes_the_page_off_the_site(
    editor_client, client, editor, page
):
    url = reverse("admin:pages_page_unpublish", args=[page.pk])

    confirm = editor_client.get(url)
    assert "Take “Sleep” off the site?" in confirm.content.decode()
    page.refresh_from_db()
    assert page.is_live()

    editor_client.post(url)

    client.logout()
    assert client.get("/sleep/").status_code == 404
    page.refresh_from_db()
    assert page.status == Page.Status.DRAFT
    assert page.revisions.first().created_by == editor


def test_publish_in_the_admin_saves_once_and_writes_one_revision(
    editor_client, page, monkeypatch
):
    from pages import cache as page_cache

    invalidations = []
    monkeypatch.setattr(page_cache, "invalidate", lambda: invalidations.append(1))
    version, revisions = page.edit_version, page.revisions.count()

    editor_client.post(
        change_url(page), form_data(page, body="<p>New.</p>", _publish="Publish")
    )

    page.refresh_from_db()
    assert page.edit_version == version + 1
    assert page.revisions.count() == revisions + 1
    assert page.live_revision == page.revisions.first()
    assert len(invalidations) == 1


def test_a_publish_time_with_save_draft_is_not_dropped_quietly(editor_client, page):
    later = timezone.localtime().replace(microsecond=0) + datetime.timedelta(days=2)
    response = editor_client.post(
        change_url(page),
        form_data(
            page,
            publish_at_0=later.strftime("%Y-%m-%d"),
            publish_at_1=later.strftime("%H:%M:%S"),
        ),
        follow=True,
    )

    page.refresh_from_db()
    assert not page.is_scheduled()
    [warning] = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert "saved but not scheduled" in str(warning)
    assert date_format(later, "DATETIME_FORMAT") in str(warning)


def test_publish_at_a_later_time_in_the_admin_keeps_the_live_version(
    editor_client, client, page
):
    later = timezone.localtime() + datetime.timedelta(days=2)
    editor_client.post(
        change_url(page),
        form_data(
            page,
            body="<p>Next week's words.</p>",
            publish_at_0=later.strftime("%Y-%m-%d"),
            publish_at_1=later.strftime("%H:%M:%S"),
            _publish="Publish",
        ),
    )

    page.refresh_from_db()
    assert page.status == Page.Status.LIVE_SCHEDULED
    listing = editor_client.get(reverse("admin:pages_page_changelist"))
    assert "Live · new version scheduled for" in listing.content.decode()
    assert (
        "Live · new version scheduled for"
        in editor_client.get(change_url(page)).content.decode()
    )
    client.logout()
    public = client.get("/sleep/").content.decode()
    assert "Draft words about sleep." in public and "Next week" not in public


def test_a_schedule_can_be_cancelled_after_confirming(editor_client, page):
    page.body = "<p>Later.</p>"
    page.publish(at=timezone.now() + datetime.timedelta(days=1))
    url = reverse("admin:pages_page_cancel_schedule", args=[page.pk])

    assert "Cancel the scheduled version" in editor_client.get(url).content.decode()
    editor_client.post(url)

    page.refresh_from_db()
    assert page.status == Page.Status.LIVE_CHANGED
    assert page.scheduled_revision is None and page.go_live_at is None


def test_slug_help_shows_the_real_address(editor_client, page):
    html = editor_client.get(change_url(page)).content.decode()

    assert "The page&#x27;s address: http://testserver/sleep/" in html or (
        "The page's address: http://testserver/sleep/" in html
    )


def test_an_editor_adds_a_page_that_is_in_the_menu_by_default(editor_client):
    form = editor_client.get(reverse("admin:pages_page_add")).content.decode()
    assert 'name="show_in_navigation" checked' in form.replace(
        ' id="id_show_in_navigation"', ""
    )
    response = editor_client.post(
        reverse("admin:pages_page_add"),
        {
            "title": "Naps",
            "slug": "naps",
            "body": "<p>Naps.</p>",
            "show_in_navigation": "on",
            "navigation_order": "30",
            "_publish": "Publish",
        },
    )

    assert response.status_code == 302
    page = Page.objects.get(slug="naps")
    assert page.status == Page.Status.LIVE and page.show_in_navigation
    assert page.revisions.count() == 1


def test_staff_preview_the_draft_with_the_real_templates(editor_client, page):
    page.body = "<p>Preview me.</p>"
    page.save()

    response = editor_client.get(reverse("admin:pages_page_preview", args=[page.pk]))

    body = response.content.decode()
    assert "Preview me." in body
    assert "Preview of the draft" in body
    assert '<nav aria-label="Main">' in body or "site-header" in body
    assert response["X-Robots-Tag"] == "noindex"


def test_the_preview_banner_keeps_its_two_links_apart(editor_client, page):
    url = reverse("admin:pages_page_preview", args=[page.pk])
    body = editor_client.get(url).content.decode()

    start = body.index("preview-banner")
    banner = strip_tags(body[start : body.index("</div>", start)])
    assert "Back to editing · Preview in Spanish" in " ".join(banner.split())


def test_preview_is_for_staff_only(client, page):
    response = client.get(reverse("admin:pages_page_preview", args=[page.pk]))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_history_lists_revisions_with_who_and_what(editor_client, editor, page):
    page.body = "<p>Second.</p>"
    page.updated_by = editor
    page.save()

    body = editor_client.get(
        reverse("admin:pages_page_history", args=[page.pk])
    ).content.decode()

    assert "Maria" in body
    assert "Saved draft" in body and "Published" in body
    assert "(live now)" in body


def compare_with_live(client, page):
    """The admin's comparison of the page's newest revision with what is live."""
    revision = page.revisions.first()
    url = reverse("admin:pages_page_compare", args=[page.pk, revision.pk])
    return client.get(url).content.decode()


def test_compare_shows_a_readable_word_diff_against_live(editor_client, page):
    page.body = "<p>Draft words about rest.</p><p>A new paragraph.</p>"
    page.save()

    body = compare_with_live(editor_client, page)

    assert "<del>sleep.</del>" in body
    assert "<ins>rest.</ins>" in body
    assert "<ins>A new paragraph.</ins>" in body


def test_revert_in_one_click_makes_a_new_draft(editor_client, client, page):
    first = page.live_revision
    page.body = "<p>Second.</p>"
    page.publish()

    response = editor_client.post(
        reverse("admin:pages_page_revert", args=[page.pk, first.pk])
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.body == "<p>Draft words about sleep.</p>"
    assert page.revisions.first().action == Revision.Action.REVERTED
    client.logout()
    assert "Second." in client.get("/sleep/").content.decode()


def test_revert_needs_post(editor_client, page):
    url = reverse("admin:pages_page_revert", args=[page.pk, page.live_revision_id])

    assert editor_client.get(url).status_code == 405


def test_a_stale_save_warns_and_keeps_what_was_typed(editor_client, editor, page):
    opened = form_data(page, body="<p>My careful edit.</p>")
    page.body = "<p>Someone else's edit.</p>"
    page.save()

    response = editor_client.post(change_url(page), opened)

    assert response.status_code == 200
    body = response.content.decode()
    assert "after you opened it" in body
    assert "My careful edit." in body
    page.refresh_from_db()
    assert page.body == "<p>Someone else's edit.</p>"

    again = {**opened, "loaded_version": page.edit_version}
    assert editor_client.post(change_url(page), again).status_code == 302
    page.refresh_from_db()
    assert page.body == "<p>My careful edit.</p>"


def test_review_overdue_filter_lists_pages_past_their_review_date(admin_client, page):
    today = timezone.localdate()
    page.review_due = today - datetime.timedelta(days=1)
    page.save()
    Page.objects.create(
        title="Fresh", slug="fresh", review_due=today + datetime.timedelta(days=90)
    )

    body = admin_client.get("/admin/pages/page/?review=overdue").content.decode()

    assert "Sleep" in body
    assert "Fresh" not in body


def test_redirects_are_listed_and_editable_in_the_admin(admin_client, page):
    page.slug = "rest"
    page.save()
    redirect = Redirect.objects.get()

    assert "sleep" in admin_client.get("/admin/pages/redirect/").content.decode()
    response = admin_client.post(
        reverse("admin:pages_redirect_change", args=[redirect.pk]),
        {"old_slug": "old-sleep", "page": page.pk},
    )
    assert response.status_code == 302
    assert admin_client.get("/old-sleep/")["Location"] == "/rest/"


def test_site_settings_form_in_the_admin(admin_client, page):
    from pages.models import SiteSettings

    settings = SiteSettings.load()
    response = admin_client.get(
        reverse("admin:pages_sitesettings_change", args=[settings.pk])
    )
    assert response.status_code == 200


def test_compare_shows_formatting_changes_not_only_text(editor_client, page):
    page.body = "<p>Draft <strong>words</strong> about sleep.</p>"
    page.save()

    body = compare_with_live(editor_client, page)

    assert "<del>words</del> <ins><strong>words</strong></ins>" in body
    assert "No differences" not in body


def test_a_link_to_a_page_not_on_the_site_is_flagged_to_the_editor(editor_client, page):
    draft = Page.objects.create(title="Naps", slug="naps")
    page.body = f'<p>See <a href="/naps/" data-page="{draft.pk}">naps</a>.</p>'
    page.save()

    html = editor_client.get(change_url(page)).content.decode()

    assert "Links to pages that are not on the site:</strong> Naps" in html
