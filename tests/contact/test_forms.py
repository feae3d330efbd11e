import time

import pytest
from django.core import signing
from django.core.exceptions import ImproperlyConfigured

from contact import spam, tasks
from contact.forms import InquiryForm
from contact.models import Inquiry
from security.client import client_ip

from .conftest import form_data, form_token

pytestmark = pytest.mark.django_db


def errors_for(**overrides):
    form = InquiryForm(data=form_data(**overrides))
    assert not form.is_valid()
    return form.errors


def test_complete_answers_are_valid(site_settings):
    form = InquiryForm(data=form_data())

    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"writer": None}, "writer", "Please tell us who is writing."),
        ({"writer": "aunt"}, "writer", "Select a valid choice."),
        ({"name": ""}, "name", "Please tell us your name."),
        ({"name": "x" * 101}, "name", "at most 100 characters"),
        ({"email": "nope"}, "email", "name@example.com"),
        ({"email": "a@b.example\r\nBcc: x@evil.example"}, "email", "name@example.com"),
        ({"email": "", "phone": ""}, "phone", "a phone number or an email address"),
        ({"phone": "call me"}, "phone", "using digits"),
        ({"phone": "212 555"}, "phone", "too few digits"),
        ({"phone": "212 555 0100 1234 5678"}, "phone", "too many digits"),
        ({"phone": "+999 1234 5678"}, "phone", "the country"),
        ({"phone": "867 5309"}, "phone", "check the area code"),
        ({"preferred_contact": "fax"}, "preferred_contact", "valid choice"),
        ({"email": "", "preferred_contact": "email"}, "email", "to be emailed"),
        ({"phone": "", "preferred_contact": "text"}, "phone", "called or texted"),
        ({"best_times": "x" * 201}, "best_times", "at most 200"),
        ({"child_age": None}, "child_age", "Please choose the child's age."),
        ({"child_age": "teen"}, "child_age", "valid choice"),
        ({"concerns": ["sleep", "astrology"]}, "concerns", "valid choice"),
        ({"language": "x" * 61}, "language", "at most 60"),
        ({"message": "x" * 1001}, "message", "at most 1,000 characters: it has 1,001"),
        ({"heard_about": "x" * 201}, "heard_about", "at most 200"),
        ({"consent": None}, "consent", "Please tick this box"),
        ({"writer": "professional"}, "organisation", "your organization"),
        ({"writer": "professional"}, "family_name", "the family's name"),
        ({"writer": "professional"}, "family_phone", "phone number or email"),
        ({"writer": "professional"}, "family_agreed", "once the family has agreed"),
        (
            {"writer": "professional", "family_phone": "212 555"},
            "family_phone",
            "too few digits",
        ),
        (
            {"writer": "professional", "family_email": "nope"},
            "family_email",
            "name@example.com",
        ),
    ],
)
def test_each_bad_answer_gets_a_clear_message_on_its_field(overrides, field, message):
    errors = errors_for(**overrides)

    assert field in errors
    assert message in " ".join(errors[field])


def test_optional_answers_may_be_left_blank(site_settings):
    blanks = dict.fromkeys(
        ["best_times", "language", "message", "heard_about", "phone"], ""
    )
    form = InquiryForm(data=form_data(concerns=None, voicemail_ok=None, **blanks))

    assert form.is_valid(), form.errors


def test_phone_alone_is_enough_to_be_reached(site_settings):
    form = InquiryForm(data=form_data(email="", preferred_contact="text"))

    assert form.is_valid(), form.errors


def test_five_answers_are_enough(site_settings):
    data = {
        "writer": "parent",
        "name": "Ana",
        "phone": "212 555 0147",
        "child_age": "0-12m",
        "consent": "on",
        "started": form_token(),
    }
    form = InquiryForm(data=data)

    assert form.is_valid(), form.errors
    inquiry = form.save()
    assert inquiry.preferred_contact == Inquiry.ContactMethod.PHONE


def test_an_email_alone_means_we_write(site_settings):
    form = InquiryForm(data=form_data(phone="", preferred_contact=None))

    assert form.is_valid(), form.errors
    assert form.save().preferred_contact == Inquiry.ContactMethod.EMAIL


def test_the_form_offers_bands_that_do_not_overlap_and_not_the_legacy_one():
    values = [value for value, _ in InquiryForm().fields["child_age"].choices]

    assert values == ["expecting", "0-12m", "1-2y", "3-5y", "6+"]
    assert "1-3y" in Inquiry.ChildAge.values  # still shown for old rows


def test_each_form_changes_its_own_copy_of_the_fields():
    first = InquiryForm()
    name = first.fields["name"]
    name.widget.attrs["class"] = "changed"
    name.error_messages["required"] = "changed"
    name.validators.append(lambda value: None)
    name.help_text = "changed"
    first.fields["child_age"].widget.attrs["data-x"] = "changed"

    for fields in (InquiryForm().fields, InquiryForm.base_fields):
        assert "class" not in fields["name"].widget.attrs
        assert fields["name"].error_messages["required"] == (
            "Please tell us your name."
        )
        assert len(fields["name"].validators) == len(name.validators) - 1
        assert fields["name"].help_text == ""
        assert "data-x" not in fields["child_age"].widget.attrs


def test_only_five_questions_are_required():
    form = InquiryForm()
    required = [name for name, field in form.fields.items() if field.required]

    assert required == ["writer", "name", "child_age", "consent"]  # + phone/email


def referral(**overrides):
    return form_data(
        **{
            "writer": "professional",
            "name": "Dr Ada Okafor",
            "email": "ada@clinic.example",
            "phone": "212 555 0100 ext 14",
            "referrer_kind": "pediatrician",
            "organisation": "Northside Pediatrics",
            "family_name": "The Rivera family",
            "family_phone": "(646) 555-0199",
            "family_email": "",
            "family_agreed": "on",
            **overrides,
        }
    )


def test_a_referral_keeps_the_referrer_and_the_family_apart(site_settings):
    form = InquiryForm(data=referral())

    assert form.is_valid(), form.errors
    inquiry = form.save()
    inquiry.refresh_from_db()
    assert inquiry.is_referral and inquiry.family_agreed is True
    assert inquiry.name == "Dr Ada Okafor"
    assert inquiry.family_contact_name == "The Rivera family"
    assert inquiry.family_contact_phone == "+16465550199"
    assert inquiry.family_contact_email == ""


@pytest.mark.parametrize(
    ("family_phone", "family_email", "expected"),
    [
        # The referrer gave an email, the family only a phone: we call the family.
        ("(646) 555-0199", "", Inquiry.ContactMethod.PHONE),
        # The referrer gave a phone, the family only an email: we write to it.
        ("", "rivera@example.net", Inquiry.ContactMethod.EMAIL),
    ],
)
def test_a_referrals_default_way_to_reach_follows_the_familys_details(
    site_settings, family_phone, family_email, expected
):
    form = InquiryForm(
        data=referral(
            phone="" if family_phone else "212 555 0100",
            email="ada@clinic.example" if family_phone else "",
            family_phone=family_phone,
            family_email=family_email,
            preferred_contact=None,
        )
    )

    assert form.is_valid(), form.errors
    assert form.save().preferred_contact == expected


def test_a_phone_extension_is_stored_normalised(site_settings):
    form = InquiryForm(data=referral(phone="212-300-1200 ext 14"))

    assert form.is_valid(), form.errors
    inquiry = form.save()
    stored = Inquiry.objects.filter(pk=inquiry.pk).values_list("phone", flat=True)[0]
    assert stored == "tel:+1-212-300-1200;ext=14"
    assert str(Inquiry.objects.get(pk=inquiry.pk).phone) == "+1 212-300-1200 ext. 14"


def test_a_number_with_an_unlisted_area_code_and_an_extension_is_accepted(
    site_settings,
):
    # The issue's own example: 555 is not an assigned area code, but a number of
    # the right length is never refused because the library's list is older. It
    # is kept as typed, and still dials with its extension.
    from pages.templatetags.seo import tel_href

    form = InquiryForm(data=referral(phone="555-300-1200 ext 14"))

    assert form.is_valid(), form.errors
    inquiry = form.save()
    stored = Inquiry.objects.filter(pk=inquiry.pk).values_list("phone", flat=True)[0]
    assert stored == "555-300-1200 ext 14"
    assert tel_href(stored) == "tel:+1-555-300-1200;ext=14"


def test_the_default_region_comes_from_the_setting(site_settings, settings):
    settings.PHONENUMBER_DEFAULT_REGION = "GB"
    form = InquiryForm(data=form_data(phone="020 7946 0958"))

    assert form.is_valid(), form.errors
    assert form.save().phone.as_e164 == "+442079460958"


def test_a_parent_never_stores_referral_answers(site_settings):
    form = InquiryForm(
        data=form_data(organisation="Acme", family_name="X", family_agreed="on")
    )

    assert form.is_valid(), form.errors
    inquiry = form.save()
    assert (inquiry.organisation, inquiry.family_name) == ("", "")
    assert inquiry.family_agreed is None
    assert inquiry.family_contact_name == inquiry.name


def test_an_older_referral_shows_the_writer_as_contact(make_inquiry):
    inquiry = make_inquiry(writer="professional", organisation="Clinic")

    assert inquiry.family_contact_name == inquiry.name
    assert inquiry.family_contact_phone == inquiry.phone


def test_message_of_1000_characters_with_line_breaks_fits(site_settings):
    # 1,000 characters as the browser counts them, 1,009 as sent.
    message = ("a" * 99 + "\r\n") * 9 + "a" * 100

    form = InquiryForm(data=form_data(message=message))

    assert form.is_valid(), form.errors
    assert "\r" not in form.cleaned_data["message"]


def test_line_breaks_in_single_line_answers_become_spaces(site_settings):
    form = InquiryForm(
        data=form_data(name="Ana\r\nBcc: x@evil.example", best_times="a\nb")
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Ana Bcc: x@evil.example"
    assert form.cleaned_data["best_times"] == "a b"


def test_saved_inquiry_keeps_answers_and_consent(site_settings):
    form = InquiryForm(data=form_data())
    assert form.is_valid()

    inquiry = form.save()

    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW
    assert inquiry.consented
    assert inquiry.voicemail_ok and not inquiry.practice_name_ok
    assert inquiry.concerns == ["sleep", "feelings"]
    assert inquiry.concern_labels() == ["Sleep", "Big feelings or tantrums"]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        (lambda: {"website": "http://cheap.example"}, Inquiry.SpamReason.HONEYPOT),
        (lambda: {"started": form_token(1)}, Inquiry.SpamReason.TOO_FAST),
        (lambda: {"started": ""}, Inquiry.SpamReason.BAD_TOKEN),
        (lambda: {"started": form_token(60)[:-2] + "xx"}, Inquiry.SpamReason.BAD_TOKEN),
        (
            lambda: {"started": signing.dumps("soon", salt=spam.TOKEN_SALT)},
            Inquiry.SpamReason.BAD_TOKEN,
        ),
        (
            lambda: {
                "started": signing.dumps({"t": time.time() - 60}, salt=spam.TOKEN_SALT)
            },
            Inquiry.SpamReason.BAD_TOKEN,
        ),
    ],
    ids=[
        "honeypot",
        "too-fast",
        "missing-token",
        "tampered-token",
        "not-a-time",
        "no-nonce",
    ],
)
def test_spam_signals_store_the_inquiry_as_spam(site_settings, overrides, reason):
    # Tokens are made when the test runs, not when it is collected.
    form = InquiryForm(data=form_data(**overrides()))
    assert form.is_valid(), form.errors

    inquiry = form.save()

    assert inquiry.status == Inquiry.Status.SPAM
    assert inquiry.spam_reason == reason
    assert not inquiry.notifications.exists()


def test_minimum_fill_time_is_configurable(site_settings, settings):
    settings.CONTACT_MIN_FILL_SECONDS = 0

    form = InquiryForm(data=form_data(started=form_token(0)))

    assert form.is_valid()
    assert form.save().status == Inquiry.Status.NEW


def test_blank_form_carries_a_fresh_signed_start_time_and_a_random_nonce():
    first, second = InquiryForm(), InquiryForm()

    token = spam.read_token(first.initial["started"])

    assert 0 <= token.elapsed < 5
    assert len(token.nonce) >= 16
    assert token.nonce != spam.read_token(second.initial["started"]).nonce


def test_a_token_from_before_nonces_is_still_accepted_without_one(site_settings):
    legacy = signing.dumps(time.time() - 60, salt=spam.TOKEN_SALT)
    form = InquiryForm(data=form_data(started=legacy))

    assert form.is_valid()
    inquiry = form.save()
    assert inquiry.status == Inquiry.Status.NEW
    assert inquiry.form_nonce is None


def send(ip):
    form = InquiryForm(data=form_data(), client_ip=ip)
    assert form.is_valid(), form.errors
    return form.save()


def test_past_the_rate_limit_inquiries_are_held_not_spam(site_settings, settings):
    settings.CONTACT_RATE_LIMIT = "2/h"

    sent = [send("203.0.113.7") for _ in range(3)]

    assert [(i.status, i.held) for i in sent] == [
        ("new", False),
        ("new", False),
        ("new", True),
    ]
    assert sent[2].spam_reason == ""
    assert not send("203.0.113.8").held  # another address is not limited


def test_a_held_inquiry_notifies_the_practice_but_emails_nobody_else(
    site_settings, settings
):
    settings.CONTACT_RATE_LIMIT = "1/h"
    send("203.0.113.7")

    held = send("203.0.113.7")
    tasks.queue_new_emails.call()  # the worker's step

    assert held.held
    assert [n.kind for n in held.notifications.all()] == ["practice"]


def test_rate_limit_zero_turns_it_off(site_settings, settings):
    settings.CONTACT_RATE_LIMIT = "0"

    assert {send("203.0.113.7").status for _ in range(8)} == {"new"}


@pytest.mark.parametrize(
    ("value", "parsed"),
    [("5/h", (5, 3600)), ("20/d", (20, 86400)), ("3/10m", (3, 600)), ("0", None)],
)
def test_rate_limit_setting_is_parsed(value, parsed):
    assert spam.parse_rate(value) == parsed


@pytest.mark.parametrize("value", ["five", "5/y", "0/h", "5/"])
def test_bad_rate_limit_setting_is_a_clear_configuration_error(value):
    with pytest.raises(ImproperlyConfigured, match="CONTACT_RATE_LIMIT"):
        spam.parse_rate(value)


def test_bad_rate_limit_setting_fails_the_system_check(settings):
    from contact.checks import contact_settings

    settings.CONTACT_RATE_LIMIT = "lots"

    assert [error.id for error in contact_settings(None)] == ["contact.E001"]


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "127.0.0.1"),
        (1, "", "127.0.0.1"),
        (1, "198.51.100.9, 198.51.100.1", "198.51.100.1"),
        (2, "198.51.100.9, 198.51.100.1", "198.51.100.9"),
    ],
)
def test_client_address_counts_trusted_proxies(
    rf, settings, proxies, forwarded, expected
):
    settings.PROXY_COUNT = proxies
    request = rf.post(
        "/contact/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded
    )

    assert client_ip(request) == expected
