from django.conf import settings
from django.core import checks


@checks.register(deploy=True)
def backup_passphrase(app_configs, **kwargs):
    if settings.BACKUP_PASSPHRASE:
        return []
    return [
        checks.Warning(
            "BACKUP_PASSPHRASE is not set, so `manage.py backup` (the daily backup "
            "timer) refuses to run.",
            hint="Set it in the production environment (deploy/iecmh.env.example).",
            id="backups.W001",
        )
    ]
