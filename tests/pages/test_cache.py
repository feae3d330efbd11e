import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_a_public_page_renders_with_three_queries_uncached(
    client, page, settings_row, django_assert_num_queries
):
    # The page with its live content, the menu, the site settings.
    with django_assert_num_queries(3):
        response = client.get("/sleep/")

    assert response.status_code == 200


def test_the_home_page_renders_with_at_most_three_queries_uncached(
    client, home_page, settings_row, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        assert client.get("/").status_code == 200


def test_a_cached_public_page_needs_no_query(
    client, page, settings_row, django_assert_num_queries
):
    first = client.get("/sleep/")

    with django_assert_num_queries(0):
        second = client.get("/sleep/")

    assert second.status_code == 200
    assert second.content == first.content


def test_staff_are_never_served_from_or_stored_in_the_cache(client, page, admin_user):
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as queries:
        client.get("/sleep/")
        client.get("/sleep/")
    page_lookups = [q for q in queries if 'FROM "pages_page"' in q["sql"]]
    assert len(page_lookups) >= 2

    client.logout()
    with CaptureQueriesContext(connection) as anonymous:
        client.get("/sleep/")
    assert len(anonymous) > 0


def test_publish_invalidates_the_cached_page(client, page):
    client.get("/sleep/")
    page.body = "<p>Fresh words.</p>"
    page.publish()

    assert "Fresh words." in client.get("/sleep/").content.decode()


def test_unpublish_invalidates_the_cached_page(client, page):
    client.get("/sleep/")
    page.unpublish()

    assert client.get("/sleep/").status_code == 404


def test_a_draft_save_leaves_the_cached_live_page_as_it_was(client, page):
    client.get("/sleep/")
    page.body = "<p>Not yet.</p>"
    page.save()

    assert "Not yet." not in client.get("/sleep/").content.decode()


def test_site_settings_changes_show_at_once(client, page):
    client.get("/sleep/")
    settings = SiteSettings.load()
    settings.phone = "555 0199"
    settings.save()

    assert "555 0199" in client.get("/sleep/").content.decode()


def test_menu_changes_show_at_once_on_cached_pages(client, page, home_page):
    client.get("/")
    page.show_in_navigation = True
    page.save()

    assert 'href="/sleep/"' in client.get("/").content.decode()


def test_a_cached_page_keeps_every_security_header_and_gets_its_own_request_id(
    client, page, settings_row
):
    first = client.get("/sleep/")
    second = client.get("/sleep/")

    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "Permissions-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
    ):
        assert second[header] == first[header]
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_a_visitor_with_a_session_is_never_served_from_the_cache(
    client, page, settings_row
):
    client.get("/sleep/")
    client.cookies["sessionid"] = "not-a-real-session"

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sleep/").status_code == 200
    assert any('FROM "pages_page"' in q["sql"] for q in queries)


def test_a_query_string_bypasses_the_cache(client, page, settings_row):
    client.get("/sleep/")

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/sleep/?utm_source=x").status_code == 200
    assert any('FROM "pages_page"' in q["sql"] for q in queries)


def test_the_contact_form_is_never_cached(client, settings_row):
    first = client.get("/contact/").content.decode()
    second = client.get("/contact/").content.decode()

    def token(html):
        return html.split('name="started" value="')[1].split('"')[0]

    assert token(first) != token(second)


def test_one_cache_entry_serves_every_port_and_spelling_of_the_host(
    client, page, settings_row, django_assert_num_queries
):
    first = client.get("/sleep/", HTTP_HOST="127.0.0.1:8000")

    with django_assert_num_queries(0):
        for host in ("127.0.0.1:1", "127.0.0.1:65000", "127.0.0.1", "127.0.0.1.:9"):
            again = client.get("/sleep/", HTTP_HOST=host)
            assert again.content == first.content
    assert 'href="http://127.0.0.1/sleep/"' in first.content.decode()


def test_a_host_that_is_not_allowed_is_refused_not_cached(client, page, settings_row):
    assert client.get("/sleep/", HTTP_HOST="evil.example").status_code == 400


def test_a_change_is_announced_again_when_its_transaction_commits(
    page, django_capture_on_commit_callbacks
):
    # Another process may render the old rows between the change and the commit.
    from django.db import transaction

    from pages import generation

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            page.body = "<p>Fresh words.</p>"
            page.publish()
            before_commit = generation.source().current()

    assert generation.source().current() != before_commit
