# History lists address changes, "Take offline at" changes and a scheduled
# version going live; an event keeps its particulars in `detail`.

import django.core.serializers.json
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0017_page_labels_are_verbose_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="detail",
            field=models.JSONField(
                blank=True,
                default=dict,
                encoder=django.core.serializers.json.DjangoJSONEncoder,
            ),
        ),
        migrations.AlterField(
            model_name="revision",
            name="action",
            field=models.CharField(
                choices=[
                    ("saved", "Saved draft"),
                    ("published", "Published"),
                    ("scheduled", "Scheduled to publish"),
                    ("cancelled", "Schedule cancelled"),
                    ("unpublished", "Unpublished"),
                    ("reverted", "Reverted to an earlier version"),
                    ("address", "Address changed"),
                    ("expiry", "“Take offline at” changed"),
                    ("went_live", "Went live (scheduled)"),
                ],
                max_length=20,
            ),
        ),
    ]
