import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "kettle orchard 7 lantern"


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user(
        "therapist", password=PASSWORD, is_staff=True
    )
    client.force_login(user)
    return client


def change(client, old_password):
    return client.post(
        "/admin/password_change/",
        {
            "old_password": old_password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        REMOTE_ADDR="203.0.113.7",
    )


def test_a_wrong_current_password_is_refused_and_counted(staff_client):
    response = change(staff_client, "a guess")

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    attempt = AccessAttempt.objects.get(username="therapist")
    assert attempt.failures_since_start == 1
    assert attempt.ip_address == "203.0.113.7"


def test_the_session_is_signed_out_after_a_few_wrong_current_passwords(
    staff_client, settings
):
    for _ in range(settings.STAFF_PASSWORD_CHANGE_ATTEMPTS - 1):
        assert change(staff_client, "a guess").status_code == 200

    response = change(staff_client, "a guess")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/"
    assert "_auth_user_id" not in staff_client.session
    assert staff_client.get("/admin/").status_code == 302
    login = staff_client.get("/admin/login/").content.decode()
    assert "signed out after too many wrong current passwords" in login


def test_the_right_password_after_a_slip_still_changes_it(
    staff_client, django_user_model, settings
):
    change(staff_client, "a slip")

    assert change(staff_client, PASSWORD).status_code == 302
    user = django_user_model.objects.get(username="therapist")
    assert user.check_password(NEW_PASSWORD)
    for _ in range(settings.STAFF_PASSWORD_CHANGE_ATTEMPTS - 1):
        assert change(staff_client, "a guess").status_code == 200
