"""A referral's family gets its own fields; phone numbers are stored normalised;
age bands no longer overlap.

Existing rows keep their meaning: the writer's fields stay the writer's (an
earlier referral's family details stay in its message), "1-3y" stays as a
legacy band, and a stored phone that does not parse is kept exactly as typed."""

import phonenumbers
from django.conf import settings
from django.db import migrations, models

import contact.phones


def normalise_phones(apps, schema_editor):
    Inquiry = apps.get_model("contact", "Inquiry")
    for pk, phone in Inquiry.objects.exclude(phone="").values_list("pk", "phone"):
        stored = contact.phones.normalise(phone, settings.PHONENUMBER_DEFAULT_REGION)
        if stored != phone:
            Inquiry.objects.filter(pk=pk).update(phone=stored)


def denormalise_phones(apps, schema_editor):
    """Back to the earlier form's style (same number and extension, under 30 characters)."""
    Inquiry = apps.get_model("contact", "Inquiry")
    for pk, phone in Inquiry.objects.filter(phone__startswith="tel:").values_list(
        "pk", "phone"
    ):
        number = phonenumbers.parse(phone)
        text = phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        Inquiry.objects.filter(pk=pk).update(phone=text)


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0005_form_language_and_spanish_resources"),
    ]

    operations = [
        migrations.AddField(
            model_name="inquiry",
            name="family_email",
            field=models.EmailField(
                blank=True, max_length=254, verbose_name="family's email"
            ),
        ),
        migrations.AddField(
            model_name="inquiry",
            name="family_name",
            field=models.CharField(
                blank=True, max_length=100, verbose_name="family's name"
            ),
        ),
        migrations.AddField(
            model_name="inquiry",
            name="family_phone",
            field=contact.phones.PhoneNumberField(
                blank=True, max_length=60, region=None, verbose_name="family's phone"
            ),
        ),
        migrations.AlterField(
            model_name="inquiry",
            name="child_age",
            field=models.CharField(
                choices=[
                    ("expecting", "Expecting a baby"),
                    ("0-12m", "Under 1 year"),
                    ("1-2y", "1–2 years"),
                    ("3-5y", "3–5 years"),
                    ("6+", "6 years or older"),
                    ("1-3y", "1–3 years (earlier form)"),
                ],
                max_length=10,
                verbose_name="child's age",
            ),
        ),
        # Room for the normalised form first, then the data, then the field type.
        migrations.AlterField(
            model_name="inquiry",
            name="phone",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.RunPython(normalise_phones, denormalise_phones),
        migrations.AlterField(
            model_name="inquiry",
            name="phone",
            field=contact.phones.PhoneNumberField(
                blank=True, max_length=60, region=None
            ),
        ),
    ]
