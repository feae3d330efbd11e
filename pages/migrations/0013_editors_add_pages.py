from django.db import migrations


def let_editors_add_pages(apps, schema_editor):
    """Editors add pages; deleting stays with practice admins (who hold every
    permission, see contact 0003)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Editors").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="pages", codename="add_page"
            )
        )
    return group


def stop_editors_adding_pages(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="pages", codename="add_page"
            )
        )


class Migration(migrations.Migration):
    dependencies = [("pages", "0012_page_status_and_schedule")]

    operations = [
        migrations.RunPython(let_editors_add_pages, stop_editors_adding_pages)
    ]
