"""Moving the recipients out of the site settings keeps them (and back)."""

import pytest

from .conftest import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("contact", "0005_form_language_and_spanish_resources"),
    ("pages", "0007_spanish"),
]
AFTER = [
    ("contact", "0010_settings_replies_follow_ups"),
    ("pages", "0010_inquiry_settings_move_to_contact"),
]


def test_recipients_and_target_are_copied_into_contact_and_back():
    old = migrate(BEFORE)
    old.get_model("pages", "SiteSettings").objects.update_or_create(
        pk=1,
        defaults={
            "inquiry_recipients": "intake@practice.example\nlead@practice.example",
            "response_target_business_days": 4,
        },
    )

    new = migrate(AFTER)
    moved = new.get_model("contact", "InquirySettings").objects.get(pk=1)
    assert moved.recipients.split() == [
        "intake@practice.example",
        "lead@practice.example",
    ]
    assert moved.response_target_business_days == 4

    back = migrate(BEFORE)
    site = back.get_model("pages", "SiteSettings").objects.get(pk=1)
    assert site.inquiry_recipients.split() == [
        "intake@practice.example",
        "lead@practice.example",
    ]
    assert site.response_target_business_days == 4
    migrate(latest())
