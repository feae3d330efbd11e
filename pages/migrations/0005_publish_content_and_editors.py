import importlib

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

HOME_BODY = importlib.import_module("pages.migrations.0002_home_page").HOME_BODY
CONTENT_FIELDS = [
    "title",
    "body",
    "seo_title",
    "meta_description",
    "navigation_label",
    "reviewed_by",
    "reviewed_on",
]
EDITOR_PERMISSIONS = [
    "view_page",
    "change_page",
    "view_sitesettings",
    "change_sitesettings",
]
PLACEHOLDER = (
    "<p><strong>[Placeholder for the practice to write.]</strong> {what} "
    "This page stays a draft, off the site, until someone publishes it.</p>"
)
DRAFTS = [
    ("about", "About the practice", "Who we are and how we work with families."),
    (
        "what-to-expect",
        "What to expect",
        "What happens when a family first contacts us.",
    ),
    (
        "privacy",
        "Privacy",
        "How the practice handles what families send through this site.",
    ),
]


def _publish(apps, page):
    Revision = apps.get_model("pages", "Revision")
    content = {name: getattr(page, name) for name in CONTENT_FIELDS}
    content["reviewed_on"] = (
        content["reviewed_on"] and content["reviewed_on"].isoformat()
    )
    revision = Revision.objects.create(
        page_id=page.pk, action="published", content=content, created_at=timezone.now()
    )
    type(page).objects.filter(pk=page.pk).update(live_revision=revision)


def create_home_page(apps, schema_editor):
    """The practice's home page, published; also used by the `home_page` test fixture."""
    Page = apps.get_model("pages", "Page")
    page, _ = Page.objects.update_or_create(
        slug="home",
        defaults={
            "title": "What is Infant and Early Childhood Mental Health?",
            "body": HOME_BODY,
            "show_in_navigation": True,
            "navigation_label": "Home",
            "navigation_order": 0,
        },
    )
    _publish(apps, page)
    return page


def publish_flagged_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for page in Page.objects.filter(is_published=True):
        _publish(apps, page)


def create_placeholder_drafts(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    Revision = apps.get_model("pages", "Revision")
    for order, (slug, title, what) in enumerate(DRAFTS, start=1):
        if Page.objects.filter(slug=slug).exists():
            continue
        page = Page.objects.create(
            slug=slug,
            title=title,
            body=PLACEHOLDER.format(what=what),
            show_in_navigation=True,
            navigation_order=order * 10,
        )
        content = {name: getattr(page, name) for name in CONTENT_FIELDS}
        Revision.objects.create(
            page=page, action="saved", content=content, created_at=timezone.now()
        )


def create_editors_group(apps, schema_editor):
    """Editors change pages and site settings, and nothing else."""
    # Permissions are otherwise only made after all migrations, too late here.
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="pages", codename__in=EDITOR_PERMISSIONS
        )
    )
    return group


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0004_page_revisions_redirects_schedule"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(publish_flagged_pages, migrations.RunPython.noop),
        migrations.RunPython(create_placeholder_drafts, migrations.RunPython.noop),
        migrations.RunPython(create_editors_group, migrations.RunPython.noop),
    ]
