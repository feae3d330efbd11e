# A new flag, False for every stored inquiry: reversible, no meaning changes.
# Inquiries stored as spam for the rate limit before it keep that status.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0006_referral_family_and_phone_numbers"),
    ]

    operations = [
        migrations.AddField(
            model_name="inquiry",
            name="held",
            field=models.BooleanField(
                default=False,
                editable=False,
                help_text="Sent from an address that had already sent several "
                "inquiries within the hour (CONTACT_RATE_LIMIT): the practice was "
                "told, the family got no automatic confirmation email. Please "
                "check it is genuine.",
                verbose_name="held: many from one address",
            ),
        ),
    ]
