from django.apps import AppConfig

# Sections the practice does not need, by app label, with plain names for the
# superusers who do.
TECHNICAL_SECTIONS = {
    "axes": "Sign-in lockouts (technical)",
    "otp_totp": "Second-factor devices (technical)",
    "django_tasks_database": "Background jobs (technical)",
}


def superusers_only(model_admin_class):
    class SuperusersOnly(model_admin_class):
        def has_module_permission(self, request):
            return request.user.is_superuser

        def has_view_permission(self, request, obj=None):
            return request.user.is_superuser and super().has_view_permission(
                request, obj
            )

        def has_change_permission(self, request, obj=None):
            return request.user.is_superuser and super().has_change_permission(
                request, obj
            )

        def has_delete_permission(self, request, obj=None):
            return request.user.is_superuser and super().has_delete_permission(
                request, obj
            )

    SuperusersOnly.__name__ = model_admin_class.__name__
    return SuperusersOnly


def full_name(user):
    return user.get_full_name() or user.get_username()


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = "Staff"

    def ready(self):
        from django.apps import apps
        from django.contrib import admin
        from django.contrib.auth import get_user_model

        # People appear by name wherever a user is shown (assigned to, history).
        get_user_model().__str__ = full_name
        apps.get_app_config("auth").verbose_name = "Staff"
        for label, name in TECHNICAL_SECTIONS.items():
            try:
                apps.get_app_config(label).verbose_name = name
            except LookupError:
                continue
            for model, model_admin in list(admin.site._registry.items()):
                if model._meta.app_label == label:
                    admin.site.unregister(model)
                    admin.site.register(model, superusers_only(type(model_admin)))
