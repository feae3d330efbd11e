import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Each test reads the settings in a fresh interpreter.
pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
SETTINGS_NAMES = [
    "DEBUG",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "MAILERS",
    "TASKS",
    "CACHES",
]


def load_settings(**environ):
    """Import the settings in a fresh interpreter with exactly this environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "EMAIL_", "CACHE_URL"))
        and key not in {"TASK_BACKEND", "CONN_MAX_AGE"}
    }
    env.update(environ)
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"names = {SETTINGS_NAMES!r}; "
        "out = {n: getattr(settings, n, None) for n in names}; "
        "out['DATABASE'] = settings.DATABASES['default']; "
        "print(json.dumps(out, default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "iecmh_site.settings"},
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise RuntimeError(result.stderr)
    return json.loads(result.stdout)


PRODUCTION = {"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "example.org"}


def test_missing_secret_key_with_debug_off_is_an_error_naming_the_variable():
    with pytest.raises(RuntimeError, match="DJANGO_SECRET_KEY must be set"):
        load_settings()


def test_debug_is_off_unless_asked_for():
    assert load_settings(**PRODUCTION)["DEBUG"] is False
    assert load_settings(DJANGO_DEBUG="1")["DEBUG"] is True


def test_allowed_hosts_are_empty_in_production_and_never_a_wildcard():
    assert load_settings(DJANGO_SECRET_KEY="x" * 50)["ALLOWED_HOSTS"] == []
    assert "*" not in load_settings(DJANGO_DEBUG="1")["ALLOWED_HOSTS"]


def test_hosts_and_trusted_origins_are_comma_lists():
    loaded = load_settings(
        **{
            **PRODUCTION,
            "DJANGO_ALLOWED_HOSTS": "a.example,b.example",
            "DJANGO_CSRF_TRUSTED_ORIGINS": "https://a.example,https://b.example",
        }
    )
    assert loaded["ALLOWED_HOSTS"] == ["a.example", "b.example"]
    assert loaded["CSRF_TRUSTED_ORIGINS"] == ["https://a.example", "https://b.example"]


def test_production_defaults_are_safe_behind_a_tls_proxy():
    loaded = load_settings(**PRODUCTION)
    assert loaded["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["SECURE_HSTS_SECONDS"] >= 31536000
    assert loaded["DATABASE"]["CONN_MAX_AGE"] > 0


def test_each_tls_default_can_be_turned_off_for_unusual_deployments():
    loaded = load_settings(
        **PRODUCTION,
        DJANGO_TRUST_X_FORWARDED_PROTO="0",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HSTS_SECONDS="0",
    )
    assert loaded["SECURE_PROXY_SSL_HEADER"] is None
    assert loaded["SECURE_SSL_REDIRECT"] is False
    assert loaded["SESSION_COOKIE_SECURE"] is False
    assert loaded["SECURE_HSTS_SECONDS"] == 0


def test_database_defaults_to_sqlite_in_the_project_and_reads_database_url():
    sqlite = load_settings(**PRODUCTION)["DATABASE"]
    assert sqlite["NAME"] == str(ROOT / "db.sqlite3")
    # The site and a worker write at once: wait for the lock, never "locked".
    assert sqlite["OPTIONS"] == {"transaction_mode": "IMMEDIATE", "timeout": 20}
    loaded = load_settings(
        **PRODUCTION,
        DATABASE_URL="postgres://u:p@db.example:5433/iecmh",
        CONN_MAX_AGE="0",
    )
    assert loaded["DATABASE"]["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["DATABASE"]["HOST"] == "db.example"
    assert loaded["DATABASE"]["CONN_MAX_AGE"] == 0
    assert "transaction_mode" not in loaded["DATABASE"].get("OPTIONS", {})


def test_email_url_maps_onto_mailers_with_a_send_timeout():
    assert load_settings(**PRODUCTION)["MAILERS"]["default"]["BACKEND"] == (
        "django.core.mail.backends.console.EmailBackend"
    )
    mailer = load_settings(
        **PRODUCTION, EMAIL_URL="smtp+tls://user:secret@mail.example:587"
    )["MAILERS"]["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {
        "host": "mail.example",
        "port": 587,
        "username": "user",
        "password": "secret",
        "use_tls": True,
        "use_ssl": False,
        "timeout": 10,
    }


def test_task_backend_is_immediate_locally_and_database_when_asked():
    assert load_settings(**PRODUCTION)["TASKS"]["default"]["BACKEND"].endswith(
        "ImmediateBackend"
    )
    assert load_settings(**PRODUCTION, TASK_BACKEND="database")["TASKS"]["default"][
        "BACKEND"
    ] == ("django_tasks_db.DatabaseBackend")


def test_cache_is_local_memory_unless_a_redis_url_is_given():
    assert load_settings(**PRODUCTION)["CACHES"]["default"]["BACKEND"].endswith(
        "LocMemCache"
    )
    redis = load_settings(**PRODUCTION, CACHE_URL="redis://127.0.0.1:6379/1")
    assert "redis" in redis["CACHES"]["default"]["BACKEND"].lower()
    # A Redis that does not answer must not hold requests up.
    options = redis["CACHES"]["default"]["OPTIONS"]
    assert options["socket_connect_timeout"] == options["socket_timeout"] == 1
