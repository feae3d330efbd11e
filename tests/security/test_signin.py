import logging
import os
import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from security import signin
from security.forms import INVALID_LOGIN

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "therapist", password=PASSWORD, is_staff=True, is_superuser=True
    )


def sign_in(client, username, password, address="203.0.113.7", **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, **extra},
        REMOTE_ADDR=address,
    )


def fail(client, times, username="therapist", address="203.0.113.7"):
    return [
        sign_in(client, username, "wrong password", address).status_code
        for _ in range(times)
    ]


def test_right_password_signs_in(client, staff):
    assert sign_in(client, "therapist", PASSWORD).status_code == 302


def test_the_form_asks_for_the_email_address_invited_colleagues_sign_in_with(
    client, django_user_model
):
    # An invitation makes the email address the username (staff/forms.py).
    django_user_model.objects.create_user(
        "ana@practice.example", "ana@practice.example", PASSWORD, is_staff=True
    )

    form = client.get("/admin/login/").content.decode()

    assert re.search(
        r'<label[^>]*for="id_username"[^>]*>Email address or username', form
    )
    # As the invitation shows it, or with a capital a phone's keyboard added.
    assert sign_in(client, "Ana@Practice.example", PASSWORD).status_code == 302


def test_a_username_with_capitals_still_signs_in_as_it_is(client, django_user_model):
    django_user_model.objects.create_user(
        "Admin@Clinic.example", password=PASSWORD, is_staff=True
    )

    assert sign_in(client, "Admin@Clinic.example", PASSWORD).status_code == 302


def test_guessing_one_account_from_many_addresses_is_stopped_at_the_limit(
    client, staff, settings
):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        fail(client, 1, address=f"198.51.100.{n}")
    response = sign_in(client, "therapist", "wrong password", "192.0.2.1")
    assert response.status_code == 429

    response = sign_in(client, "therapist", PASSWORD, "192.0.2.99")

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def signed_in_before(staff, address, **extra):
    """A browser that signed in as `staff` from `address`, then signed out."""
    client = Client()
    assert (
        sign_in(client, staff.username, PASSWORD, address, **extra).status_code == 302
    )
    client.post("/admin/logout/", REMOTE_ADDR=address)
    return client


def attack(settings, username="therapist", addresses=50):
    """Wrong passwords for `username` from many addresses; the statuses."""
    return [
        sign_in(Client(), username, "wrong password", f"198.51.100.{n}").status_code
        for n in range(addresses)
    ]


def test_an_attack_from_many_addresses_gets_the_limit_of_guesses_in_all(
    staff, settings
):
    statuses = attack(settings)

    assert statuses.count(200) == settings.AXES_FAILURE_LIMIT - 1
    assert statuses.count(429) == 50 - (settings.AXES_FAILURE_LIMIT - 1)


def test_the_real_user_still_signs_in_from_an_address_they_used_before(staff, settings):
    signed_in_before(staff, "192.0.2.99")
    attack(settings)

    assert sign_in(Client(), "therapist", PASSWORD, "192.0.2.99").status_code == 302
    assert sign_in(Client(), "therapist", PASSWORD, "192.0.2.98").status_code == 429


def test_the_real_user_still_signs_in_with_a_browser_they_used_before(staff, settings):
    browser = signed_in_before(staff, "192.0.2.99")
    assert browser.cookies[signin.DEVICE_COOKIE]["path"] == "/admin/"
    attack(settings)

    assert sign_in(browser, "therapist", PASSWORD, "203.0.113.200").status_code == 302


def test_a_trusted_browser_is_still_locked_by_its_own_failures(staff, settings):
    browser = signed_in_before(staff, "192.0.2.99")

    statuses = fail(browser, settings.AXES_FAILURE_LIMIT, address="192.0.2.99")

    assert statuses[-1] == 429
    assert sign_in(browser, "therapist", PASSWORD, "192.0.2.99").status_code == 429


def test_a_forged_device_cookie_is_not_trusted(staff, settings):
    browser = Client()
    browser.cookies[signin.DEVICE_COOKIE] = "forged"
    attack(settings)

    assert sign_in(browser, "therapist", PASSWORD, "192.0.2.99").status_code == 429


def test_address_is_locked_after_the_limit_even_for_other_usernames(
    client, staff, settings
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{n}", "wrong password", "203.0.113.50")

    assert sign_in(client, "therapist", PASSWORD, "203.0.113.50").status_code == 429
    assert sign_in(client, "therapist", PASSWORD, "203.0.113.51").status_code == 302


def test_forged_forwarded_for_does_not_dodge_the_address_lockout(client, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": f"guess{n}", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.60",
        )

    assert AccessAttempt.objects.get(username="guess0").ip_address == "203.0.113.60"
    response = client.post(
        "/admin/login/",
        {"username": "guess-next", "password": "x"},
        HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.60",
    )
    assert response.status_code == 429


def test_lockout_lifts_after_the_cool_off(client, staff, settings):
    statuses = fail(client, settings.AXES_FAILURE_LIMIT)
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    assert sign_in(client, "therapist", PASSWORD).status_code == 429

    # The cool-off is measured from the stored attempt time: move it back.
    almost = settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    attempt = AccessAttempt.objects.get(username="therapist")
    attempt.attempt_time -= almost
    attempt.save()
    assert sign_in(client, "therapist", PASSWORD).status_code == 429

    attempt = AccessAttempt.objects.get(username="therapist")
    attempt.attempt_time -= settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    attempt.save()
    assert sign_in(client, "therapist", PASSWORD).status_code == 302


def test_lockouts_are_logged(client, staff, settings, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        fail(client, settings.AXES_FAILURE_LIMIT - 1)
        sign_in(client, "therapist", "wrong password")

    assert any(
        r.levelno == logging.WARNING and "Locking out" in r.getMessage()
        for r in caplog.records
    ), caplog.text


def test_failure_limit_and_cool_off_come_from_the_environment():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()))"
    )

    inherited = {
        k: v
        for k, v in os.environ.items()
        if k not in {"AXES_FAILURE_LIMIT", "AXES_COOLOFF_MINUTES"}
    }

    def load(**env):
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**inherited, "DJANGO_SETTINGS_MODULE": "iecmh_site.settings", **env},
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.split()

    assert load() == ["5", "1800"]
    assert load(AXES_FAILURE_LIMIT="3", AXES_COOLOFF_MINUTES="10") == ["3", "600"]


@pytest.mark.parametrize(
    "password, message",
    [
        ("Tr0ub4dor&3", "at least 12 characters"),
        ("password1234", "too common"),
        ("493817265018", "entirely numeric"),
        ("therapist123456", "too similar"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(staff, password, message):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=staff)

    assert message in " ".join(refused.value.messages)


def test_a_long_uncommon_password_is_accepted(staff):
    validate_password("kettle orchard 7 lantern", user=staff)


def test_admin_password_change_refuses_an_eleven_character_password(client, staff):
    client.force_login(staff)
    response = client.post(
        "/admin/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "Xq7!kd93Lmz",
            "new_password2": "Xq7!kd93Lmz",
        },
    )

    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


@pytest.fixture
def device(staff):
    return TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)


def current_code(device):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():06d}"


def errors(response):
    html = " ".join(response.content.decode().split())
    return re.findall(r'class="errornote">\s*(.*?)\s*</p>', html) + re.findall(
        r'class="errorlist[^"]*">(.*?)</ul>', html
    )


def test_staff_with_a_device_cannot_sign_in_with_the_password_alone(
    client, staff, device
):
    response = sign_in(client, "therapist", PASSWORD)

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    "password, code",
    [(PASSWORD, ""), (PASSWORD, "000000"), ("wrong password", ""), ("wrong", "1")],
    ids=["no-code", "wrong-code", "wrong-password", "both-wrong"],
)
def test_every_wrong_sign_in_gets_the_same_answer(
    client, staff, device, password, code
):
    response = sign_in(client, "therapist", password, otp_token=code)

    assert errors(response) == [INVALID_LOGIN]


def test_wrong_codes_count_like_wrong_passwords(client, staff, device, settings):
    statuses = [
        sign_in(client, "therapist", PASSWORD, otp_token="000000").status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]

    assert statuses[-1] == 429
    response = sign_in(client, "therapist", PASSWORD, otp_token=current_code(device))
    assert response.status_code == 429


def test_wrong_codes_from_elsewhere_do_not_refuse_the_real_users_code(
    staff, device, settings
):
    browser = signed_in_before(staff, "192.0.2.99", otp_token=current_code(device))
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # the code again
    for n in range(20):
        sign_in(Client(), "therapist", PASSWORD, f"198.51.100.{n}", otp_token="1")

    response = sign_in(
        browser, "therapist", PASSWORD, "192.0.2.99", otp_token=current_code(device)
    )
    assert response.status_code == 302


def test_staff_with_a_device_signs_in_with_its_code(client, staff, device):
    response = sign_in(client, "therapist", PASSWORD, otp_token=current_code(device))

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_is_refused(client, staff, device):
    response = sign_in(client, "therapist", PASSWORD, otp_token="000000")

    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302


def test_a_session_without_the_second_factor_is_not_let_in(client, staff, device):
    client.force_login(staff)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
