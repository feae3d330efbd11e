from datetime import timedelta

import pytest
from django.utils import timezone

from pages.models import Page, Redirect, Revision

pytestmark = pytest.mark.django_db


def test_create_makes_an_unpublished_draft(client):
    page = Page.objects.create(title="Play", slug="play", body="<p>Play.</p>")

    assert page.live_revision is None
    assert not Page.objects.published().filter(pk=page.pk).exists()
    assert client.get("/play/").status_code == 404


def test_publish_makes_the_current_content_live_at_its_slug(client):
    page = Page.objects.create(title="Play", slug="play", body="<p>Play matters.</p>")

    page.publish()

    response = client.get("/play/")
    assert response.status_code == 200
    assert "Play matters." in response.content.decode()


def test_editing_a_published_page_changes_only_the_draft_until_publish(client, page):
    page.title = "Sleep, revised"
    page.body = "<p>New words.</p>"
    page.save()

    public = client.get("/sleep/").content.decode()
    assert "Draft words about sleep." in public and "New words." not in public
    assert page.has_unpublished_changes

    page.publish()

    public = client.get("/sleep/").content.decode()
    assert "New words." in public and "Sleep, revised" in public


def test_unpublish_takes_the_page_off_the_site(client, page):
    page.unpublish()

    assert client.get("/sleep/").status_code == 404
    page.refresh_from_db()
    assert page.body == "<p>Draft words about sleep.</p>"


def test_every_save_and_publish_records_who_when_and_what(page, django_user_model):
    editor = django_user_model.objects.create_user("maria")
    page.body = "<p>Second.</p>"
    page.updated_by = editor
    page.save()
    page.publish(user=editor)

    actions = list(page.revisions.values_list("action", "created_by", "content__body"))
    assert actions[:2] == [
        ("published", editor.pk, "<p>Second.</p>"),
        ("saved", editor.pk, "<p>Second.</p>"),
    ]
    assert [a for a, *_ in actions[2:]] == ["published", "saved"]
    assert all(r.created_at for r in page.revisions.all())


def test_saving_unchanged_content_adds_no_revision(page):
    count = page.revisions.count()

    page.save()

    assert page.revisions.count() == count


def test_revert_makes_an_old_revision_the_draft_and_leaves_live_alone(client, page):
    first = page.live_revision
    page.body = "<p>Second.</p>"
    page.publish()

    page.revert_to(first)

    page.refresh_from_db()
    assert page.body == "<p>Draft words about sleep.</p>"
    assert page.revisions.first().action == Revision.Action.REVERTED
    assert "Second." in client.get("/sleep/").content.decode()
    page.publish()
    assert "Draft words about sleep." in client.get("/sleep/").content.decode()


DIRTY = (
    '<p onclick="steal()" style="color:red">Hi<script>alert(1)</script></p>'
    '<a href="javascript:alert(2)">x</a><img src=x onerror="alert(3)">'
    '<iframe src="https://evil.example"></iframe><style>p{}</style>'
)


def _assert_clean(markup):
    for bad in ("<script", "onclick", "onerror", "javascript:", "style=", "<iframe"):
        assert bad not in markup, bad


def test_body_is_sanitized_on_save():
    page = Page.objects.create(title="X", slug="x", body=DIRTY)

    _assert_clean(page.body)
    assert "<p>Hi</p>" in page.body


def test_body_is_sanitized_again_on_render_whatever_was_stored(client, page):
    Revision.objects.filter(pk=page.live_revision_id).update(
        content={**page.live_revision.content, "body": DIRTY}
    )

    body = client.get("/sleep/").content.decode()

    _assert_clean(body.split('<div class="page-body">')[1].split("</div>")[0])
    assert "Hi" in body


def test_changing_a_published_pages_slug_leaves_a_permanent_redirect(client, page):
    page.slug = "sleep-and-rest"
    page.save()
    page.slug = "rest"
    page.save()

    for old in ("/sleep/", "/sleep-and-rest/"):
        response = client.get(old)
        assert response.status_code == 301
        assert response["Location"] == "/rest/"
    assert set(Redirect.objects.values_list("old_slug", flat=True)) == {
        "sleep",
        "sleep-and-rest",
    }


def test_a_draft_slug_change_leaves_no_redirect():
    page = Page.objects.create(title="X", slug="x")
    page.slug = "y"
    page.save()

    assert not Redirect.objects.exists()


def test_reusing_an_old_address_removes_its_redirect(client, page):
    page.slug = "rest"
    page.save()
    other = Page.objects.create(title="New sleep", slug="sleep", body="<p>New.</p>")
    other.publish()

    assert not Redirect.objects.filter(old_slug="sleep").exists()
    assert client.get("/sleep/").status_code == 200


def test_home_slug_redirects_to_the_root(client, home_page):
    response = client.get("/home/")

    assert response.status_code == 301
    assert response["Location"] == "/"


@pytest.fixture
def now():
    return timezone.now()


def test_status_draft_when_never_published(now):
    page = Page.objects.create(title="A", slug="a")

    assert page.status_at(now) == Page.Status.DRAFT
    assert not page.is_live(now)


def test_status_scheduled_when_only_a_future_version_exists(now):
    page = Page.objects.create(title="A", slug="a")
    page.publish(at=now + timedelta(hours=1))

    assert page.status_at(now) == Page.Status.SCHEDULED
    assert page.status_at(now + timedelta(hours=1)) == Page.Status.LIVE
    assert page.next_change(now) == now + timedelta(hours=1)


def test_status_live(page, now):
    assert page.status_at(now) == Page.Status.LIVE


def test_status_live_with_unpublished_changes(page, now):
    page.body = "<p>Changed.</p>"
    page.save()

    assert page.status_at(now) == Page.Status.LIVE_CHANGED


def test_status_live_with_a_scheduled_version(page, now):
    page.body = "<p>Changed.</p>"
    page.publish(at=now + timedelta(days=1))

    assert page.status_at(now) == Page.Status.LIVE_SCHEDULED
    assert page.status_text(now).startswith("Live · new version scheduled for ")
    assert page.current_revision(now).content["body"] != "<p>Changed.</p>"
    later = now + timedelta(days=1, seconds=1)
    assert page.current_revision(later).content["body"] == "<p>Changed.</p>"
    assert page.status_at(later) == Page.Status.LIVE


def test_status_sentence_ends_with_one_full_stop(page, now):
    """The banner says "… 9 a.m." and "Live.", never "9 a.m.."."""
    morning = timezone.localtime(now + timedelta(days=1)).replace(hour=9, minute=0)
    page.body = "<p>Changed.</p>"
    page.publish(at=morning)

    assert page.status_text(now).endswith("9 a.m.")
    assert page.status_sentence(now).endswith("9 a.m.")
    page.publish()
    assert page.status_sentence(morning + timedelta(seconds=1)) == "Live."


def test_status_offline_after_take_offline_at(page, now):
    page.expire_at = now + timedelta(hours=1)
    page.save()

    assert page.status_at(now) == Page.Status.LIVE
    assert "goes offline" in page.status_text(now)
    assert page.status_at(now + timedelta(hours=2)) == Page.Status.OFFLINE
    assert not Page.objects.published(now + timedelta(hours=2)).filter(pk=page.pk)


def test_published_queryset_agrees_with_the_status(page, now):
    draft = Page.objects.create(title="B", slug="b")
    scheduled = Page.objects.create(title="C", slug="c")
    scheduled.publish(at=now + timedelta(hours=1))

    mine = Page.objects.filter(pk__in=[page.pk, draft.pk, scheduled.pk])
    assert set(mine.published(now)) == {page}
    assert set(mine.published(now + timedelta(hours=2))) == {page, scheduled}
    assert not draft.is_live(now)


def test_publish_saves_once_and_writes_one_revision(page):
    version, count = page.edit_version, page.revisions.count()
    page.body = "<p>Once.</p>"

    page.publish()

    page.refresh_from_db()
    assert page.edit_version == version + 1
    assert page.revisions.count() == count + 1
    assert page.live_revision.content["body"] == "<p>Once.</p>"
