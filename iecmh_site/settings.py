from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off. "
            "Generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG-on"

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS",
    default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [],
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # The admin with CSP nonces and TOTP for staff who have a device (security/).
    "security.apps.SecureAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "crontask",
    "django_prose_editor",
    "pages",
    "contact",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "security",
    "backups",
    # Staff in plain words; after axes, otp and tasks, whose admin it tidies.
    "staff",
]

MIDDLEWARE = [
    "security.middleware.RequestLogMiddleware",
    # Above everything that can answer early (bad input, a forged Host, the
    # page cache), so every answer carries the frame and content policies.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "security.middleware.RejectBadInputMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages are served before sessions, users and CSRF are loaded.
    "pages.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "security.sessions.StaffIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "security.middleware.DatabaseUnavailableMiddleware",
    # Last, so it turns django-axes' lockout signal into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "iecmh_site.urls"
WSGI_APPLICATION = "iecmh_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "pages.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
# Persistent connections: a new PostgreSQL connection per request costs ~9x throughput.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "CONN_MAX_AGE", default=0 if DEBUG else 600
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The site and a worker write at once: a transaction takes the write lock as
    # it begins, so it waits for the other (up to the timeout) rather than failing
    # with "database is locked" when it would upgrade a read to a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE", timeout=20
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
if CACHES["default"]["BACKEND"].endswith(".RedisCache"):
    # A Redis that does not answer costs a request a second, not a hang: the
    # contact form then takes inquiries without its rate limits (contact/spam.py).
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=1, socket_timeout=1
    )
# Public pages are kept in each process; a change is announced through this file
# (one machine; default: one per database in the temporary directory) or, with a
# Redis CACHE_URL, through Redis. See pages/generation.py.
PAGES_GENERATION_FILE = env.str("PAGES_GENERATION_FILE", default="")

_validators = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _validators + "UserAttributeSimilarityValidator"},
    {"NAME": _validators + "MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": _validators + "CommonPasswordValidator"},
    {"NAME": _validators + "NumericPasswordValidator"},
]

# English at /, Spanish at /es/ (i18n_patterns in urls.py); the admin stays English.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Spanish")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Images editors upload (pages.Image) go through Django's storage API: files under
# MEDIA_ROOT by default (README "Editing pages" shows an S3-compatible store).
# In production the proxy serves MEDIA_URL from MEDIA_ROOT; SERVE_MEDIA makes
# Django serve them itself (development, tests).
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)
PAGES_IMAGE_MAX_MB = env.int("PAGES_IMAGE_MAX_MB", default=10)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Email: EMAIL_URL is mapped onto Django 6.1's MAILERS.
# Local names only: Django 6.1 refuses the deprecated EMAIL_* settings beside MAILERS.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_email_is_smtp = _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            "host": _email["EMAIL_HOST"],
            "port": _email["EMAIL_PORT"],
            "username": _email["EMAIL_HOST_USER"],
            "password": _email["EMAIL_HOST_PASSWORD"],
            "use_tls": _email.get("EMAIL_USE_TLS", False),
            "use_ssl": _email.get("EMAIL_USE_SSL", False),
            "timeout": env.int("EMAIL_TIMEOUT", default=10),
        }
        if _email_is_smtp
        else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="webmaster@localhost")
SERVER_EMAIL = env.str("DJANGO_SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# The practice's details, copied into the site settings when that row is first
# made (the admin edits them afterwards). "\n" separates lines.
PRACTICE_PHONE = env.str("PRACTICE_PHONE", default="")
PRACTICE_EMAIL = env.str("PRACTICE_EMAIL", default="")
PRACTICE_ADDRESS = env.str("PRACTICE_ADDRESS", default="", multiline=True)
PRACTICE_HOURS = env.str("PRACTICE_HOURS", default="", multiline=True)
# Who is told of new inquiries until the practice edits the site settings.
INQUIRY_NOTIFY_TO = env.list("INQUIRY_NOTIFY_TO", default=[])

TASK_BACKEND = env.str("TASK_BACKEND", default="immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASK_BACKEND]
    }
}
# The scheduler (`manage.py crontask`). Run on several machines, it needs a shared
# Redis lock so that only one of them queues the periodic tasks.
CRONTASK = {"REDIS_URL": env.str("CRONTASK_REDIS_URL", default="") or None}

# Contact form: spam checks and the retrying of notification emails.
CONTACT_MIN_FILL_SECONDS = env.int("CONTACT_MIN_FILL_SECONDS", default=3)
# Per client address: past CONTACT_RATE_LIMIT inquiries are held (stored, the
# practice told, no automatic email to the family); at CONTACT_HARD_LIMIT
# nothing is stored and the form gives the phone number (SECURITY.md).
CONTACT_RATE_LIMIT = env.str("CONTACT_RATE_LIMIT", default="5/h")
CONTACT_HARD_LIMIT = env.str("CONTACT_HARD_LIMIT", default="20/d")
CONTACT_RETRY_SECONDS = env.int("CONTACT_RETRY_SECONDS", default=30)
CONTACT_SEND_LEASE_SECONDS = env.int("CONTACT_SEND_LEASE_SECONDS", default=300)
# Inquiry workspace: daily digest and retention, queued by the scheduler (see README).
INQUIRY_DIGEST_HOUR = env.int("INQUIRY_DIGEST_HOUR", default=7)
INQUIRY_PURGE_HOUR = env.int("INQUIRY_PURGE_HOUR", default=2)
INQUIRY_RETENTION_CLOSED_DAYS = env.int("INQUIRY_RETENTION_CLOSED_DAYS", default=365)
INQUIRY_RETENTION_SPAM_DAYS = env.int("INQUIRY_RETENTION_SPAM_DAYS", default=30)
# Where links in emails point (the admin link in the practice's notification).
_default_site_url = f"https://{ALLOWED_HOSTS[0]}" if ALLOWED_HOSTS else ""
# How long a colleague's invitation link works (at most PASSWORD_RESET_TIMEOUT).
STAFF_INVITATION_DAYS = env.int("STAFF_INVITATION_DAYS", default=3)
SITE_URL = env.str(
    "SITE_URL", default="http://127.0.0.1:8000" if DEBUG else _default_site_url
)

# Phone numbers (django-phonenumber-field): numbers typed without a country code
# are read in this region; stored as tel: URIs (E.164 with any extension) and
# shown in the international format.
PHONENUMBER_DEFAULT_REGION = env.str("PHONENUMBER_DEFAULT_REGION", default="US")
PHONENUMBER_DB_FORMAT = "RFC3966"
PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"

# manage.py backup / restore (backups/): the encryption passphrase, and how
# many backups a backup directory keeps.
BACKUP_PASSPHRASE = env.str("BACKUP_PASSPHRASE", default="")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security (see SECURITY.md). Production sits behind a TLS-terminating proxy.
if env.bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Proxies in front of the site that append the client to X-Forwarded-For.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0 if DEBUG else 1)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "security.views.csrf_failure"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The admin's templates put a nonce on their few inline tags; only admin views
# get this policy (security.sites.AdminSite), public pages keep SECURE_CSP.
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ]
}

STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
STAFF_SESSION_MAX_HOURS = env.int("STAFF_SESSION_MAX_HOURS", default=12)
STAFF_PASSWORD_CHANGE_ATTEMPTS = 3

# Sign-in: django-axes locks a username at an address, and an address, after
# AXES_FAILURE_LIMIT failures, for AXES_COOLOFF_MINUTES; the username alone too,
# except for browsers and addresses the person signed in with in the last
# STAFF_TRUSTED_DAYS (security/signin.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = "security.signin.lockout_parameters"
STAFF_TRUSTED_DAYS = env.int("STAFF_TRUSTED_DAYS", default=90)
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "security.client.client_ip"
AXES_LOCKOUT_TEMPLATE = "security/lockout.html"
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="IECMH Therapy")
# Wrong codes count as failed sign-ins (django-axes, per username and address);
# django-otp's own per-device throttle would refuse the real user's right code.
OTP_TOTP_THROTTLE_FACTOR = 0

DEFAULT_EXCEPTION_REPORTER = "security.reporting.FamilyDataExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "security.reporting.FamilyDataReporterFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "security.middleware.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        "request_id": {
            "format": "%(levelname)s %(name)s request_id=%(request_id)s %(message)s"
        },
        # runserver's own request lines, as Django's default has them.
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "request_id",
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
        },
        # As Django's default: error reports to ADMINS, when not debugging.
        "mail_admins": {
            "level": "ERROR",
            "filters": ["require_debug_false"],
            "class": "django.utils.log.AdminEmailHandler",
        },
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own records reach the console once, through the root (its
        # default console handler printed them a second time when debugging).
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        # Naming "django" resets its children: runserver's lines kept as Django's.
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
        },
        # The scheduler would log each job it queues, and its lock refresh every 5 s.
        "apscheduler": {"level": "WARNING"},
    },
}
