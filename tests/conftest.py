import os
import tempfile

import pytest
from django.conf import settings

# Some tests start a second process (a worker, a web server) against the test
# database, so on SQLite it must be a file rather than Django's in-memory one.
_db = settings.DATABASES["default"]
if _db["ENGINE"].endswith("sqlite3") and not _db.get("TEST", {}).get("NAME"):
    _db.setdefault("TEST", {})["NAME"] = os.path.join(
        tempfile.gettempdir(), f"iecmh-tests-{os.getpid()}.sqlite3"
    )


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SERVE_MEDIA = True


@pytest.fixture(autouse=True)
def _plain_static_storage_and_fresh_cache(settings):
    # Hashed static files need collectstatic; tests use the plain storage.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    from django.core.cache import cache

    from pages import cache as page_cache

    cache.clear()
    page_cache.invalidate()
    yield
    cache.clear()
    page_cache.invalidate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every admin_client and staff user hashes a password; the production hasher
    # is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language_between_tests():
    # A request to /es/ leaves Spanish active in the test thread afterwards.
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def home_page(django_db_blocker):
    """The home page as the content migration makes it.

    Transactional tests (the browser's live server) flush the database, which
    removes migration-made rows, so they ask for the content explicitly."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "pages.migrations.0005_publish_content_and_editors"
    )
    with django_db_blocker.unblock():
        migration.create_home_page(apps, None)
    from pages.models import Page

    return Page.objects.get(slug="home")


@pytest.fixture
def editors_group(django_db_blocker):
    """The "Editors" group as the data migration makes it (see `home_page`)."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "pages.migrations.0005_publish_content_and_editors"
    )
    adding = importlib.import_module("pages.migrations.0013_editors_add_pages")
    images = importlib.import_module("pages.migrations.0016_image_permissions")
    with django_db_blocker.unblock():
        migration.create_editors_group(apps, None)
        images.grant_image_permissions(apps, None)
        return adding.let_editors_add_pages(apps, None)


@pytest.fixture
def role_groups(django_db_blocker, editors_group):
    """ "Clinicians" and "Practice admins" as the data migration makes them."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("contact.migrations.0003_roles_and_audit_guard")
    with django_db_blocker.unblock():
        clinicians, admins = migration.create_role_groups(apps, None)
    return {
        "Clinicians": clinicians,
        "Practice admins": admins,
        "Editors": editors_group,
    }


STAFF_PASSWORD = "a long enough password for tests"


@pytest.fixture
def make_staff(django_user_model, role_groups):
    from staff.roles import ROLES, set_role

    keys = {group: key for key, group in ROLES.items()}

    def make(username, role):
        user = django_user_model.objects.create_user(
            username, password=STAFF_PASSWORD, first_name=username.title()
        )
        set_role(user, keys[role])
        return user

    return make


@pytest.fixture
def clinician(make_staff):
    return make_staff("amara", "Clinicians")


@pytest.fixture
def practice_admin(make_staff):
    return make_staff("pat", "Practice admins")


@pytest.fixture
def editor(make_staff):
    return make_staff("maria", "Editors")


@pytest.fixture
def client_for(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def site_settings(db):
    from pages.models import SiteSettings

    site = SiteSettings.load()
    site.practice_name = "Little Roots Therapy"
    site.email = "hello@practice.example"
    site.phone = "(212) 555-0100 ext 2"
    site.address = "1 Main Street\nSpringfield"
    site.response_time_promise = "We reply within 2 business days."
    site.save()
    return site
