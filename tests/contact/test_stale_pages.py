"""Saving an inquiry page opened before a colleague's save keeps their changes."""

from html.parser import HTMLParser

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client

from contact.models import ContactAttempt, Inquiry, InternalNote

pytestmark = pytest.mark.django_db


class FormValues(HTMLParser):
    """What a browser posts from the inquiry page's form, as it was rendered."""

    def __init__(self):
        super().__init__()
        self.values = {}
        self.select = self.textarea = None
        self.inside = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == "inquiry_form"
        if not self.inside or not attrs.get("name") and tag != "option":
            return
        name = attrs.get("name")
        if tag == "input" and attrs.get("type") not in ("submit", "checkbox"):
            self.values[name] = attrs.get("value", "")
        elif tag == "input" and "checked" in attrs:
            self.values[name] = attrs.get("value", "on")
        elif tag == "select":
            self.select = name
            self.values.setdefault(name, "")
        elif tag == "option" and self.select and "selected" in attrs:
            self.values[self.select] = attrs.get("value", "")
        elif tag == "textarea":
            self.textarea = name
            self.values[name] = ""

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.inside = False


def page_values(response):
    assert response.status_code == 200
    parser = FormValues()
    parser.feed(response.content.decode())
    return {
        name: value
        for name, value in parser.values.items()
        if "__prefix__" not in name and name != "csrfmiddlewaretoken"
    }


def change_url(inquiry):
    return f"/admin/contact/inquiry/{inquiry.pk}/change/"


@pytest.fixture
def lucia(make_staff):
    user = make_staff("lucia", "Clinicians")
    user.first_name, user.last_name = "Lucía", "Moreno"
    user.save()
    return user


@pytest.fixture
def dana(make_staff):
    user = make_staff("dana", "Clinicians")
    user.first_name, user.last_name = "Dana", "Whitfield"
    user.save()
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def schedule_the_screening_call(client, inquiry, dana):
    """Dana's save: she takes the inquiry, books the call and logs it."""
    values = page_values(client.get(change_url(inquiry)))
    response = client.post(
        change_url(inquiry),
        {
            **values,
            "status": "screening",
            "assigned_to": dana.pk,
            "next_step_on": "2026-12-03",
            "next_step_note": "Screening call Thursday 10 am",
            "contact_attempts-0-method": "call",
            "contact_attempts-0-outcome": "reached",
            "_save": "Save",
        },
    )
    assert response.status_code == 302


def dana_takes_it(client, inquiry):
    """Dana's 'Assign to me' from the list."""
    client.post(
        "/admin/contact/inquiry/",
        {"action": "assign_to_me", "_selected_action": [inquiry.pk]},
    )


def test_a_stale_page_keeps_a_colleagues_changes_and_saves_the_note(
    make_inquiry, lucia, dana
):
    inquiry = make_inquiry()
    as_lucia, as_dana = signed_in(lucia), signed_in(dana)
    lucias_page = page_values(as_lucia.get(change_url(inquiry)))
    schedule_the_screening_call(as_dana, inquiry, dana)

    response = as_lucia.post(
        change_url(inquiry),
        {**lucias_page, "notes-0-text": "Grandmother may answer.", "_continue": "1"},
    )

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "screening"
    assert inquiry.assigned_to == dana
    assert str(inquiry.next_step_on) == "2026-12-03"
    assert inquiry.next_step_note == "Screening call Thursday 10 am"
    note = InternalNote.objects.get(inquiry=inquiry)
    assert (note.text, note.written_by) == ("Grandmother may answer.", lucia)
    assert ContactAttempt.objects.get(inquiry=inquiry).attempted_by == dana
    history = [
        (c.from_status, c.to_status, c.changed_by) for c in inquiry.status_changes.all()
    ]
    assert history == [("new", "screening", dana)]
    lucias_log = LogEntry.objects.filter(user=lucia).get()
    assert "Status" not in lucias_log.get_change_message()
    assert "Assigned to" not in lucias_log.get_change_message()


def conflicting_save(as_lucia, inquiry, lucias_page):
    return as_lucia.post(
        change_url(inquiry),
        {
            **lucias_page,
            "status": "contacted",
            "next_step_note": "Call back after 3 pm",
            "notes-0-text": "Left a message with the grandmother.",
            "contact_attempts-0-method": "call",
            "contact_attempts-0-outcome": "voicemail",
            "_continue": "1",
        },
    )


def test_both_changing_the_status_saves_nothing_and_names_the_colleague(
    make_inquiry, lucia, dana
):
    inquiry = make_inquiry()
    as_lucia, as_dana = signed_in(lucia), signed_in(dana)
    lucias_page = page_values(as_lucia.get(change_url(inquiry)))
    schedule_the_screening_call(as_dana, inquiry, dana)

    response = conflicting_save(as_lucia, inquiry, lucias_page)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing is saved yet" in html
    assert "Dana Whitfield changed Status to “Screening call scheduled” at " in html, (
        html
    )
    assert "Choose the status again, then Save." in html
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.next_step_note) == (
        "screening",
        "Screening call Thursday 10 am",
    )
    assert not InternalNote.objects.filter(inquiry=inquiry).exists()
    assert ContactAttempt.objects.filter(inquiry=inquiry).count() == 1  # Dana's
    assert [c.changed_by for c in inquiry.status_changes.all()] == [dana]
    shown = page_values(response)
    # Everything Lucía typed is still there; the fields she left alone show Dana's.
    assert shown["notes-0-text"].strip() == "Left a message with the grandmother."
    assert shown["contact_attempts-0-outcome"] == "voicemail"
    assert shown["status"] == "contacted"
    assert shown["next_step_note"] == "Call back after 3 pm"
    assert shown["assigned_to"] == str(dana.pk)
    assert shown["next_step_on"] == "2026-12-03"


def test_saving_again_after_a_conflict_saves_the_choice_and_keeps_the_rest(
    make_inquiry, lucia, dana
):
    inquiry = make_inquiry()
    as_lucia, as_dana = signed_in(lucia), signed_in(dana)
    lucias_page = page_values(as_lucia.get(change_url(inquiry)))
    schedule_the_screening_call(as_dana, inquiry, dana)
    conflict = conflicting_save(as_lucia, inquiry, lucias_page)

    response = as_lucia.post(change_url(inquiry), page_values(conflict))

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "contacted"  # chosen again, knowingly
    assert inquiry.next_step_note == "Call back after 3 pm"
    assert inquiry.assigned_to == dana  # left alone: Dana's stays
    assert str(inquiry.next_step_on) == "2026-12-03"
    assert InternalNote.objects.get(inquiry=inquiry).written_by == lucia
    assert ContactAttempt.objects.filter(inquiry=inquiry).count() == 2
    history = [
        (c.from_status, c.to_status, c.changed_by) for c in inquiry.status_changes.all()
    ]
    assert history == [("new", "screening", dana), ("screening", "contacted", lucia)]


def test_a_change_nobody_else_made_is_saved_over_a_colleagues_other_change(
    make_inquiry, lucia, dana
):
    inquiry = make_inquiry()
    as_lucia, as_dana = signed_in(lucia), signed_in(dana)
    lucias_page = page_values(as_lucia.get(change_url(inquiry)))
    dana_takes_it(as_dana, inquiry)

    response = as_lucia.post(
        change_url(inquiry),
        {**lucias_page, "status": "contacted", "next_step_on": "2026-12-10"},
    )

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.status, str(inquiry.next_step_on)) == ("contacted", "2026-12-10")
    assert inquiry.assigned_to == dana


def test_both_making_the_same_change_is_not_a_conflict(make_inquiry, lucia, dana):
    inquiry = make_inquiry()
    as_lucia, as_dana = signed_in(lucia), signed_in(dana)
    lucias_page = page_values(as_lucia.get(change_url(inquiry)))
    schedule_the_screening_call(as_dana, inquiry, dana)

    response = as_lucia.post(
        change_url(inquiry), {**lucias_page, "status": "screening"}
    )

    assert response.status_code == 302
    assert inquiry.status_changes.get().changed_by == dana


def test_an_assignment_made_from_the_list_is_named_in_a_conflict(
    make_inquiry, lucia, dana
):
    inquiry = make_inquiry()
    as_lucia, as_dana = signed_in(lucia), signed_in(dana)
    lucias_page = page_values(as_lucia.get(change_url(inquiry)))
    dana_takes_it(as_dana, inquiry)

    response = as_lucia.post(
        change_url(inquiry), {**lucias_page, "assigned_to": lucia.pk}
    )

    assert response.status_code == 200
    assert "Dana Whitfield assigned it to Dana Whitfield at " in (
        response.content.decode()
    )
    inquiry.refresh_from_db()
    assert inquiry.assigned_to == dana


def test_a_single_person_saving_changes_everything_they_changed(make_inquiry, lucia):
    inquiry = make_inquiry()
    as_lucia = signed_in(lucia)
    page = page_values(as_lucia.get(change_url(inquiry)))

    response = as_lucia.post(
        change_url(inquiry),
        {
            **page,
            "status": "contacted",
            "assigned_to": lucia.pk,
            "next_step_on": "2026-12-03",
            "next_step_note": "Call back",
            "notes-0-text": "Spoke with mum.",
        },
    )

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.assigned_to, inquiry.next_step_note) == (
        "contacted",
        lucia,
        "Call back",
    )
    assert inquiry.status_changes.get().changed_by == lucia
    change = LogEntry.objects.get().get_change_message()
    assert "Status" in change and "Assigned to" in change and "Loaded" not in change
    # The page then opens with what is stored, and clearing works.
    page = page_values(as_lucia.get(change_url(inquiry)))
    as_lucia.post(
        change_url(inquiry), {**page, "next_step_on": "", "next_step_note": ""}
    )
    inquiry.refresh_from_db()
    assert (inquiry.next_step_on, inquiry.next_step_note) == (None, "")


def test_a_tampered_record_of_the_opened_page_saves_what_the_page_shows(
    make_inquiry, lucia, dana
):
    inquiry = make_inquiry()
    as_lucia, as_dana = signed_in(lucia), signed_in(dana)
    lucias_page = page_values(as_lucia.get(change_url(inquiry)))
    schedule_the_screening_call(as_dana, inquiry, dana)

    response = as_lucia.post(
        change_url(inquiry), {**lucias_page, "loaded": "not-signed", "status": "closed"}
    )

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == "closed"


def test_a_stale_page_does_not_lift_a_legal_hold_set_meanwhile(
    make_inquiry, make_staff, practice_admin
):
    inquiry = make_inquiry()
    as_pat, as_quinn = (
        signed_in(practice_admin),
        signed_in(make_staff("quinn", "Practice admins")),
    )
    pats_page = page_values(as_pat.get(change_url(inquiry)))
    quinns_page = page_values(as_quinn.get(change_url(inquiry)))
    as_quinn.post(change_url(inquiry), {**quinns_page, "legal_hold": "on"})

    response = as_pat.post(change_url(inquiry), {**pats_page, "status": "closed"})

    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.legal_hold, inquiry.status) == (True, "closed")


def test_a_conflict_with_ones_own_other_tab_says_so(make_inquiry, lucia):
    inquiry = make_inquiry()
    as_lucia = signed_in(lucia)
    first_tab = page_values(as_lucia.get(change_url(inquiry)))
    second_tab = page_values(as_lucia.get(change_url(inquiry)))
    as_lucia.post(change_url(inquiry), {**second_tab, "next_step_note": "Text her"})

    response = as_lucia.post(
        change_url(inquiry), {**first_tab, "next_step_note": "Email her"}
    )

    assert response.status_code == 200
    assert (
        "You (in another tab or window) changed Next step to “Text her” at "
        in response.content.decode()
    )


def test_a_colleagues_save_during_the_request_is_kept_too(
    make_inquiry, lucia, dana, monkeypatch
):
    from contact.admin import InquiryAdmin

    inquiry = make_inquiry()
    as_lucia = signed_in(lucia)
    lucias_page = page_values(as_lucia.get(change_url(inquiry)))
    read = InquiryAdmin.get_object

    def read_then_dana_saves(self, request, object_id, from_field=None):
        found = read(self, request, object_id, from_field)
        Inquiry.objects.get(pk=inquiry.pk).set_status("screening", by=dana)
        return found

    monkeypatch.setattr(InquiryAdmin, "get_object", read_then_dana_saves)

    as_lucia.post(change_url(inquiry), {**lucias_page, "next_step_note": "Call"})

    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.next_step_note) == ("screening", "Call")
    assert [c.changed_by for c in inquiry.status_changes.all()] == [dana]
    assert inquiry.status_changed_at == inquiry.status_changes.get().changed_at
