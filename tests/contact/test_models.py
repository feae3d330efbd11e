import re

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from contact import tasks
from contact.forms import InquiryForm
from contact.models import Inquiry
from contact.models import inquiry as models

from .conftest import FAMILY_TEXT, form_data

pytestmark = pytest.mark.django_db


def make():
    form = InquiryForm(data=form_data(), client_ip="192.0.2.1")
    assert form.is_valid(), form.errors
    return form.save()


def test_reference_is_eight_unambiguous_characters_and_not_the_id(site_settings):
    inquiries = [make() for _ in range(20)]

    references = [inquiry.reference for inquiry in inquiries]
    assert len(set(references)) == 20
    for inquiry in inquiries:
        assert re.fullmatch(r"[346789ABCDEFGHJKMNPQRTUVWXY]{8}", inquiry.reference)


def test_every_position_of_a_reference_draws_on_the_whole_alphabet():
    from contact.models.inquiry import REFERENCE_ALPHABET, new_reference

    references = [new_reference() for _ in range(3000)]

    for position in range(8):
        assert {r[position] for r in references} == set(REFERENCE_ALPHABET)


def test_a_reference_is_never_given_twice(site_settings, make_inquiry):
    first = make()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_inquiry(reference=first.reference)

    assert Inquiry.objects.count() == 1


def test_str_is_only_the_reference(site_settings):
    inquiry = make()

    assert str(inquiry) == inquiry.reference
    assert FAMILY_TEXT["name"] not in repr(inquiry)
    tasks.queue_new_emails.call()
    kinds = {str(n) for n in inquiry.notifications.all()}
    assert kinds == {"To the practice", "Confirmation to the family"}


@pytest.mark.parametrize(
    ("age", "out_of_scope"),
    [("expecting", False), ("0-12m", False), ("3-5y", False), ("6+", True)],
)
def test_out_of_scope_is_the_age_band_six_and_over(age, out_of_scope):
    assert Inquiry(child_age=age).is_out_of_scope is out_of_scope


def test_a_localized_resource_is_a_copy_with_english_filling_gaps():
    resource = models.Resource(
        title="Parent line", title_es="Línea para padres", description="Call any time."
    )

    with translation.override("es"):
        local = resource.localized()

    assert (local.title, local.description) == ("Línea para padres", "Call any time.")
    assert resource.title == "Parent line"
