"""Who is told about new inquiries is the practice admins' decision, by any route."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission

from contact import tasks
from contact.models import InquirySettings

pytestmark = pytest.mark.django_db

CHANGE = "/admin/contact/inquirysettings/1/change/"
ATTACKER = "attacker@evil.example"


@pytest.fixture
def recipients(inquiry_settings):
    return inquiry_settings.recipients


@pytest.fixture(params=["Editors", "Clinicians"])
def refused(request, make_staff):
    user = make_staff("someone", request.param)
    # Even with the raw permissions given by mistake.
    user.user_permissions.add(
        *Permission.objects.filter(codename__endswith="_inquirysettings")
    )
    return user


def unchanged(recipients):
    return InquirySettings.load().recipients == recipients


def test_change_form_refused(client_for, refused, recipients):
    client = client_for(refused)

    assert client.get(CHANGE).status_code == 403
    response = client.post(
        CHANGE, {"recipients": ATTACKER, "response_target_business_days": 2}
    )

    assert response.status_code == 403
    assert unchanged(recipients)


def test_add_form_refused(client_for, refused, recipients):
    InquirySettings.objects.all().delete()
    response = client_for(refused).post(
        "/admin/contact/inquirysettings/add/",
        {"recipients": ATTACKER, "response_target_business_days": 2},
    )

    assert response.status_code == 403
    assert not InquirySettings.objects.filter(recipients__contains=ATTACKER).exists()


def test_history_refused(client_for, refused, recipients):
    response = client_for(refused).get("/admin/contact/inquirysettings/1/history/")

    assert response.status_code == 403


def test_bulk_action_refused(client_for, refused, recipients):
    response = client_for(refused).post(
        "/admin/contact/inquirysettings/",
        {"action": "delete_selected", "_selected_action": ["1"], "post": "yes"},
    )

    assert response.status_code == 403
    assert unchanged(recipients)


def test_delete_refused_even_to_practice_admins(client_for, practice_admin, recipients):
    response = client_for(practice_admin).post(
        "/admin/contact/inquirysettings/1/delete/", {"post": "yes"}
    )

    assert response.status_code == 403
    assert unchanged(recipients)


def test_the_site_settings_no_longer_carry_recipients(
    client_for, make_staff, recipients
):
    editor = make_staff("maria", "Editors")
    client_for(editor).post(
        "/admin/pages/sitesettings/1/change/",
        {"practice_name": "X", "inquiry_recipients": ATTACKER},
    )

    assert unchanged(recipients)


def test_the_section_is_hidden_from_others(client_for, refused):
    assert "inquirysettings" not in client_for(refused).get("/admin/").content.decode()


def test_a_practice_admin_changes_them_and_the_change_is_audited(
    client_for, practice_admin, recipients
):
    response = client_for(practice_admin).post(
        CHANGE,
        {"recipients": "new@practice.example", "response_target_business_days": 3},
    )

    assert response.status_code == 302
    settings_row = InquirySettings.load()
    assert settings_row.recipient_list == ["new@practice.example"]
    entry = LogEntry.objects.get(object_id="1")
    assert entry.user == practice_admin
    message = entry.get_change_message()
    assert "new@practice.example" in message and "intake@practice.example" in message
    history = client_for(practice_admin).get(
        "/admin/contact/inquirysettings/1/history/"
    )
    assert "new@practice.example" in history.content.decode()


def test_a_bad_address_is_refused_with_a_clear_message(
    client_for, practice_admin, recipients
):
    response = client_for(practice_admin).post(
        CHANGE,
        {
            "recipients": "intake@practice.example\nnot an address",
            "response_target_business_days": 2,
        },
    )

    assert response.status_code == 200
    assert "Not an email address: not, an, address" in response.content.decode()
    assert unchanged(recipients)


def test_the_list_goes_straight_to_the_one_row(client_for, practice_admin, recipients):
    response = client_for(practice_admin).get("/admin/contact/inquirysettings/")

    assert response.status_code == 302
    assert response.url == CHANGE


def test_notifications_use_the_contact_settings(make_inquiry, inquiry_settings):
    inquiry = make_inquiry()
    notification = inquiry.notifications.create(kind="practice")

    assert tasks.build_email(notification).to == inquiry_settings.recipient_list


def test_the_default_comes_from_inquiry_notify_to(settings):
    settings.INQUIRY_NOTIFY_TO = ["first@practice.example", "second@practice.example"]

    assert InquirySettings.load().recipient_list == settings.INQUIRY_NOTIFY_TO
