"""A clinician writes to the family from the inquiry page."""

import pytest
from django.core.exceptions import ValidationError

from contact import tasks
from contact.models import ContactAttempt, Notification, Reply, ReplyTemplate

pytestmark = pytest.mark.django_db


def reply_url(inquiry):
    return f"/admin/contact/inquiry/{inquiry.pk}/reply/"


@pytest.fixture
def tried_to_call(db):
    return ReplyTemplate.objects.create(
        title="We tried to call you",
        subject="We tried to call you ({reference})",
        body="Hello {family_name},\n\nWe tried to call. {clinician_name}, "
        "{practice_name}, {practice_phone}",
    )


def test_a_template_with_an_unknown_placeholder_is_refused_clearly():
    template = ReplyTemplate(title="x", subject="Hi {name}", body="Dear {famly_name}")

    with pytest.raises(ValidationError) as refused:
        template.full_clean()

    assert "Unknown placeholder {name}" in str(refused.value.message_dict["subject"])
    assert "{famly_name}" in str(refused.value.message_dict["body"])
    assert "{family_name}" in str(refused.value.message_dict["body"])


def test_the_template_admin_shows_the_message(client_for, practice_admin):
    response = client_for(practice_admin).post(
        "/admin/contact/replytemplate/add/",
        {
            "title": "x",
            "language": "en",
            "subject": "Hi",
            "body": "Hi {nmae}",
            "order": 0,
        },  # fmt: skip
    )

    assert response.status_code == 200
    assert "Unknown placeholder {nmae}" in response.content.decode()


def test_a_clinician_starts_from_a_template_filled_in_for_the_family(
    client_for, clinician, make_inquiry, tried_to_call, site_settings
):
    inquiry = make_inquiry()

    page = client_for(clinician).post(
        reply_url(inquiry), {"template": tried_to_call.pk, "use_template": "1"}
    )

    html = page.content.decode()
    assert f"We tried to call you ({inquiry.reference})" in html
    assert f"Hello {inquiry.name}" in html
    assert "Amara, Little Roots Therapy" in html
    assert not Reply.objects.exists()


def test_sending_stores_the_reply_records_a_contact_attempt_and_queues_it(
    client_for, clinician, make_inquiry, site_settings, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    inquiry = make_inquiry()

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(clinician).post(
            reply_url(inquiry), {"subject": "Hello", "body": "Can we call Tuesday?"}
        )

    assert response.status_code == 302
    reply = Reply.objects.get()
    assert (reply.sent_by, reply.body) == (clinician, "Can we call Tuesday?")
    attempt = ContactAttempt.objects.get()
    assert (attempt.method, attempt.outcome, attempt.attempted_by) == (
        "email", "sent", clinician,
    )  # fmt: skip
    [mail] = mailoutbox
    assert mail.to == [inquiry.email]
    assert mail.reply_to == ["hello@practice.example"]
    assert mail.body == "Can we call Tuesday?"
    assert reply.notification.sent_at is not None
    page = client_for(clinician).get(inquiry.get_admin_url()).content.decode()
    assert "Can we call Tuesday?" in page and "Sent" in page


def test_a_reply_to_an_inquiry_without_email_is_refused_with_a_message(
    client_for, clinician, make_inquiry
):
    inquiry = make_inquiry(email="")
    client = client_for(clinician)

    response = client.get(reply_url(inquiry), follow=True)

    assert "gave no email address" in response.content.decode()
    assert (
        client.post(reply_url(inquiry), {"subject": "a", "body": "b"}).status_code
        == 302
    )
    assert not Reply.objects.exists()


def test_a_placeholder_left_in_the_reply_is_caught_before_sending(
    client_for, clinician, make_inquiry
):
    inquiry = make_inquiry()

    response = client_for(clinician).post(
        reply_url(inquiry), {"subject": "Hi", "body": "Dear {family_nam}, typed"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Replace {family_nam}" in html and "Dear {family_nam}, typed" in html
    assert not Reply.objects.exists()


def test_an_empty_reply_is_refused(client_for, clinician, make_inquiry):
    response = client_for(clinician).post(
        reply_url(make_inquiry()), {"subject": "", "body": " "}
    )

    assert "Write the email before sending it." in response.content.decode()


def test_an_editor_cannot_write_to_a_family(client_for, editor, make_inquiry):
    response = client_for(editor).post(
        reply_url(make_inquiry()), {"subject": "a", "body": "b"}
    )

    assert response.status_code == 403
    assert not Reply.objects.exists()


def test_many_replies_each_have_their_own_delivery(make_inquiry, clinician, settings):
    inquiry = make_inquiry()
    Reply.send(inquiry, "One", "First", by=clinician)
    Reply.send(inquiry, "Two", "Second", by=clinician)

    assert Notification.objects.filter(kind="reply").count() == 2


def test_the_reply_goes_only_to_the_family_and_answers_come_to_the_practice(
    make_inquiry, clinician, site_settings
):
    inquiry = make_inquiry(email="parent@example.net")
    reply = Reply.objects.create(
        inquiry=inquiry, subject="S", body="B", sent_by=clinician
    )
    notification = Notification.objects.create(
        inquiry=inquiry, kind="reply", reply=reply
    )

    message = tasks.build_email(notification)

    assert message.to == ["parent@example.net"] and not message.cc and not message.bcc
    assert message.reply_to == ["hello@practice.example"]


def test_the_starting_texts_are_valid_in_both_languages():
    import importlib

    migration = importlib.import_module("contact.migrations.0011_reply_templates")
    templates = [
        ReplyTemplate(
            language=language, order=order, title=title, subject=subject, body=body
        )  # fmt: skip
        for language, order, title, subject, body in migration.TEMPLATES
    ]

    assert {t.language for t in templates} == {"en", "es"}
    for template in templates:
        template.full_clean()


def test_a_blank_left_from_the_template_is_caught_before_sending(
    client_for, clinician, make_inquiry
):
    response = client_for(clinician).post(
        reply_url(make_inquiry()),
        {"subject": "Hi", "body": "Your call is booked for [day and time]."},
    )

    assert "Replace [day and time]" in response.content.decode()
    assert not Reply.objects.exists()
