from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "contact"
    verbose_name = "Contact and inquiries"

    def ready(self):
        from . import checks  # noqa: F401
