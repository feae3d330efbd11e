from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Security"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import start_staff_session

        user_logged_in.connect(start_staff_session, dispatch_uid="security.sessions")


class SecureAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "security.sites.AdminSite"
