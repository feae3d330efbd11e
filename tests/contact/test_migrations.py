"""Inquiries stored under the earlier form keep their meaning after 0006."""

import pytest

from .conftest import latest, migrate

BEFORE = [("contact", "0005_form_language_and_spanish_resources")]


@pytest.fixture
def old_rows(transactional_db):
    apps = migrate(BEFORE)
    Inquiry = apps.get_model("contact", "Inquiry")
    common = {"preferred_contact": "phone", "consented": True}
    rows = {
        "parent": Inquiry.objects.create(
            reference="AAAA3333",
            writer="parent",
            name="Ana",
            phone="(212) 555-0147",
            child_age="1-3y",
            **common,
        ),
        "referral": Inquiry.objects.create(
            reference="BBBB4444",
            writer="professional",
            name="Dr Okafor",
            organisation="Northside Pediatrics",
            phone="212.555.0100 x14",
            child_age="3-5y",
            message="Family: the Riveras, 646 555 0199",
            **common,
        ),
        "odd": Inquiry.objects.create(
            reference="CCCC6666",
            writer="parent",
            name="Bo",
            phone="867-5309",
            child_age="0-12m",
            **common,
        ),
    }
    yield {key: row.pk for key, row in rows.items()}
    migrate(latest())


def test_old_rows_keep_their_meaning_after_the_migration(old_rows):
    migrate(latest())
    from contact.models import Inquiry

    parent = Inquiry.objects.get(pk=old_rows["parent"])
    referral = Inquiry.objects.get(pk=old_rows["referral"])
    odd = Inquiry.objects.get(pk=old_rows["odd"])
    stored = dict(Inquiry.objects.values_list("reference", "phone"))

    assert stored["AAAA3333"] == "tel:+1-212-555-0147"
    assert stored["BBBB4444"] == "tel:+1-212-555-0100;ext=14"
    assert stored["CCCC6666"] == "867-5309"  # no area code: kept as typed
    assert str(odd.phone) == "867-5309"
    assert parent.get_child_age_display() == "1–3 years (earlier form)"
    assert referral.family_name == "" and referral.name == "Dr Okafor"
    assert referral.family_contact_name == "Dr Okafor"
    assert referral.message == "Family: the Riveras, 646 555 0199"
    assert referral.get_child_age_display() == "3–5 years"


def test_old_rows_still_count_in_the_monthly_figures(old_rows):
    migrate(latest())
    from contact.models import Inquiry, InquiryStat
    from contact.retention import stat_keys

    parent = Inquiry.objects.get(pk=old_rows["parent"])
    ages = [value for _, dimension, value in stat_keys(parent) if dimension == "age"]

    assert ages == ["1-3y"]
    assert InquiryStat.Dimension.AGE in InquiryStat.Dimension.values


def test_the_migration_reverses_without_losing_a_number(old_rows):
    migrate(latest())
    apps = migrate(BEFORE)
    Inquiry = apps.get_model("contact", "Inquiry")

    phones = dict(Inquiry.objects.values_list("reference", "phone"))

    assert phones == {
        "AAAA3333": "+1 212-555-0147",
        "BBBB4444": "+1 212-555-0100 ext. 14",
        "CCCC6666": "867-5309",
    }
