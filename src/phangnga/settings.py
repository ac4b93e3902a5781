"""Django settings, all driven by the environment (see README's configuration table)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("PHANGNGA_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
PHANGNGA_CACHE_DIR = DATA_DIR / "cache"


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    """SECRET_KEY from the environment; the embedded default generates one once and keeps it."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    if os.environ.get("PHANGNGA_ENV") == "production":
        raise RuntimeError("SECRET_KEY must be set when PHANGNGA_ENV=production")
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# Public base URL printed into QR signs (Smart Travel).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# The province's region: coordinates outside it are rejected.
REGION = tuple(float(v) for v in os.environ.get("PHANGNGA_REGION", "97.4,7.5,99.2,9.8").split(","))

# Apps of the platform, one per seed system; the API, URLs and demo loader discover them.
PHANGNGA_APPS = [
    "phangnga.core",
    "phangnga.geo",
    "phangnga.fleet",
    "phangnga.emergency",
    "phangnga.prevention",
    "phangnga.referral",
    "phangnga.travel",
    "phangnga.health",
    "phangnga.farm",
    "phangnga.iot",
    "phangnga.land",
    "phangnga.dashboard",
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # its templates and static files: /api/v1/docs loads Swagger UI from here, not a CDN
    *PHANGNGA_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "phangnga.core.middleware.ContentSecurityPolicyMiddleware",
    "phangnga.core.middleware.RequestBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "phangnga.core.middleware.PlatformLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "phangnga.urls"
ASGI_APPLICATION = "phangnga.asgi.application"
WSGI_APPLICATION = "phangnga.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            # Its `date` filter replaces Django's: Thai pages show Buddhist-era years everywhere;
            # `local_name` gives a place's or unit's Thai name on Thai pages.
            "builtins": ["phangnga.core.templatetags.thai_dates", "phangnga.core.templatetags.local_names"],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'phangnga.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while a writer commits; the busy timeout makes concurrent
    # writers wait instead of failing with "database is locked". synchronous=FULL: an
    # acknowledged report survives a power cut too (docs/decisions/0004). The server checkpoints the WAL
    # on a background thread (core/checkpoint.py); 10,000 pages is the fallback for the rest.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=20000; "
            "PRAGMA wal_autocheckpoint=10000;"
        ),
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})
if test_name := os.environ.get("PHANGNGA_TEST_DB_NAME"):
    DATABASES["default"]["TEST"]["NAME"] = test_name

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Reverse proxies in front of the platform (nginx: 1): rate limits then count the client's own
# address from X-Forwarded-For instead of the proxy's, and a client cannot forge it.
NINJA_NUM_PROXIES = int(os.environ.get("PHANGNGA_NUM_PROXIES", "0"))
# Failed log-ins (core/throttle.py), counted in the database so every server process agrees: after
# PHANGNGA_LOGIN_ACCOUNT_FAILURES failures within PHANGNGA_LOGIN_WINDOW_S an account refuses every
# log-in, the right password too, until the oldest of them is that old; a client address (through
# NINJA_NUM_PROXIES) after PHANGNGA_LOGIN_ADDRESS_FAILURES, set higher because the staff of an island
# health centre share one address.
PHANGNGA_LOGIN_ACCOUNT_FAILURES = int(os.environ.get("PHANGNGA_LOGIN_ACCOUNT_FAILURES", "5"))
PHANGNGA_LOGIN_ADDRESS_FAILURES = int(os.environ.get("PHANGNGA_LOGIN_ADDRESS_FAILURES", "20"))
PHANGNGA_LOGIN_WINDOW_S = int(os.environ.get("PHANGNGA_LOGIN_WINDOW_S", str(15 * 60)))
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English"), ("zh-hans", "中文"), ("ru", "Русский"), ("de", "Deutsch")]
# Staff pages offer Thai and English; tourist pages offer all five.
STAFF_LANGUAGES = ["th", "en"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"


def _package_static(package: str) -> Path:
    """The static folder of an installed package (Leaflet ships inside django-leaflet; its Django
    app needs GDAL, so we take only its files)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    return Path(spec.origin).parent / "static"


STATICFILES_DIRS = [PACKAGE_DIR / "static", _package_static("leaflet")]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "phangnga.core.storage.StaticStorage"},
}

# Security: safe defaults; HTTPS-only settings switch on in production.
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy on every page (core/middleware.ContentSecurityPolicyMiddleware): only the
# platform's own files load and run; no inline <script>, no onclick=, no style="" (the few inline
# styles the pages had became classes, so style-src needs no 'unsafe-inline' either). JSON data
# blocks (<script type="application/json">) are not run, so CSP allows them: that is how pages
# hand translated text and data to their scripts. data: and blob: images: Leaflet's and the QR
# signs' small images. frame-ancestors 'none' is X_FRAME_OPTIONS for browsers that read CSP.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "connect-src": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "object-src": ["'none'"],
}
# Directives replaced under a path prefix (the longest matching prefix wins).
CONTENT_SECURITY_POLICY_PATHS: dict[str, dict[str, list[str]]] = {}
# Report violations without blocking (to try a policy on a live site before enforcing it).
CONTENT_SECURITY_POLICY_REPORT_ONLY = _env_bool("CSP_REPORT_ONLY")
if os.environ.get("PHANGNGA_ENV") == "production":
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True


# Messaging (IoT): any MQTT 3.1.1/5 broker.
MQTT_HOST = os.environ.get("MQTT_HOST", "127.0.0.1")
MQTT_PORT = int(os.environ.get("MQTT_PORT", "1883"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
