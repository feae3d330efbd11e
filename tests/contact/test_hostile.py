"""The hostile-input corpus (tests/hostile.py) and properties against /contact/."""

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from contact.forms import InquiryForm
from contact.models import Inquiry
from tests import hostile

from .conftest import form_token

pytestmark = pytest.mark.django_db
URL = "/contact/"
PROPERTY = hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
FREE_TEXT = [*InquiryForm.single_line_fields, "message"]
VALID = {
    "writer": "professional",
    "referrer_kind": "caseworker",
    "organisation": "County Family Services",
    "family_agreed": "on",
    "family_name": "Rivera family",
    "family_phone": "646 555 0199",
    "name": "Ana Example",
    "email": "ana@example.net",
    "phone": "212 555 0123",
    "preferred_contact": "email",
    "voicemail_ok": "on",
    "best_times": "mornings",
    "child_age": "1-2y",
    "concerns": "sleep",
    "language": "Spanish",
    "message": "Hello",
    "heard_about": "A friend",
    "consent": "on",
    "website": "",
}


@pytest.fixture(autouse=True)
def _no_rate_limit(settings, site_settings):
    settings.CONTACT_RATE_LIMIT = "0"


def as_stored(field, value):
    """What the form stores for valid text: whitespace tidied, nothing else."""
    if field in InquiryForm.single_line_fields:
        return " ".join(value.split())
    return value.strip().replace("\r\n", "\n")


CORPUS = {}
for _case, _data in hostile.hostile_variants(VALID):
    CORPUS.setdefault(_case.partition("=")[0], []).append((_case, _data))


@pytest.mark.slow
@pytest.mark.parametrize("field", CORPUS)
def test_hostile_field_stores_exactly_what_was_valid_or_nothing_and_says_why(
    client, field
):
    for case, data in CORPUS[field]:
        before = set(Inquiry.objects.values_list("pk", flat=True))

        response = client.post(URL, {"started": form_token(), **data})

        hostile.assert_not_rendered_raw(response)
        added = Inquiry.objects.exclude(pk__in=before)
        value = data.get(field)
        if isinstance(value, str) and "\x00" in value:
            assert response.status_code == 400, case
            assert not added.exists(), case
        elif response.status_code == 200:  # the form again, saying what to fix
            assert response.context["form"].errors, case
            assert not added.exists(), case
        else:
            assert response.status_code == 302, case
            [inquiry] = added
            if field in FREE_TEXT and isinstance(value, str):
                assert getattr(inquiry, field) == as_stored(field, value), case
        if case.endswith("=missing") and field in {"writer", "name", "consent"}:
            assert response.status_code == 200, case


@pytest.mark.parametrize("name", hostile.HOSTILE_VALUES)
def test_hostile_form_token_is_stored_as_spam_and_never_notified(client, name):
    response = client.post(URL, {**VALID, "started": hostile.HOSTILE_VALUES[name]})

    hostile.assert_handled(response, name)
    if name == "nul":
        assert response.status_code == 400
        assert not Inquiry.objects.exists()
    else:
        inquiry = Inquiry.objects.get()
        assert inquiry.status == Inquiry.Status.SPAM
        assert not inquiry.notifications.exists()


@pytest.mark.parametrize(
    "name",
    [n for n in hostile.HOSTILE_VALUES if n not in {"nul", "long", "whitespace"}],
)
def test_stored_hostile_text_is_escaped_on_the_thanks_page_and_in_the_admin(
    client, admin_client, name
):
    value = hostile.HOSTILE_VALUES[name]
    response = client.post(
        URL, {**VALID, "started": form_token(), **dict.fromkeys(FREE_TEXT, value)}
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.message == as_stored("message", value)

    pages = [
        client.get(response["Location"]),
        admin_client.get(inquiry.get_admin_url()),
        admin_client.get("/admin/contact/inquiry/"),
    ]

    for page in pages:
        assert page.status_code == 200
        hostile.assert_not_rendered_raw(page)
    if name == "script":
        assert "&lt;script&gt;alert(" in pages[1].content.decode()


def test_nul_in_any_field_is_a_clear_400_and_stores_nothing(client):
    response = client.post(URL, {**VALID, "started": form_token(), "message": "a\x00b"})

    assert response.status_code == 400
    assert not Inquiry.objects.exists()


def test_a_3_mb_body_is_refused_and_stores_nothing(client):
    response = client.post(
        URL, {**VALID, "started": form_token(), "message": hostile.BIG_BODY}
    )

    assert response.status_code == 400
    assert not Inquiry.objects.exists()


def test_a_100000_character_message_is_refused_kindly_and_kept_in_the_form(client):
    response = client.post(
        URL, {**VALID, "started": form_token(), "message": "x" * 100_000}
    )

    assert response.status_code == 200
    assert "at most 1,000 characters: it has 100,000" in response.content.decode()
    assert "x" * 100_000 in response.content.decode()  # kept in the form
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize("case", ["missing", "wrong", "other-session"])
def test_a_post_without_a_valid_csrf_token_is_refused_and_stores_nothing(case):
    response = hostile.csrf_variants(URL, {**VALID, "started": form_token()})[case]

    assert response.status_code == 403
    assert not Inquiry.objects.exists()


@pytest.mark.slow
@PROPERTY
@given(message=hostile.hostile_text, name=hostile.hostile_text)
def test_property_message_and_name_are_stored_exactly_or_not_at_all(
    client, message, name
):
    before = set(Inquiry.objects.values_list("pk", flat=True))
    data = {**VALID, "started": form_token(), "message": message, "name": name}

    response = client.post(URL, data)

    hostile.assert_handled(response)
    added = Inquiry.objects.exclude(pk__in=before)
    if response.status_code == 302:
        [inquiry] = added
        assert inquiry.message == as_stored("message", message)
        assert inquiry.name == as_stored("name", name)
    else:
        assert not added.exists()


@pytest.mark.slow
@PROPERTY
@given(field=hostile.hostile_text, value=hostile.hostile_text)
def test_property_unknown_and_repeated_fields_never_fail(client, field, value):
    data = {**VALID, "started": form_token(), field: [value, value]}

    hostile.assert_handled(client.post(URL, data))
