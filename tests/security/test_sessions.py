import pytest

from security.sessions import LAST_SEEN_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, admin_user, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200
    return client


def move_last_seen(client, minutes):
    session = client.session
    session[LAST_SEEN_KEY] -= minutes * 60
    session.save()


def test_staff_are_signed_out_after_the_idle_time(staff_client):
    move_last_seen(staff_client, 31)

    response = staff_client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert staff_client.get("/admin/").status_code == 302


def test_activity_keeps_a_staff_session_alive(staff_client):
    move_last_seen(staff_client, 29)
    assert staff_client.get("/admin/").status_code == 200
    move_last_seen(staff_client, 29)

    assert staff_client.get("/admin/").status_code == 200
    assert staff_client.session.get_expiry_age() == 30 * 60


def test_the_idle_time_is_configurable(staff_client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    move_last_seen(staff_client, 6)

    assert staff_client.get("/admin/").status_code == 302


def test_visitors_sessions_are_untouched(client, home_page):
    client.get("/")

    assert LAST_SEEN_KEY not in client.session
