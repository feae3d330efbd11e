# Plain labels and help for the search-engine fields, and help for the Spanish
# ones (label-only: the columns do not change).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0018_history_lists_address_offline_and_going_live"),
    ]

    operations = [
        migrations.AlterField(
            model_name="page",
            name="meta_description",
            field=models.CharField(
                blank=True,
                help_text="Shown under the title in Google's results. Empty: the start of the page's text is used.",
                max_length=160,
                verbose_name="description for search engines",
            ),
        ),
        migrations.AlterField(
            model_name="page",
            name="meta_description_es",
            field=models.CharField(
                blank=True,
                help_text="Shown under the title in Google's results in Spanish. Empty: the start of the Spanish text is used.",
                max_length=160,
                verbose_name="description for search engines in Spanish",
            ),
        ),
        migrations.AlterField(
            model_name="page",
            name="navigation_label_es",
            field=models.CharField(
                blank=True,
                help_text="Empty: the Spanish title.",
                max_length=60,
                verbose_name="menu text in Spanish",
            ),
        ),
        migrations.AlterField(
            model_name="page",
            name="seo_title_es",
            field=models.CharField(
                blank=True,
                help_text="Shown in Spanish search results and browser tabs. Empty: the Spanish title.",
                max_length=70,
                verbose_name="title for search engines in Spanish",
            ),
        ),
    ]
