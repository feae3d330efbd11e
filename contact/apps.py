from django.apps import AppConfig
from django.db.models.signals import post_migrate

PRACTICE_ADMINS = "Practice admins"


def give_practice_admins_every_permission(using, **kwargs):
    # Models added after the roles migration get permissions at post_migrate;
    # Practice admins may do everything, so they get those too.
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.using(using).filter(name=PRACTICE_ADMINS).first()
    if group is not None:
        group.permissions.set(Permission.objects.using(using).all())


class ContactConfig(AppConfig):
    name = "contact"
    verbose_name = "Contact and inquiries"

    def ready(self):
        from . import checks  # noqa: F401

        # auth's own post_migrate handler creates the permissions first (auth is
        # listed before contact in INSTALLED_APPS).
        post_migrate.connect(
            give_practice_admins_every_permission,
            dispatch_uid="contact.practice-admins-permissions",
        )
