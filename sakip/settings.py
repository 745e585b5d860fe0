"""Settings for sakip, read from environment variables.

Every variable is parsed strictly: a malformed value stops the start-up with a clear
message rather than being silently ignored. The defaults give a safe local demo on the
embedded SQLite database; ``SAKIP_ENV=production`` refuses to start with DEBUG on or with
the demo secret key.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAKIP_VAR_DIR", BASE_DIR / "var"))

_DEMO_SECRET = "sakip-demo-secret-not-for-production"


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {raw!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    """A whole number from the environment; anything else stops the start-up with the
    variable's name, rather than a bare ``ValueError`` from deep in Django."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SAKIP_ENV = os.environ.get("SAKIP_ENV", "development")
if SAKIP_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"SAKIP_ENV must be development, test or production, got {SAKIP_ENV!r}"
    )
PRODUCTION = SAKIP_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", _DEMO_SECRET)
if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("Production refuses to start with DEBUG on.")
    # Django's own deployment check (security.W009) asks for at least 50 characters.
    if SECRET_KEY == _DEMO_SECRET or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Production needs its own SECRET_KEY of at least 50 characters.")

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "sakip.accounts",
    "sakip.organisation",
    "sakip.planning",
    "sakip.measurement",
    "sakip.agreements",
    "sakip.reports",
    "sakip.evaluation",
    "sakip.web",
    "sakip.dashboard",
    "sakip.notifications",
    "sakip.portal",
    "sakip.api",
    "sakip.setup",
    "sakip.nomenclature",
    "sakip.downloads",
]

MIDDLEWARE = [
    # Outermost: it compresses the body every other middleware has finished with.
    "sakip.web.compression.TextGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sakip.accounts.middleware.refresh_idle_session",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before the CSRF check: a request whose session ended (its cookies gone) is told
    # to log in again (401 for htmx, the login page otherwise), not refused as a
    # forgery; a logged-in request is still checked for its token.
    "sakip.web.middleware.LoginRequiredMiddleware",  # Django's, with 401 for htmx
    "django.middleware.csrf.CsrfViewMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sakip.accounts.middleware.no_store_when_logged_in",
    "sakip.web.timezones.PemdaTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sakip.urls"
WSGI_APPLICATION = "sakip.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sakip" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "string_if_invalid": "",
        },
    },
    # The realisasi sheet's rows (sakip/measurement/rows.py): Jinja2 for their speed.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,
        "OPTIONS": {"environment": "sakip.measurement.rows.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'sakip.sqlite3'}",
        # Persistent connections in production: a new PostgreSQL connection per request
        # costs a few milliseconds of every save at the deadline.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writes are short transactions; wait for a concurrent writer instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    # WAL: readers do not wait for the writer; busy_timeout (ms) as the timeout above.
    DATABASES["default"]["OPTIONS"]["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=20000; PRAGMA synchronous=NORMAL;"
    )
    if not os.environ.get("DATABASE_URL"):
        # The default database lives under var/: a fresh clone's first migrate creates it.
        VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": ""}  # in-memory test database
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (sakip.accounts.throttle, docs/accounts.md). django-axes counts the
# failed logins of each client address, whatever the username: a third party can only
# lock out its own address, and one password sprayed across many usernames from one
# address is stopped. Each account gets a growing delay instead of a lockout.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 20, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_CLIENT_IP_CALLABLE = "sakip.accounts.client_ip.axes_client_ip"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
# Numbers users read are formatted by sakip.rules.formatting, never by locale magic.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "sakip" / "static",
    # Bootstrap comes from the npm registry, pinned by package-lock.json (no CDN).
    ("bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production WhiteNoise serves straight from the app and npm folders, no
# collectstatic needed; production serves the collected, hashed, compressed files.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# Evidence files live outside the web root and are only served through the access gate.
MEDIA_ROOT = Path(os.environ.get("SAKIP_MEDIA_ROOT", VAR_DIR / "private"))
MEDIA_URL = None

# Evidence files go through Django's storage API: a folder by default (shared by every
# app server, e.g. over NFS), or S3-compatible object storage (MinIO, Ceph, a cloud's)
# through django-storages. Files stay private: the bucket is not public and sakip
# streams each file through the access gate.
SAKIP_STORAGE = os.environ.get("SAKIP_STORAGE", "filesystem")
if SAKIP_STORAGE == "s3":
    _s3_missing = [
        name
        for name in ("SAKIP_S3_BUCKET", "SAKIP_S3_ACCESS_KEY", "SAKIP_S3_SECRET_KEY")
        if not os.environ.get(name)
    ]
    if _s3_missing:
        raise ImproperlyConfigured(f"SAKIP_STORAGE=s3 needs {', '.join(_s3_missing)}")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["SAKIP_S3_BUCKET"],
            "access_key": os.environ["SAKIP_S3_ACCESS_KEY"],
            "secret_key": os.environ["SAKIP_S3_SECRET_KEY"],
            "endpoint_url": os.environ.get("SAKIP_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("SAKIP_S3_REGION") or None,
            "location": os.environ.get("SAKIP_S3_PREFIX", ""),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
elif SAKIP_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"SAKIP_STORAGE must be filesystem or s3, got {SAKIP_STORAGE!r}")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Big PDFs are rendered off the request (sakip.downloads): on the database queue in
# production (a `manage.py db_worker` process beside the web server, no broker), at
# once inside the request in development and tests unless SAKIP_TASKS=database.
SAKIP_TASKS = os.environ.get("SAKIP_TASKS", "database" if PRODUCTION else "immediate")
if SAKIP_TASKS not in {"database", "immediate"}:
    raise ImproperlyConfigured(f"SAKIP_TASKS must be database or immediate, got {SAKIP_TASKS!r}")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if SAKIP_TASKS == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}
#: A PDF whose tables hold more rows than this (a chart counts 25) is prepared off the
#: request (sakip.downloads.prepare): a second or more of a web worker's time.
SAKIP_BACKGROUND_WEIGHT = env_int("SAKIP_BACKGROUND_WEIGHT", 150)

# Django's cache holds the API's call counts (a rate per token must hold whichever server
# answers) and the public portal's pages. With several app servers (docs/deployment.md)
# it must be shared: the database cache in production (`manage.py createcachetable`, run
# by scripts/production), one process's memory in development and tests.
SAKIP_CACHE = os.environ.get("SAKIP_CACHE", "database" if PRODUCTION else "memory")
if SAKIP_CACHE not in {"database", "memory"}:
    raise ImproperlyConfigured(f"SAKIP_CACHE must be database or memory, got {SAKIP_CACHE!r}")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sakip_cache",
    }
    if SAKIP_CACHE == "database"
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SAKIP_LOG_FORMAT = os.environ.get("SAKIP_LOG_FORMAT", "json" if PRODUCTION else "text")
if SAKIP_LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"SAKIP_LOG_FORMAT must be json or text, got {SAKIP_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "sakip.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if SAKIP_LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Measurement: evidence (bukti dukung) uploads (sakip.measurement.evidence) ---------
# The largest accepted file; its type is checked by content (PDF, JPG, PNG). The web
# server in front should refuse bodies a little above this too (nginx:
# client_max_body_size 11m), so oversized uploads never reach Django.
SAKIP_EVIDENCE_MAX_BYTES = env_int("SAKIP_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024, minimum=1)
# Uploads above 2.5 MB are spooled to a temporary file, not kept in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Stored evidence is readable by the application only.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# --- Accounts: second factor, sessions, e-mail (docs/accounts.md) ---------------------
if PRODUCTION and not AXES_ENABLED:
    raise ImproperlyConfigured("Production refuses to start with login throttling disabled.")
# The header the reverse proxy writes the client's address into (e.g. X-Real-IP); read
# only when named here, otherwise REMOTE_ADDR (sakip.accounts.client_ip).
SAKIP_TRUSTED_PROXY_HEADER = os.environ.get("SAKIP_TRUSTED_PROXY_HEADER", "").strip()
# A session ends after a working day without a request.
SESSION_COOKIE_AGE = env_int("SAKIP_SESSION_IDLE_HOURS", 8) * 3600
# Moved on by sakip.accounts.middleware.refresh_idle_session, at most once a minute.
SESSION_SAVE_EVERY_REQUEST = False
OTP_TOTP_ISSUER = "sakip"
# Per-account delay after failed logins: free attempts, then 1, 2, 4 … seconds up to the
# cap; failures older than the window are forgotten.
SAKIP_LOGIN_FREE_FAILURES = env_int("SAKIP_LOGIN_FREE_FAILURES", 3)
SAKIP_LOGIN_MAX_DELAY_SECONDS = env_int("SAKIP_LOGIN_MAX_DELAY_SECONDS", 60)
SAKIP_LOGIN_FAILURE_WINDOW_MINUTES = env_int("SAKIP_LOGIN_FAILURE_WINDOW_MINUTES", 60)
# Password-reset e-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "sakip <noreply@localhost>")
PASSWORD_RESET_TIMEOUT = 3600  # a reset link works for one hour

# --- API (sakip.api, docs/api.md) -------------------------------------------------------
# Calls per minute per token (or session); django-ninja's throttling on Django's cache.
SAKIP_API_RATE = os.environ.get("SAKIP_API_RATE", "120/m")

# The backup archive's data format (sakip.web.backups): JSON keeping microseconds.
SERIALIZATION_MODULES = {"sakipjson": "sakip.web.backup_format"}
