"""A clinician's reply through a real SMTP server, sent by a real worker."""

import pytest

from contact.models import ContactAttempt, Reply

from .conftest import wait_for

pytestmark = pytest.mark.django_db(transaction=True)

REPLY_TEXT = "Dear Rosalind, we tried to reach you about Wrenfield's sleep."


def test_a_reply_is_delivered_by_the_worker_recorded_and_never_logged(
    client_for, clinician, make_inquiry, site_settings, smtp_server, start_worker
):
    worker = start_worker(smtp_server.url)
    inquiry = make_inquiry()

    response = client_for(clinician).post(
        f"/admin/contact/inquiry/{inquiry.pk}/reply/",
        {"subject": "We tried to call you", "body": REPLY_TEXT},
    )

    assert response.status_code == 302
    reply = Reply.objects.get()
    wait_for(
        lambda: Reply.objects.get().notification.sent_at is not None,
        message="the reply delivered",
    )
    [(recipients, message)] = smtp_server.mailbox.messages
    assert recipients == [inquiry.email]
    assert message["Reply-To"] == "hello@practice.example"
    assert message.get_content().strip() == REPLY_TEXT
    assert ContactAttempt.objects.get(inquiry=inquiry).attempted_by == clinician
    wait_for(lambda: "state=SUCCESSFUL" in worker.log(), message="task log")
    assert "Wrenfield" not in worker.log() and inquiry.email not in worker.log()
    page = client_for(clinician).get(inquiry.get_admin_url()).content.decode()
    assert REPLY_TEXT.replace("'", "&#x27;") in page
    assert Reply.objects.get(pk=reply.pk).delivery() == "Sent"
