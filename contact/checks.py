from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

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


@checks.register(deploy=True)
def ready_for_families(app_configs, **kwargs):
    """`check --deploy` repeats the admin home's "ready to receive families"."""
    from .readiness import configuration_problems

    try:
        found = configuration_problems()
    except DatabaseError:
        # Not migrated yet, or no database here: the admin home will say it.
        return []
    ids = {"recipients": "contact.W010", "practice-contact": "contact.W011",
           "privacy": "contact.W012"}  # fmt: skip
    return [checks.Warning(problem.text, id=ids[problem.key]) for problem in found]
