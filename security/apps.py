from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class SecurityConfig(AppConfig):
    name = "security"
    verbose_name = "Security"


class SecureAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "security.sites.AdminSite"
