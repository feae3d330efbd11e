# The labels editors see (Text, Menu text) become the fields' own names, so the
# form and the history's "Show changes" both read them from the model.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0016_image_permissions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="page",
            name="body",
            field=models.TextField(blank=True, verbose_name="text"),
        ),
        migrations.AlterField(
            model_name="page",
            name="navigation_label",
            field=models.CharField(
                blank=True,
                help_text="Menu text. Leave empty to use the title.",
                max_length=60,
                verbose_name="menu text",
            ),
        ),
    ]
