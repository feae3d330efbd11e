import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contact.models import (
    AccessLog,
    ContactAttempt,
    Inquiry,
    InternalNote,
    Notification,
)
from pages.templatetags.seo import tel_href
from security.admin import value_key

from .test_admin import INLINE_MANAGEMENT

pytestmark = pytest.mark.django_db

LIST = "/admin/contact/inquiry/"


def change_url(inquiry):
    return f"/admin/contact/inquiry/{inquiry.pk}/change/"


def post_change(client, inquiry, **data):
    return client.post(
        change_url(inquiry),
        {"status": inquiry.status, "assigned_to": "", **INLINE_MANAGEMENT, **data},
    )


def row_of(html, reference):
    start = html.index(f">{reference} ·")
    return html[html.rindex("<tr", 0, start) : html.index("</tr>", start)]


@pytest.mark.parametrize(
    "url",
    [LIST, "/admin/contact/inquiry/{pk}/change/", "/admin/contact/accesslog/"],
)
def test_an_editor_is_refused_the_inquiries(client_for, editor, make_inquiry, url):
    inquiry = make_inquiry()
    client = client_for(editor)

    assert client.get(url.format(pk=inquiry.pk)).status_code == 403
    assert client.get("/admin/pages/page/").status_code == 200


def test_an_editor_sees_no_inquiry_counts_on_the_admin_home(client_for, editor):
    html = client_for(editor).get("/admin/").content.decode()

    assert "Assigned to you" not in html


@pytest.mark.parametrize("url", [LIST, "/admin/contact/inquiry/1/change/", "/admin/"])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize(
    "url", ["/admin/pages/page/", "/admin/auth/user/", "/admin/contact/accesslog/"]
)
def test_a_clinician_is_refused_pages_users_and_the_audit_list(
    client_for, clinician, url
):
    assert client_for(clinician).get(url).status_code == 403


def test_a_clinician_cannot_export(client_for, clinician, make_inquiry):
    inquiry = make_inquiry()
    client = client_for(clinician)

    listing = client.get(LIST).content.decode()
    response = client.post(LIST, {"action": "export", "_selected_action": [inquiry.pk]})

    assert 'value="export"' not in listing
    assert response.get("Content-Type", "").startswith("text/html")
    assert not AccessLog.objects.filter(action=AccessLog.Action.EXPORT).exists()


def test_the_list_shows_triage_columns_new_and_overdue_rows_stand_out(
    client_for, clinician, make_inquiry
):
    overdue = make_inquiry(days_ago=10)
    fresh = make_inquiry(days_ago=0)
    contacted = make_inquiry(days_ago=12, status=Inquiry.Status.CONTACTED)

    html = client_for(clinician).get(LIST).content.decode()

    assert "inquiry-status--new" in row_of(html, fresh.reference)
    assert "inquiry-overdue" in row_of(html, overdue.reference)
    assert "inquiry-overdue" not in row_of(html, fresh.reference)
    assert "inquiry-overdue" not in row_of(html, contacted.reference)
    for text in [
        fresh.name,
        f'href="{tel_href(fresh.phone)}"',
        f'href="mailto:{fresh.email}"',
        "Prefers phone call",
        "1–2 years",
    ]:
        assert text in row_of(html, fresh.reference)
    assert 'href="/static/css/inquiry-admin.css"' in html


def test_the_language_to_call_in_and_an_interpreter_show_before_the_call(
    client_for, clinician, make_inquiry
):
    spanish = make_inquiry(language="Español", interpreter_needed=True)
    interpreter_only = make_inquiry(language="", interpreter_needed=True)
    no_language = make_inquiry(language="")
    client = client_for(clinician)

    html = client.get(LIST).content.decode()
    page = client.get(change_url(spanish)).content.decode()

    assert "In Español · needs an interpreter" in row_of(html, spanish.reference)
    assert "Needs an interpreter" in row_of(html, interpreter_only.reference)
    assert "reach-language" not in row_of(html, no_language.reference)
    card = page[page.index('class="contact-card"') :]
    assert "<dt>Interpreter needed</dt><dd>yes</dd>" in card


def test_the_inquiry_page_loads_its_records_colleagues_with_the_records(
    client_for, clinician, make_inquiry
):
    def queries_with(rows):
        inquiry = make_inquiry()
        for _ in range(rows):
            ContactAttempt.objects.create(
                inquiry=inquiry,
                method="call",
                outcome="no_answer",
                attempted_by=clinician,
            )
            InternalNote.objects.create(inquiry=inquiry, text="x", written_by=clinician)
            inquiry.set_status(Inquiry.Status.CONTACTED, by=clinician)
            inquiry.set_status(Inquiry.Status.NEW, by=clinician)
        client.get(change_url(inquiry))  # the first view is logged
        with CaptureQueriesContext(connection) as queries:
            client.get(change_url(inquiry))
        # Colleagues are users: loaded with the rows, not one query per row.
        return len([q for q in queries if 'FROM "auth_user"' in q["sql"]])

    client = client_for(clinician)

    assert queries_with(5) == queries_with(1)


def make_referral(make_inquiry, **fields):
    """A professional's referral; the family gave only a phone."""
    return make_inquiry(
        writer="professional",
        organisation="Northside Pediatrics",
        family_name="The Rivera family",
        family_phone="+16465550199",
        family_agreed=True,
        **fields,
    )


def test_a_referrers_own_choice_is_not_shown_as_the_familys(
    client_for, clinician, make_inquiry
):
    # The referrer chose email, their own.
    referral = make_referral(make_inquiry, preferred_contact="email")
    client = client_for(clinician)

    row = row_of(client.get(LIST).content.decode(), referral.reference)
    page = client.get(change_url(referral)).content.decode()

    assert "The referrer prefers email" in row
    assert "<dt>Prefers</dt><dd>Email (the referrer&#x27;s choice)</dd>" in page


def test_a_held_inquiry_says_so_in_the_list_and_on_its_card(
    client_for, clinician, make_inquiry
):
    held = make_inquiry(held=True)
    usual = make_inquiry()
    client = client_for(clinician)

    html = client.get(LIST).content.decode()
    card = client.get(change_url(held)).content.decode()

    assert "held: check it is genuine" in row_of(html, held.reference)
    assert "held" not in row_of(html, usual.reference)
    assert "The family got no confirmation email" in card


def test_triage_says_an_inquiry_is_not_suspected_rather_than_none(
    client_for, clinician, make_inquiry
):
    page = client_for(clinician).get(change_url(make_inquiry())).content.decode()
    triage = page[page.index("field-spam_reason") :]

    assert re.search(r'<div class="readonly">\s*Not suspected\s*</div>', triage)


def test_colleagues_in_the_records_are_named_not_linked_to_the_user_pages(
    client_for, clinician, make_inquiry
):
    inquiry = make_inquiry()
    clinician.first_name, clinician.last_name = "Amara", "Okafor"
    clinician.save()
    InternalNote.objects.create(
        inquiry=inquiry, text="Left a message.", written_by=clinician
    )
    ContactAttempt.objects.create(
        inquiry=inquiry, method="call", outcome="no_answer", attempted_by=clinician
    )
    client = client_for(clinician)

    html = client.get(change_url(inquiry)).content.decode()

    assert cells(html, "written_by_name")[0] == "Amara Okafor"
    assert cells(html, "attempted_by_name")[0] == "Amara Okafor"
    assert "/admin/auth/user/" not in html
    assert client.get(f"/admin/auth/user/{clinician.pk}/change/").status_code == 403


def test_a_referrers_own_email_and_phone_sit_with_the_referrer(
    client_for, clinician, make_inquiry
):
    referral = make_referral(make_inquiry)

    html = client_for(clinician).get(change_url(referral)).content.decode()

    writer, family = (
        html.index(">Who is writing<"),
        html.index(">The family (referrals)<"),
    )
    assert writer < html.index('class="form-row field-email') < family
    assert writer < html.index('class="form-row field-phone') < family


def cells(html, field):
    """The texts of a tabular inline's read-only `field` cells, in row order."""
    found = re.findall(rf'<td class="field-{field}">\s*<p>(.*?)</p>', html, re.S)
    return [text.strip() for text in found]


def test_the_inquiry_page_times_only_what_is_still_to_happen_or_happened(
    client_for, clinician, make_inquiry
):
    inquiry = make_inquiry()
    Notification.objects.create(inquiry=inquiry, kind="family", sent_at=timezone.now())
    Notification.objects.create(inquiry=inquiry, kind="practice")
    InternalNote.objects.create(inquiry=inquiry, text="Called, no answer.")

    html = client_for(clinician).get(change_url(inquiry)).content.decode()

    # Each email's row is titled by its kind, not the inquiry's internal number.
    assert "<p>Confirmation to the family</p>" in html
    assert f"about {inquiry.pk}" not in html
    # The sent confirmation has no next attempt; the unsent email has one.
    kinds, next_attempts = cells(html, "kind"), cells(html, "next_attempt")
    next_attempt = dict(zip(kinds, next_attempts, strict=True))
    assert next_attempt["Confirmation to the family"] == "-"
    assert next_attempt["To the practice"] != "-"
    # The saved note has its time; the blank row for a new note (and the
    # template the admin copies for another) has none.
    saved, *blank = cells(html, "when")
    assert saved != "-" and blank == ["-", "-"]


def test_the_access_log_names_the_colleague(client_for, clinician, make_inquiry):
    inquiry = make_inquiry()
    clinician.first_name, clinician.last_name = "Amara", "Okafor"
    clinician.save()
    client = client_for(clinician)
    client.get(change_url(inquiry))  # the first view is logged

    html = client.get(change_url(inquiry)).content.decode()

    assert cells(html, "who")[0] == "Amara Okafor (amara)"


def test_the_oldest_waiting_come_first_and_ended_ones_last(
    client_for, clinician, make_inquiry
):
    closed = make_inquiry(days_ago=30, status=Inquiry.Status.CLOSED)
    newer = make_inquiry(days_ago=1)
    older = make_inquiry(days_ago=5, status=Inquiry.Status.WAITLIST)

    html = client_for(clinician).get(LIST).content.decode()

    positions = [html.index(i.reference) for i in (older, newer, closed)]
    assert positions == sorted(positions)


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"assigned": "me"}, {"mine"}),
        ({"assigned": "nobody"}, {"overdue", "feeding", "other_language"}),
        ({"overdue": "yes"}, {"overdue"}),
        ({"concern": "feeding"}, {"feeding"}),
        ({"child_age__exact": "expecting"}, {"feeding"}),
        ({"language": value_key("Somali")}, {"other_language"}),
        ({"status__exact": "contacted"}, {"mine"}),
        ({"spam": "only"}, {"spam"}),
        ({}, {"mine", "overdue", "feeding", "other_language"}),
    ],
)
def test_filters(client_for, clinician, make_inquiry, query, expected):
    made = {
        "mine": make_inquiry(status=Inquiry.Status.CONTACTED, assigned_to=clinician),
        "overdue": make_inquiry(days_ago=10),
        "feeding": make_inquiry(concerns=["feeding"], child_age="expecting"),
        "other_language": make_inquiry(language="Somali"),
        "spam": make_inquiry(status=Inquiry.Status.SPAM),
    }

    html = client_for(clinician).get(LIST, query).content.decode()

    assert {name for name, i in made.items() if i.reference in html} == expected


@pytest.mark.parametrize("field", ["reference", "name", "email"])
def test_search_by_reference_name_and_email(client_for, clinician, make_inquiry, field):
    wanted = make_inquiry()
    other = make_inquiry(name="Someone Else", email="else@example.org")

    search = {"q": getattr(wanted, field)}
    html = client_for(clinician).get(LIST, search, follow=True).content
    html = html.decode()

    assert wanted.reference in html and other.reference not in html


@pytest.mark.parametrize("typed", ["gomez", "GOMEZ", "Gómez", "ana lucia"])
def test_a_name_is_found_with_or_without_its_accents(
    client_for, clinician, make_inquiry, typed
):
    wanted = make_inquiry(name="Ana Lucía Gómez")
    referral = make_inquiry(
        writer="professional", name="Dr Park", family_name="Los Gómez"
    )
    other = make_inquiry(name="Someone Else")

    html = client_for(clinician).get(LIST, {"q": typed}, follow=True).content.decode()

    assert wanted.reference in html and other.reference not in html
    assert (referral.reference in html) == ("gomez" in typed.lower() or "ó" in typed)


def test_the_language_filter_takes_spanish_in_either_language_as_one(
    client_for, clinician, make_inquiry
):
    written = [
        make_inquiry(language=language)
        for language in ["Español", "spanish", "Spanish ", "Castellano"]
    ]
    somali = make_inquiry(language="Somali")
    client = client_for(clinician)

    page = client.get(LIST).content.decode()
    chosen = client.get(LIST, {"language": value_key("Spanish")}).content.decode()

    choices = page[page.index("By preferred language") :]
    choices = choices[: choices.index("</ul>")]
    assert re.findall(r">\s*([^<>]+?)\s*</a>", choices) == ["All", "Somali", "Spanish"]
    assert all(inquiry.reference in chosen for inquiry in written)
    assert somali.reference not in chosen


def test_a_status_change_is_recorded_with_who_when_from_and_to(
    client_for, clinician, make_inquiry
):
    inquiry = make_inquiry()

    response = post_change(
        client_for(clinician), inquiry, status="screening", assigned_to=clinician.pk
    )

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.assigned_to == clinician
    change = inquiry.status_changes.get()
    assert (change.from_status, change.to_status) == ("new", "screening")
    assert change.changed_by == clinician
    assert inquiry.status_changed_at == change.changed_at


def test_set_status_records_the_change_once_with_who_made_it(clinician, make_inquiry):
    inquiry = make_inquiry()

    assert inquiry.set_status(Inquiry.Status.CLOSED, by=clinician)
    assert not inquiry.set_status(Inquiry.Status.CLOSED)  # no change: nothing recorded

    stored = Inquiry.objects.get(pk=inquiry.pk)
    assert stored.status == Inquiry.Status.CLOSED
    change = stored.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "new",
        "closed",
        clinician,
    )
    assert stored.status_changed_at == change.changed_at


def test_leaving_spam_queues_the_emails_spam_held_back(
    make_inquiry, site_settings, mailoutbox, django_capture_on_commit_callbacks
):
    inquiry = make_inquiry(status=Inquiry.Status.SPAM)

    with django_capture_on_commit_callbacks(execute=True):
        inquiry.set_status(Inquiry.Status.CONTACTED)

    assert len(mailoutbox) == 2
    assert inquiry.notifications.filter(sent_at__isnull=False).count() == 2


def test_only_clinicians_can_be_assigned(client_for, clinician, editor, make_inquiry):
    inquiry = make_inquiry()

    response = post_change(client_for(clinician), inquiry, assigned_to=editor.pk)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_assign_to_me_action(client_for, clinician, make_inquiry):
    inquiry = make_inquiry()

    client_for(clinician).post(
        LIST, {"action": "assign_to_me", "_selected_action": [inquiry.pk]}
    )

    inquiry.refresh_from_db()
    assert inquiry.assigned_to == clinician


def test_assign_to_me_refuses_someone_who_cannot_be_assigned(
    client_for, practice_admin, make_inquiry
):
    inquiry = make_inquiry()

    response = client_for(practice_admin).post(
        LIST, {"action": "assign_to_me", "_selected_action": [inquiry.pk]}, follow=True
    )

    inquiry.refresh_from_db()
    assert inquiry.assigned_to is None
    assert "Only members of the Clinicians group" in response.content.decode()


def test_contact_attempts_and_notes_are_added_by_the_signed_in_clinician(
    client_for, clinician, make_inquiry
):
    inquiry = make_inquiry()
    client = client_for(clinician)

    post_change(
        client,
        inquiry,
        **{
            "contact_attempts-TOTAL_FORMS": 1,
            "contact_attempts-0-method": "call",
            "contact_attempts-0-outcome": "voicemail",
            "contact_attempts-0-attempted_at_0": "2026-12-01",
            "contact_attempts-0-attempted_at_1": "10:30",
            "notes-TOTAL_FORMS": 1,
            "notes-0-text": "Prefers mornings; mother's cousin answered.",
        },
    )

    attempt = ContactAttempt.objects.get(inquiry=inquiry)
    assert (attempt.method, attempt.outcome, attempt.attempted_by) == (
        "call",
        "voicemail",
        clinician,
    )
    note = InternalNote.objects.get(inquiry=inquiry)
    assert note.written_by == clinician
    assert "Prefers mornings" in client.get(change_url(inquiry)).content.decode()


def test_the_list_shows_what_brings_them_but_never_their_message(
    client_for, clinician, make_inquiry
):
    worried = make_inquiry(
        concerns=["sleep", "feelings"], message="He hits his head on the floor."
    )
    none_chosen = make_inquiry(concerns=[])
    html = client_for(clinician).get(LIST).content.decode()

    row = row_of(html, worried.reference)
    assert ", ".join(worried.concern_labels()) in row
    # Reading the message is logged: it is on the inquiry's page only.
    assert "hits his head" not in html
    assert "who-words" not in row_of(html, none_chosen.reference)


def test_the_list_says_when_the_family_was_last_tried_and_how_it_went(
    client_for, clinician, make_inquiry
):
    tried = make_inquiry()
    untried = make_inquiry()
    earlier = timezone.now() - timedelta(hours=3)
    ContactAttempt.objects.create(
        inquiry=tried, method="call", outcome="no_answer", attempted_at=earlier
    )
    latest = ContactAttempt.objects.create(
        inquiry=tried, method="call", outcome="voicemail"
    )

    html = client_for(clinician).get(LIST).content.decode()

    when = timezone.localtime(latest.attempted_at).strftime("%-d %b %H:%M")
    assert f"Last try: Left a voicemail · {when}" in row_of(html, tried.reference)
    assert "Last try" not in row_of(html, untried.reference)
    badge = '<span class="inquiry-status inquiry-status--new">New</span>'
    assert badge in row_of(html, untried.reference)  # markup, not escaped text


def test_an_attempt_left_at_the_time_the_page_opened_is_recorded_when_saved(
    client_for, clinician, make_inquiry
):
    opened = {"_0": "2026-11-30", "_1": "09:00:00"}  # the page, before a session
    attempt = {
        "contact_attempts-TOTAL_FORMS": 1,
        "contact_attempts-0-method": "call",
        "contact_attempts-0-outcome": "voicemail",
        **{f"contact_attempts-0-attempted_at{p}": v for p, v in opened.items()},
        **{f"initial-contact_attempts-0-attempted_at{p}": v for p, v in opened.items()},
    }
    client = client_for(clinician)
    untouched, typed = make_inquiry(), make_inquiry()

    before = timezone.now()
    post_change(client, untouched, **attempt)
    post_change(
        client, typed, **{**attempt, "contact_attempts-0-attempted_at_1": "08:15"}
    )

    assert ContactAttempt.objects.get(inquiry=untouched).attempted_at >= before
    when = timezone.localtime(ContactAttempt.objects.get(inquiry=typed).attempted_at)
    assert (when.date().isoformat(), when.strftime("%H:%M")) == ("2026-11-30", "08:15")


def test_a_first_attempt_moves_a_new_inquiry_to_contacted(
    client_for, clinician, make_inquiry
):
    inquiry = make_inquiry()
    attempt = {
        "contact_attempts-TOTAL_FORMS": 1,
        "contact_attempts-0-method": "call",
        "contact_attempts-0-outcome": "voicemail",
        "contact_attempts-0-attempted_at_0": "2026-12-01",
        "contact_attempts-0-attempted_at_1": "10:30",
    }
    client = client_for(clinician)

    response = post_change(client, inquiry, **attempt)
    inquiry.refresh_from_db()

    assert inquiry.status == Inquiry.Status.CONTACTED
    [change] = inquiry.status_changes.all()
    assert (change.from_status, change.changed_by) == ("new", clinician)
    assert "Status set to “Contacted”" in client.get(response.url).content.decode()
    # Further along, an attempt leaves the status as the clinician set it.
    screening = make_inquiry(status=Inquiry.Status.SCREENING)
    post_change(client, screening, **attempt)
    screening.refresh_from_db()
    assert screening.status == Inquiry.Status.SCREENING


def test_what_not_to_do_on_the_phone_shows_before_the_call(
    client_for, clinician, make_inquiry
):
    discreet = make_inquiry(voicemail_ok=False, practice_name_ok=False)
    voicemail_only = make_inquiry(voicemail_ok=True, practice_name_ok=False)
    easy = make_inquiry(voicemail_ok=True, practice_name_ok=True)
    no_phone = make_inquiry(phone="", preferred_contact="email")
    client = client_for(clinician)

    html = client.get(LIST).content.decode()
    card = client.get(change_url(discreet)).content.decode()

    line = "No voicemail · don&#x27;t say the practice&#x27;s name"
    assert line in row_of(html, discreet.reference)
    assert line in card[card.index('class="contact-card"') :]
    assert "Don&#x27;t say the practice&#x27;s name" in row_of(
        html, voicemail_only.reference
    )
    assert "reach-discretion" not in row_of(html, easy.reference)
    assert "reach-discretion" not in row_of(html, no_phone.reference)


def test_a_family_asking_for_a_text_gets_a_text_link(
    client_for, clinician, make_inquiry
):
    texter = make_inquiry(phone="+12125550147", preferred_contact="text")
    caller = make_inquiry(phone="+12125550148", preferred_contact="phone")
    html = client_for(clinician).get(LIST).content.decode()

    assert 'href="sms:+12125550147">Text</a>' in row_of(html, texter.reference)
    assert "sms:" not in row_of(html, caller.reference)


def test_a_referrals_card_gives_the_referrers_own_number_and_email(
    client_for, clinician, make_inquiry
):
    referral = make_referral(
        make_inquiry, name="Dr. Helen Park", phone="+12125550142;ext=14"
    )
    page = client_for(clinician).get(change_url(referral)).content.decode()
    card = page[page.index('class="contact-card"') :]

    referrer = card[card.index("contact-card-referrer") :]
    referrer = referrer[: referrer.index("</p>")]
    assert "Referrer: Dr. Helen Park, Northside Pediatrics" in referrer
    assert 'href="tel:+1-212-555-0142;ext=14"' in referrer
    assert "mailto:" in referrer


def test_triage_says_nothing_of_holding_an_inquiry_that_was_not_held(
    client_for, clinician, make_inquiry
):
    page = client_for(clinician).get(change_url(make_inquiry())).content.decode()

    assert "CONTACT_RATE_LIMIT" not in page
    assert "field-held" not in page


def test_logged_attempts_cannot_be_edited(client_for, clinician, make_inquiry):
    inquiry = make_inquiry()
    attempt = ContactAttempt.objects.create(
        inquiry=inquiry, method="call", outcome="no_answer", attempted_by=clinician
    )

    post_change(
        client_for(clinician),
        inquiry,
        **{
            "contact_attempts-TOTAL_FORMS": 1,
            "contact_attempts-INITIAL_FORMS": 1,
            "contact_attempts-0-id": attempt.pk,
            "contact_attempts-0-inquiry": inquiry.pk,
            "contact_attempts-0-method": "email",
            "contact_attempts-0-outcome": "reached",
        },
    )

    attempt.refresh_from_db()
    assert (attempt.method, attempt.outcome) == ("call", "no_answer")


def test_family_answers_stay_read_only_for_clinicians(
    client_for, clinician, make_inquiry
):
    inquiry = make_inquiry()

    post_change(client_for(clinician), inquiry, name="X", message="X", legal_hold="on")

    inquiry.refresh_from_db()
    assert inquiry.name != "X" and inquiry.message != "X"
    assert inquiry.legal_hold is False  # a practice admin's decision


def test_a_practice_admin_sets_a_legal_hold(client_for, practice_admin, make_inquiry):
    inquiry = make_inquiry()

    post_change(client_for(practice_admin), inquiry, legal_hold="on")

    inquiry.refresh_from_db()
    assert inquiry.legal_hold is True


def test_nobody_deletes_an_inquiry_in_the_admin(
    client_for, practice_admin, make_inquiry
):
    inquiry = make_inquiry()

    response = client_for(practice_admin).get(
        f"/admin/contact/inquiry/{inquiry.pk}/delete/"
    )

    assert response.status_code == 403


def test_admin_home_shows_counts_for_me_and_for_all_in_one_query(
    client_for, clinician, make_inquiry
):
    make_inquiry(days_ago=10, assigned_to=clinician)
    make_inquiry(days_ago=10)
    make_inquiry()
    make_inquiry(status=Inquiry.Status.WAITLIST, assigned_to=clinician)
    make_inquiry(status=Inquiry.Status.SPAM)
    client = client_for(clinician)
    client.get("/admin/")  # warm the site settings cache

    with CaptureQueriesContext(connection) as queries:
        html = client.get("/admin/").content.decode()

    assert len([q for q in queries if 'FROM "contact_inquiry"' in q["sql"]]) == 1
    mine, everyone = html.split("Whole practice")
    mine = mine.split("Assigned to you")[1]
    assert _counts(mine) == [1, 1, 2]
    assert _counts(everyone) == [3, 2, 4]
    assert "?assigned=me&amp;overdue=yes" in mine
    assert re.search(
        r'href="[^"]*\?spam=only"><strong>1</strong> suspected spam', everyone
    )


def _counts(html):
    return [int(n) for n in re.findall(r"<strong>(\d+)</strong>", html)[:3]]


def test_practice_admins_get_permissions_of_models_added_later(role_groups):
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command

    later = Permission.objects.create(
        codename="use_later_feature",
        name="Can use a feature added later",
        content_type=ContentType.objects.get_for_model(Permission),
    )

    call_command("migrate", verbosity=0)

    assert role_groups["Practice admins"].permissions.filter(pk=later.pk).exists()
    assert not role_groups["Clinicians"].permissions.filter(pk=later.pk).exists()
