import hashlib
import json

from django.db import migrations

from pages.sanitize import clean_html

BODIES = ["body", "body_es"]
# Page.TRANSLATED_FIELDS when this was written: the English that the "Spanish is
# current" marker (spanish_source) fingerprints.
TRANSLATED_FIELDS = [
    "title",
    "body",
    "seo_title",
    "meta_description",
    "navigation_label",
]


def english_fingerprint(values):
    english = [str(values.get(name) or "") for name in TRANSLATED_FIELDS]
    return hashlib.sha256(json.dumps(english).encode()).hexdigest()


def clean(values):
    """Clean the bodies of `values` (a dict); a Spanish marked current stays current:
    the English words did not change, only the whitespace between its blocks."""
    was_current = values.get("spanish_source") == english_fingerprint(values)
    for name in BODIES:
        if values.get(name):
            values[name] = clean_html(values[name])
    if was_current:
        values["spanish_source"] = english_fingerprint(values)
    return values


def store_the_editors_markup(apps, schema_editor):
    """Stored text in the shape the editor saves it (see pages/sanitize.py), so a
    page opened and saved untouched is unchanged and "Show changes" stays quiet.
    Same elements, same text: only whitespace between blocks and paragraphs
    inside list items and quotes differ. The reverse is a no-op for that reason."""
    Page = apps.get_model("pages", "Page")
    Revision = apps.get_model("pages", "Revision")
    fields = [*TRANSLATED_FIELDS, *BODIES, "spanish_source"]
    for page in Page.objects.all():
        values = clean({name: getattr(page, name) for name in fields})
        for name in [*BODIES, "spanish_source"]:
            setattr(page, name, values[name])
        page.save(update_fields=[*BODIES, "spanish_source"])
    for revision in Revision.objects.all():
        clean(revision.content)
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [("pages", "0013_editors_add_pages")]

    operations = [
        migrations.RunPython(store_the_editors_markup, migrations.RunPython.noop)
    ]
