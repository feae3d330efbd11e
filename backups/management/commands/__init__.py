import contextlib

from django.core.management.base import CommandError
from django.db import DatabaseError

from backups import archive


@contextlib.contextmanager
def failures_reported(what):
    """archive's failures as a CommandError: a message, not a traceback."""
    try:
        yield
    except archive.BackupError as error:
        raise CommandError(error) from None
    except (OSError, DatabaseError) as error:
        raise CommandError(f"The {what} failed: {error}") from None
