from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import F

CLINICIAN_PERMISSIONS = [
    "view_inquiry",
    "change_inquiry",
    "view_statuschange",
    "view_contactattempt",
    "add_contactattempt",
    "view_internalnote",
    "add_internalnote",
    "view_notification",
    "view_resource",
]

POSTGRESQL_GUARD = """
CREATE OR REPLACE FUNCTION contact_accesslog_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
        OR NEW.id <> OLD.id OR NEW.at <> OLD.at OR NEW.action <> OLD.action
        OR NEW.reference <> OLD.reference OR NEW.username <> OLD.username
        OR (NEW.inquiry_id IS DISTINCT FROM OLD.inquiry_id AND NEW.inquiry_id IS NOT NULL)
        OR (NEW.user_id IS DISTINCT FROM OLD.user_id AND NEW.user_id IS NOT NULL)
    THEN
        RAISE EXCEPTION 'The access log is append-only.';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER contact_accesslog_append_only BEFORE UPDATE OR DELETE ON contact_accesslog
    FOR EACH ROW EXECUTE FUNCTION contact_accesslog_append_only();
"""
POSTGRESQL_UNGUARD = """
DROP TRIGGER IF EXISTS contact_accesslog_append_only ON contact_accesslog;
DROP FUNCTION IF EXISTS contact_accesslog_append_only();
"""
# SQLite's test flush deletes rows, so there only updates are refused.
SQLITE_GUARD = """
CREATE TRIGGER contact_accesslog_append_only BEFORE UPDATE ON contact_accesslog
WHEN NEW.id IS NOT OLD.id OR NEW.at IS NOT OLD.at OR NEW.action IS NOT OLD.action
    OR NEW.reference IS NOT OLD.reference OR NEW.username IS NOT OLD.username
    OR (NEW.inquiry_id IS NOT OLD.inquiry_id AND NEW.inquiry_id IS NOT NULL)
    OR (NEW.user_id IS NOT OLD.user_id AND NEW.user_id IS NOT NULL)
BEGIN
    SELECT RAISE(ABORT, 'The access log is append-only.');
END;
"""
SQLITE_UNGUARD = "DROP TRIGGER IF EXISTS contact_accesslog_append_only;"


def create_role_groups(apps, schema_editor):
    """Clinicians work inquiries; Practice admins may do everything.

    Also used by the `clinicians_group` and `practice_admins_group` test fixtures."""
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    clinicians, _ = Group.objects.get_or_create(name="Clinicians")
    clinicians.permissions.set(
        Permission.objects.filter(
            content_type__app_label="contact", codename__in=CLINICIAN_PERMISSIONS
        )
    )
    admins, _ = Group.objects.get_or_create(name="Practice admins")
    admins.permissions.set(Permission.objects.all())
    return clinicians, admins


def backfill_status_changed_at(apps, schema_editor):
    Inquiry = apps.get_model("contact", "Inquiry")
    Inquiry.objects.update(status_changed_at=F("created_at"))


def guard_access_log(apps, schema_editor):
    sql = {"postgresql": POSTGRESQL_GUARD, "sqlite": SQLITE_GUARD}
    if schema_editor.connection.vendor in sql:
        schema_editor.execute(sql[schema_editor.connection.vendor])


def unguard_access_log(apps, schema_editor):
    sql = {"postgresql": POSTGRESQL_UNGUARD, "sqlite": SQLITE_UNGUARD}
    if schema_editor.connection.vendor in sql:
        schema_editor.execute(sql[schema_editor.connection.vendor])


class Migration(migrations.Migration):
    dependencies = [
        ("contact", "0002_inquiry_workspace"),
        ("pages", "0005_publish_content_and_editors"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_role_groups, migrations.RunPython.noop),
        migrations.RunPython(backfill_status_changed_at, migrations.RunPython.noop),
        migrations.RunPython(guard_access_log, unguard_access_log),
    ]
