import html

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from pages import addresses
from pages.models import Page, Redirect

from .test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/pages/page/add/"


def new_page_data(**changes):
    return {
        "title": "Baby sleep",
        "slug": "baby-sleep",
        "body": "<p>Words I typed.</p>",
        "navigation_order": 10,
        "show_in_navigation": "on",
        "_continue": "Save draft",
        **changes,
    }


def errors_of(response):
    return response.context["adminform"].form.errors


# The home page stays on the site, at its address.


def test_the_home_page_form_offers_no_offline_time_no_address_change_no_unpublish(
    editor_client, home_page
):
    response = editor_client.get(change_url(home_page))

    form = response.context["adminform"].form
    assert form.fields["expire_at"].disabled
    assert form.fields["slug"].disabled
    body = response.content.decode()
    assert "it is always on the site, so it has no offline time" in body
    assert "This is the home page: its address is http://testserver/" in body
    assert reverse("admin:pages_page_unpublish", args=[home_page.pk]) not in body
    assert ">Unpublish<" not in body


def test_other_live_pages_still_offer_unpublish_and_an_offline_time(
    editor_client, page
):
    response = editor_client.get(change_url(page))

    form = response.context["adminform"].form
    assert not form.fields["expire_at"].disabled
    assert not form.fields["slug"].disabled
    assert ">Unpublish<" in response.content.decode()


def test_an_offline_time_sent_for_the_home_page_is_refused_and_the_typing_kept(
    editor_client, client, home_page
):
    now = timezone.localtime()
    data = form_data(
        home_page,
        body="<p>My new welcome.</p>",
        expire_at_0=now.strftime("%Y-%m-%d"),
        expire_at_1=now.strftime("%H:%M:%S"),
    )

    response = editor_client.post(change_url(home_page), data)

    assert response.status_code == 200
    assert "cannot be taken offline" in str(errors_of(response)["expire_at"])
    assert "My new welcome." in response.content.decode()
    home_page.refresh_from_db()
    assert home_page.expire_at is None
    client.logout()
    assert client.get("/").status_code == 200
    assert client.get("/es/").status_code == 200


def test_saving_the_home_page_clears_an_offline_time_set_before(
    editor_client, home_page
):
    Page.objects.filter(pk=home_page.pk).update(expire_at=timezone.now())
    home_page.refresh_from_db()

    response = editor_client.post(change_url(home_page), form_data(home_page))

    assert response.status_code == 302
    home_page.refresh_from_db()
    assert home_page.expire_at is None
    assert home_page.is_live()


def test_the_home_page_cannot_have_an_offline_time_or_another_address(home_page):
    home_page.expire_at = timezone.now()
    home_page.slug = "welcome"

    with pytest.raises(ValidationError) as refused:
        home_page.full_clean()

    assert set(refused.value.message_dict) == {"slug"}
    home_page.slug = "home"
    with pytest.raises(ValidationError) as refused:
        home_page.full_clean()
    assert "cannot be taken offline" in refused.value.message_dict["expire_at"][0]


def test_unpublishing_the_home_page_is_refused_with_a_reason(
    editor_client, client, home_page
):
    url = reverse("admin:pages_page_unpublish", args=[home_page.pk])

    for response in (editor_client.get(url), editor_client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == change_url(home_page)
        told = [str(m) for m in get_messages(response.wsgi_request)]
        assert any("home page cannot be taken off the site" in m for m in told)

    home_page.refresh_from_db()
    assert home_page.is_live()
    with pytest.raises(ValidationError):
        home_page.unpublish()
    client.logout()
    assert client.get("/").status_code == 200


def test_the_privacy_notice_keeps_its_address_and_stays_on_the_site(
    editor_client, client
):
    # The contact form's consent and every footer link to /privacy/.
    notice = Page.objects.get(slug="privacy")
    form = editor_client.get(change_url(notice)).context["adminform"].form
    assert form.fields["slug"].disabled and form.fields["expire_at"].disabled

    moved = editor_client.post(
        change_url(notice), form_data(notice, slug="privacy-notice")
    )
    unpublish = reverse("admin:pages_page_unpublish", args=[notice.pk])
    refused = editor_client.post(unpublish)

    assert "privacy notice" in str(errors_of(moved)["slug"])
    told = [str(m) for m in get_messages(refused.wsgi_request)]
    assert any("privacy notice cannot be taken off the site" in m for m in told)
    notice.refresh_from_db()
    assert notice.slug == "privacy" and notice.is_live()
    client.logout()
    assert client.get("/privacy/").status_code == 200


def test_nobody_can_delete_the_home_page_or_the_privacy_notice(admin_client, page):
    kept = [Page.objects.get(slug="home"), Page.objects.get(slug="privacy")]

    for one in kept:
        delete = reverse("admin:pages_page_delete", args=[one.pk])
        assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    response = admin_client.post(
        "/admin/pages/page/",
        {
            "action": "delete_selected",
            "_selected_action": [kept[1].pk, page.pk],
            "post": "yes",
        },
        follow=True,
    )

    told = [str(m) for m in response.context["messages"]]
    assert any("privacy notice cannot be deleted" in m for m in told)
    assert Page.objects.filter(pk__in=[one.pk for one in kept]).count() == 2
    assert Page.objects.filter(pk=page.pk).exists()  # nothing was deleted
    admin_client.post(
        "/admin/pages/page/",
        {"action": "delete_selected", "_selected_action": [page.pk], "post": "yes"},
    )
    assert not Page.objects.filter(pk=page.pk).exists()  # others still can be


def test_the_home_pages_address_cannot_change(editor_client, client, home_page):
    response = editor_client.post(
        change_url(home_page), form_data(home_page, slug="welcome")
    )

    assert response.status_code == 200
    assert "address" in str(errors_of(response)["slug"])
    home_page.refresh_from_db()
    assert home_page.slug == "home"
    assert not Redirect.objects.exists()
    client.logout()
    assert client.get("/").status_code == 200
    assert client.get("/welcome/").status_code == 404


# Renaming never leaves a loop.


def test_renaming_a_page_there_and_back_leaves_no_redirect_loop(
    editor_client, client, page
):
    assert (
        editor_client.post(change_url(page), form_data(page, slug="rest")).status_code
        == 302
    )
    page.refresh_from_db()
    assert (
        editor_client.post(change_url(page), form_data(page, slug="sleep")).status_code
        == 302
    )

    assert list(Redirect.objects.values_list("old_slug", flat=True)) == ["rest"]
    client.logout()
    assert client.get("/sleep/").status_code == 200
    moved = client.get("/rest/")
    assert moved.status_code == 301
    assert moved["Location"] == "/sleep/"


def test_a_moved_address_is_kept_by_browsers_for_an_hour_not_for_ever(client, page):
    page.slug = "rest"
    page.save()

    response = client.get("/sleep/")

    assert response.status_code == 301
    assert "max-age=3600" in response["Cache-Control"]


def test_a_redirect_cannot_start_at_an_address_a_page_has(admin_client, page):
    page.slug = "rest"
    page.save()
    redirect = Redirect.objects.get()

    response = admin_client.post(
        reverse("admin:pages_redirect_change", args=[redirect.pk]),
        {"old_slug": "rest", "page": page.pk},
    )

    assert response.status_code == 200
    assert Redirect.objects.get().old_slug == "sleep"


def test_an_old_address_of_another_page_names_that_page(editor_client, page):
    page.slug = "rest"
    page.save()

    response = editor_client.post(ADD_URL, new_page_data(slug="sleep"))

    assert "an old address of the page “Sleep”" in str(errors_of(response)["slug"])


# Addresses that could never be reached, taken ones, and badly written ones.


@pytest.mark.parametrize(
    "slug",
    ["contact", "es", "en", "admin", "static", "media", "sitemap.xml", "robots.txt"],
)
def test_an_address_the_site_uses_itself_is_refused(editor_client, slug):
    response = editor_client.post(ADD_URL, new_page_data(slug=slug))

    assert response.status_code == 200
    [error] = errors_of(response)["slug"]
    assert error.startswith("This address is used by the site itself (/")
    assert error.endswith(". Please choose another.")
    assert "Words I typed." in response.content.decode()
    assert not Page.objects.filter(title="Baby sleep").exists()


def test_the_site_addresses_come_from_the_urlconf_and_leave_the_privacy_page_alone():
    used = addresses.site_addresses()

    assert {"admin", "contact", "es", "healthz", "sitemap.xml", "static"} <= set(used)
    assert "privacy" not in used
    addresses.check("privacy")


def test_a_taken_address_names_the_page_that_has_it(editor_client, page):
    response = editor_client.post(ADD_URL, new_page_data(slug="sleep"))

    assert [str(e) for e in errors_of(response)["slug"]] == [
        "The page “Sleep” already has this address."
    ]


@pytest.mark.parametrize(
    ("slug", "example"),
    [("Baby Sleep", "baby-sleep"), ("baby_sleep", "baby-sleep"), ("bébé", "bebe")],
)
def test_a_badly_written_address_is_explained_in_the_help_texts_words(
    editor_client, slug, example
):
    response = editor_client.post(ADD_URL, new_page_data(slug=slug))

    [error] = errors_of(response)["slug"]
    assert error.startswith("Use only small letters, numbers and hyphens")
    assert f"for example “{example}”" in error
    assert "Enter a valid" not in response.content.decode()


def test_the_top_of_the_form_says_which_field_to_correct(editor_client):
    response = editor_client.post(ADD_URL, new_page_data(slug="contact"))

    body = response.content.decode()
    assert (
        'To correct: <a href="#id_slug">Address</a> (in “Address, menu and schedule”).'
        in body
    )


def test_a_page_keeps_an_address_it_already_had_when_saved(editor_client):
    old = Page.objects.create(title="Old", slug="Old_Page", body="<p>Old.</p>")

    response = editor_client.post(change_url(old), form_data(old, body="<p>New.</p>"))

    assert response.status_code == 302
    old.refresh_from_db()
    assert old.body == "<p>New.</p>"


# Saying that the address changed on the site.


def test_changing_a_live_pages_address_says_where_it_is_now(editor_client, page):
    response = editor_client.post(
        change_url(page), form_data(page, slug="baby-sleep"), follow=True
    )

    assert (
        "The page's address is now /baby-sleep/. The old address /sleep/ leads there."
        in html.unescape(response.content.decode())
    )


def test_changing_a_drafts_address_says_nothing_of_an_old_address(editor_client):
    draft = Page.objects.create(title="Draft", slug="draft", body="<p>D.</p>")

    response = editor_client.post(
        change_url(draft), form_data(draft, slug="new-draft"), follow=True
    )

    assert "The old address" not in response.content.decode()
