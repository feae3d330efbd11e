from django.db import migrations

from pages.sanitize import clean_html

BODIES = ["body", "body_es"]


def store_the_editors_markup(apps, schema_editor):
    """Stored text in the shape the editor saves it (see pages/sanitize.py), so a
    page opened and saved untouched is unchanged and "Show changes" stays quiet.
    Same elements, same text: only whitespace between blocks and paragraphs
    inside list items and quotes differ. The reverse is a no-op for that reason."""
    Page = apps.get_model("pages", "Page")
    Revision = apps.get_model("pages", "Revision")
    for page in Page.objects.all():
        for name in BODIES:
            setattr(page, name, clean_html(getattr(page, name)))
        page.save(update_fields=BODIES)
    for revision in Revision.objects.all():
        content = revision.content
        for name in BODIES:
            if content.get(name):
                content[name] = clean_html(content[name])
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("pages", "0013_editors_add_pages")]

    operations = [
        migrations.RunPython(store_the_editors_markup, migrations.RunPython.noop)
    ]
