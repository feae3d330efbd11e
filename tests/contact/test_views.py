import logging
import re
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django_tasks_db.models import DBTaskResult

from contact import tasks, views
from contact.models import Inquiry, Notification, Resource

from .conftest import FAMILY_TEXT, form_data, form_token

pytestmark = pytest.mark.django_db

URL = "/contact/"


def test_contact_url_is_the_inquiry_form_and_not_a_page():
    assert reverse("contact:inquiry-create") == URL


def test_blank_form_shows_crisis_notice_and_every_question(client, site_settings):
    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="crisis') == 1  # above the form only
    # Its numbers are one tap away.
    assert (
        'call <a href="tel:911">911</a>; for a mental health crisis call or text '
        '<a href="tel:988">988</a>.' in html
    )
    for name in [
        "writer", "referrer_kind", "organisation", "family_agreed", "name", "email",
        "family_name", "family_phone", "family_email",
        "phone", "preferred_contact", "voicemail_ok", "practice_name_ok",
        "best_times", "child_age", "concerns", "language", "interpreter_needed",
        "message", "heard_about", "consent", "website", "started",
    ]:  # fmt: skip
        assert f'name="{name}"' in html, name
    assert "no-store" in response["Cache-Control"]


def test_valid_post_redirects_to_thanks_which_shows_reference_and_promise(
    client, site_settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data())

    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("contact:inquiry-thanks")
    assert inquiry.reference not in response["Location"]
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert inquiry.reference in thanks.content.decode()
    assert site_settings.response_time_promise in thanks.content.decode()
    assert strip_tags(thanks.content.decode()).count(site_settings.crisis_message) == 1
    assert "no-store" in thanks["Cache-Control"]
    # Reloading the thank-you page re-sends nothing (and no longer shows it).
    assert client.get(response["Location"]).status_code == 302
    assert Inquiry.objects.count() == 1


def test_a_referrers_thanks_page_says_we_contact_the_family(client, site_settings):
    response = client.post(
        URL,
        form_data(
            writer="professional",
            organisation="Northside Pediatrics",
            family_name="The Rivera family",
            family_phone="(646) 555-0199",
            family_agreed="on",
        ),
    )
    text = " ".join(
        strip_tags(client.get(response["Location"]).content.decode()).split()
    )

    assert "We will contact the family with the details you gave" in text
    assert "We will reach you the way you asked." not in text


def test_thanks_page_without_a_submission_leads_back_to_the_form(client, db):
    response = client.get(reverse("contact:inquiry-thanks"))

    assert response.status_code == 302
    assert response["Location"] == URL


def test_thanks_page_of_another_browser_does_not_show_my_reference(
    client, site_settings
):
    client.post(URL, form_data())
    reference = Inquiry.objects.get().reference

    from django.test import Client

    assert (
        reference not in Client().get("/contact/thanks/", follow=True).content.decode()
    )


def test_out_of_scope_age_is_accepted_and_thanks_lists_active_resources(
    client, site_settings
):
    Resource.objects.create(title="Kids Helpline Example", url="https://help.example")
    Resource.objects.create(title="Retired Clinic", is_active=False)

    response = client.post(URL, form_data(child_age="6+"), follow=True)

    html = response.content.decode()
    assert Inquiry.objects.get().is_out_of_scope
    assert "Help for older children" in html
    assert "Kids Helpline Example" in html
    assert "Retired Clinic" not in html


def test_in_scope_thanks_page_lists_no_resources(client, site_settings):
    Resource.objects.create(title="Kids Helpline Example")

    response = client.post(URL, form_data(), follow=True)

    assert "Kids Helpline Example" not in response.content.decode()


def test_invalid_post_keeps_everything_typed_and_explains_each_error(
    client, site_settings
):
    response = client.post(URL, form_data(email="not-an-email", consent=None))

    html = response.content.decode()
    assert response.status_code == 200
    assert Inquiry.objects.count() == 0
    assert "<title>Error: Contact us" in html
    assert 'role="alert"' in html
    assert "Please check 2 answers" in html
    assert "Please enter an email address like name@example.com." in html
    assert "Please tick this box so that we may contact you." in html
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'id="id_email_error"' in html
    for key in ["name", "phone", "best_times", "language", "heard_about"]:
        assert FAMILY_TEXT[key] in html
    assert FAMILY_TEXT["message"] in html
    assert 'value="not-an-email"' in html
    assert re.search(r'value="sleep"[^>]*checked', html)
    assert re.search(r'value="parent"[^>]*checked', html)


def test_view_hides_every_post_parameter_from_error_reports(client, site_settings):
    response = client.post(URL, form_data())

    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_spam_gets_the_same_thanks_page_and_no_notification(client, site_settings):
    response = client.post(URL, form_data(website="http://spam.example"), follow=True)

    inquiry = Inquiry.objects.get()
    assert response.status_code == 200
    assert inquiry.reference in response.content.decode()
    assert inquiry.status == Inquiry.Status.SPAM
    assert not Notification.objects.exists()


def test_no_family_data_in_logs_for_errors_spam_refusal_and_retry(
    client, site_settings, smtp_mailers, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    smtp_mailers.mailbox.refusing = "RCPT"

    client.post(URL, form_data(email="not-an-email"))
    client.post(URL, form_data(website="http://spam.example"))
    client.post(URL, form_data(started=form_token(0)))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data())
    smtp_mailers.mailbox.refusing = None
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        tasks.requeue_notifications.call()

    assert Inquiry.objects.filter(status="spam").count() == 2
    assert Notification.objects.filter(sent_at__isnull=False).count() == 2
    assert "failed: SMTPRecipientsRefused" in caplog.text
    # mail.log is the test SMTP server's own log, not the site's.
    ours = [r for r in caplog.records if r.name != "mail.log"]
    logged = "\n".join(caplog.handler.format(r) + str(r.args) for r in ours)
    for value in [*FAMILY_TEXT.values(), "not-an-email", "spam.example"]:
        assert value not in logged, value
        # Distinctive words only: short ones and digit runs turn up in ids and times.
        for word in value.split():
            if len(word) >= 6 and not word.isdigit():
                assert word not in logged, word


def test_the_thanks_page_shows_the_reference_once(client, site_settings):
    # A shared family tablet: whoever opens the page next must not see it.
    response = client.post("/contact/", form_data())
    reference = Inquiry.objects.get().reference
    assert reference in client.get(response["Location"]).content.decode()

    again = client.get(response["Location"])

    assert again.status_code == 302
    assert again["Location"] == reverse("contact:inquiry-create")
    assert reference not in client.get("/contact/").content.decode()


def test_the_familys_confirmation_email_carries_the_reference(
    client, site_settings, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/contact/", form_data())

    inquiry = Inquiry.objects.get()
    [confirmation] = [m for m in mailoutbox if inquiry.email in m.to]
    assert f"Your reference: {inquiry.reference}" in confirmation.body


def test_sending_the_form_makes_no_session(client, site_settings):
    # The reference rides in a short-lived signed cookie: no session row with
    # it, and the family's next pages still come from the page cache.
    response = client.post("/contact/", form_data())

    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()
    thanks = response.cookies["contact_thanks"]
    assert thanks["httponly"] and thanks["samesite"] == "Lax"
    shown = client.get("/contact/thanks/").content.decode()
    assert Inquiry.objects.get().reference in shown


@pytest.mark.parametrize("change", ["tampered", "expired"])
def test_a_tampered_or_old_thanks_cookie_leads_back_to_the_form(
    client, site_settings, change, monkeypatch
):
    client.post("/contact/", form_data())
    reference = Inquiry.objects.get().reference
    if change == "tampered":
        forged = signing.dumps({"reference": "ABCDEFGH", "out_of_scope": True})
        client.cookies[views.THANKS_COOKIE] = forged  # not signed with its salt
    else:
        later = time.time() + views.THANKS_MAX_AGE + 1
        monkeypatch.setattr(time, "time", lambda: later)

    response = client.get("/contact/thanks/")

    assert response.status_code == 302
    assert response["Location"] == reverse("contact:inquiry-create")
    assert reference not in client.get("/contact/").content.decode()


def test_a_valid_post_is_one_insert_then_its_task(
    client, site_settings, database_tasks, django_capture_on_commit_callbacks
):
    # docs/PERFORMANCE.md: the inquiry alone, marked emails_due, with no lookup
    # before it (the nonce's unique index tells a repeat); on commit, the task
    # that makes its emails.
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/contact/", form_data())

    assert response.status_code == 302
    inserts = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith("INSERT")
    ]
    assert [sql.split()[2] for sql in inserts] == [
        '"contact_inquiry"',
        '"django_tasks_database_dbtaskresult"',
    ]
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert "SELECT" not in statements and "UPDATE" not in statements
    assert Inquiry.objects.get().emails_due
    [task] = DBTaskResult.objects.all()
    assert task.task_path == "contact.tasks.queue_new_emails"


@pytest.mark.django_db(transaction=True)
def test_outside_a_test_transaction_a_post_is_one_insert_and_a_repeat_is_found(
    client, site_settings, database_tasks
):
    # As in production: no transaction around the request, so no savepoint.
    data = form_data()
    with CaptureQueriesContext(connection) as queries:
        first = client.post("/contact/", data)
    assert first.status_code == 302
    assert [q["sql"].split()[:3] for q in queries.captured_queries] == [
        ["INSERT", "INTO", '"contact_inquiry"'],
        ["INSERT", "INTO", '"django_tasks_database_dbtaskresult"'],
    ]

    with CaptureQueriesContext(connection) as queries:
        again = client.post("/contact/", data)  # the same form, sent twice
    assert again.status_code == 302
    statements = [q["sql"].split()[0] for q in queries.captured_queries]
    assert statements == ["INSERT", "SELECT"]  # refused by the nonce's index
    assert Inquiry.objects.count() == 1
    assert DBTaskResult.objects.count() == 1  # the first post's task takes it
