import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from security.sessions import LAST_SEEN_KEY, SIGNED_IN_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, admin_user, settings):
    """A staff member just signed in, who has not opened a page yet."""
    settings.STAFF_SESSION_IDLE_MINUTES = 30
    settings.STAFF_SESSION_MAX_HOURS = 12
    response = client.post(
        "/admin/login/", {"username": "admin", "password": "password"}
    )
    assert response.status_code == 302
    client.sign_in_response = response
    return client


@pytest.fixture
def staff_client(signed_in):
    assert signed_in.get("/admin/").status_code == 200
    return signed_in


def move_back(client, minutes, key=LAST_SEEN_KEY):
    session = client.session
    session[key] -= minutes * 60
    session.save()


def signed_out(client):
    response = client.get("/admin/")
    return response.status_code == 302 and response["Location"].startswith(
        "/admin/login/"
    )


def test_staff_are_signed_out_after_the_idle_time(staff_client):
    move_back(staff_client, 31)

    assert signed_out(staff_client)
    assert staff_client.get("/admin/").status_code == 302


def test_the_idle_time_counts_from_sign_in(signed_in):
    move_back(signed_in, 31)
    move_back(signed_in, 31, SIGNED_IN_KEY)

    assert signed_out(signed_in)


def test_the_session_cookie_ends_with_the_idle_time_from_sign_in(signed_in):
    cookie = signed_in.sign_in_response.cookies["sessionid"]

    assert cookie["max-age"] == 30 * 60


def test_activity_keeps_a_staff_session_alive(staff_client):
    move_back(staff_client, 29)
    assert staff_client.get("/admin/").status_code == 200
    move_back(staff_client, 29)

    assert staff_client.get("/admin/").status_code == 200
    assert staff_client.session.get_expiry_age() == 30 * 60


def test_an_active_staff_session_ends_after_the_absolute_limit(staff_client):
    move_back(staff_client, 11 * 60 + 50, SIGNED_IN_KEY)
    assert staff_client.get("/admin/").status_code == 200
    # Ten minutes left: the cookie lasts no longer than the session may.
    assert staff_client.session.get_expiry_age() <= 10 * 60

    move_back(staff_client, 11, SIGNED_IN_KEY)

    assert signed_out(staff_client)


def test_a_session_from_before_sign_in_was_timed_is_signed_out(staff_client):
    session = staff_client.session
    del session[SIGNED_IN_KEY]
    session.save()

    assert signed_out(staff_client)


def test_the_idle_time_is_configurable(staff_client, settings):
    settings.STAFF_SESSION_IDLE_MINUTES = 5
    move_back(staff_client, 6)

    assert signed_out(staff_client)


def test_the_absolute_limit_comes_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.STAFF_SESSION_MAX_HOURS)"
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "STAFF_SESSION_MAX_HOURS"
    }
    env["DJANGO_SETTINGS_MODULE"] = "iecmh_site.settings"
    root = Path(__file__).resolve().parents[2]

    def load(**extra):
        return subprocess.run(
            [sys.executable, "-c", script],
            cwd=root,
            env={**env, **extra},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()[-1]

    assert load() == "12"
    assert load(STAFF_SESSION_MAX_HOURS="8") == "8"


def test_visitors_sessions_are_untouched(client, home_page):
    client.get("/")

    assert LAST_SEEN_KEY not in client.session


# The change forms' keep-alive (static/js/keep-typing.js) asks /admin/session/.


def test_the_session_address_answers_staff_with_no_content(staff_client):
    response = staff_client.get("/admin/session/")

    assert response.status_code == 204
    assert "no-store" in response["Cache-Control"]
    assert response["X-CSRFToken"]


def test_asking_the_session_address_counts_as_activity(staff_client):
    move_back(staff_client, 29)
    assert staff_client.get("/admin/session/").status_code == 204
    assert time.time() - staff_client.session[LAST_SEEN_KEY] < 60
    move_back(staff_client, 29)

    assert staff_client.get("/admin/").status_code == 200
    assert staff_client.session.get_expiry_age() == 30 * 60


def test_the_session_address_answers_401_without_a_sign_in_page(client, db):
    response = client.get("/admin/session/")

    assert response.status_code == 401
    assert "Location" not in response
    assert response.content == b""


def test_an_idle_session_is_ended_by_asking_the_session_address(staff_client):
    move_back(staff_client, 31)

    assert staff_client.get("/admin/session/").status_code == 401
    assert signed_out(staff_client)


def test_the_session_address_refuses_people_who_are_not_staff(
    client, django_user_model
):
    client.force_login(django_user_model.objects.create_user("parent"))

    response = client.get("/admin/session/")

    assert response.status_code == 403
    assert "Location" not in response


def test_the_session_address_only_answers_get(staff_client):
    assert staff_client.post("/admin/session/").status_code == 405


def test_the_forms_staff_write_in_load_the_keep_alive(
    client_for, clinician, site_settings
):
    from contact.models import Inquiry

    client = client_for(clinician)
    inquiry = Inquiry.objects.create(
        writer="parent", name="Rosa", email="rosa@example.net", child_age="0-12m"
    )
    change = f"/admin/contact/inquiry/{inquiry.pk}/change/"
    script = (
        'src="/static/js/keep-typing.js" defer data-session-url="/admin/session/" '
        'data-sign-in-url="/admin/login/?next=/admin/" data-idle-minutes="30"'
    )

    assert script in client.get(change).content.decode()
    assert script in client.get(f"{change[:-7]}reply/").content.decode()
    assert (
        "keep-typing.js" not in client.get("/admin/contact/inquiry/").content.decode()
    )
