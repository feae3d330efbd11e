from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .spam import parse_rate


@checks.register
def contact_settings(app_configs, **kwargs):
    errors = []
    for name in ("CONTACT_RATE_LIMIT", "CONTACT_HARD_LIMIT"):
        try:
            parse_rate(getattr(settings, name), name)
        except ImproperlyConfigured as exc:
            errors.append(checks.Error(str(exc), id="contact.E001"))
    return errors
