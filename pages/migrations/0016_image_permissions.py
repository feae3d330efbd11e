from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = ["view_image", "add_image", "change_image"]
ADMINS = [*EDITORS, "delete_image"]


def _grant(apps, group_name, codenames, grant=True):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="pages", codename__in=codenames
    )
    for group in Group.objects.filter(name=group_name):
        if grant:
            group.permissions.add(*permissions)
        else:
            group.permissions.remove(*permissions)


def grant_image_permissions(apps, schema_editor):
    """Editors upload and describe images; practice admins may also delete them
    (their "everything" was fixed when their group was made, contact 0003)."""
    app_config = apps.get_app_config("pages")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    _grant(apps, "Editors", EDITORS)
    _grant(apps, "Practice admins", ADMINS)


def revoke_image_permissions(apps, schema_editor):
    _grant(apps, "Editors", EDITORS, grant=False)
    _grant(apps, "Practice admins", ADMINS, grant=False)


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0015_image"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(grant_image_permissions, revoke_image_permissions)
    ]
