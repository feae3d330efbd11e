from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .spam import parse_rate


@checks.register
def contact_settings(app_configs, **kwargs):
    errors = []
    try:
        parse_rate(settings.CONTACT_RATE_LIMIT)
    except ImproperlyConfigured as exc:
        errors.append(checks.Error(str(exc), id="contact.E001"))
    return errors
