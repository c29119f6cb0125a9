"""The one settings module. Every knob is an environment variable (see docs/configuration.md).

LOKET_MODE selects safe defaults: ``production`` (DEBUG off, secret required), ``demo`` and
``test`` (a throwaway secret, the embedded SQLite database under ./var/).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from loket.config import (
    ConfigurationError,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_secret,
    env_str,
)

PACKAGE_DIR = Path(__file__).resolve().parent

# pytest sets PYTEST_VERSION for the whole session, so tests never set a mode by hand.
# Without DATABASE_URL Loket runs on the embedded SQLite file, which is a local demo/dev
# install; a production install names its PostgreSQL database and must then set a secret.
if "PYTEST_VERSION" in os.environ:
    _DEFAULT_MODE = "test"
elif "DATABASE_URL" in os.environ:
    _DEFAULT_MODE = "production"
else:
    _DEFAULT_MODE = "demo"
LOKET_MODE = env_choice("LOKET_MODE", choices=("production", "demo", "test"), default=_DEFAULT_MODE)
RELAXED_MODE = LOKET_MODE in ("demo", "test")

VAR_DIR = Path(env_str("LOKET_VAR_DIR", str(Path.cwd() / "var"))).resolve()

if RELAXED_MODE:
    if "LOKET_ALLOWED_HOSTS" in os.environ and "LOKET_SECRET_KEY" not in os.environ:
        # The built-in key is public: it may only sign sessions on this machine.
        raise ConfigurationError(
            "LOKET_ALLOWED_HOSTS opens Loket to other hosts; set LOKET_SECRET_KEY too "
            "(50+ random characters), or set DATABASE_URL and run in production mode."
        )
    if "LOKET_ALLOWED_HOSTS" in os.environ:
        SECRET_KEY = env_secret("LOKET_SECRET_KEY")  # it signs sessions for other hosts
    else:
        SECRET_KEY = env_str(
            "LOKET_SECRET_KEY", "insecure-demo-and-test-only-secret-key-0123456789"
        )
else:
    SECRET_KEY = env_secret("LOKET_SECRET_KEY")

DEBUG = env_bool("LOKET_DEBUG", default=False)
ALLOWED_HOSTS = env_list(
    "LOKET_ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "testserver"] if RELAXED_MODE else [],
)
CSRF_TRUSTED_ORIGINS = env_list("LOKET_CSRF_TRUSTED_ORIGINS", default=[])
# How many reverse proxies of our own stand in front of Loket (0: none). Behind them the
# client's address is the one they add to X-Forwarded-For, and their X-Forwarded-Proto,
# X-Forwarded-Host and X-Request-ID are believed; without them nobody's are.
LOKET_TRUSTED_PROXY_COUNT = env_int("LOKET_TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    # Login protection: throttling and lockout (axes), staff's second factor (TOTP).
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Kernel: the bottom layer (actors, domain events, job lease).
    "loket.kernel",
    # The processing log (Logboek dataverwerkingen): below the domain apps, which write to it.
    "loket.audit",
    # Domain apps: models, services, selectors, policies, events; no pages.
    "loket.catalogue",
    "loket.cases",
    "loket.notifications",
    "loket.forecasts",
    "loket.simulation",
    "loket.processlogs",
    "loket.documents",
    "loket.letters",
    "loket.updates",
    # Doors, one per audience, and operations (the ``loket`` commands).
    "loket.web.shared",
    "loket.web.applicant",
    "loket.web.staff",
    "loket.web.public",
    "loket.ops",
]

MIDDLEWARE = [
    # First, so every answer (redirects and errors too) carries the request's id.
    "loket.web.shared.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "loket.web.shared.middleware.SessionTimeoutMiddleware",
    "loket.web.shared.middleware.NoStoreMiddleware",
    "loket.web.shared.second_factor.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so its lockout page replaces the login view's answer (docs: "after all others").
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "loket.urls"
WSGI_APPLICATION = "loket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "loket.web.shared.context.actor_and_inbox",
            ],
        },
    },
]

_DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'loket.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _DEFAULT_DATABASE_URL),
        # A connection kept for a minute saves PostgreSQL a new one per request (6 ms of its
        # CPU, more than a page's own queries); the health check replaces one that died.
        # Tests keep 0: their server threads must leave no connection when the test
        # database is dropped.
        conn_max_age=env_int("LOKET_DB_CONN_MAX_AGE", default=0 if LOKET_MODE == "test" else 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets the web server read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if LOKET_MODE == "test":
    # Every test user's password is hashed, and every login checks one: Django's default
    # (PBKDF2, a million rounds) takes about half a second each on a shared 2-core machine,
    # MD5 well under a millisecond. Test mode only: production and the demo keep the
    # default hashers.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Axes first: it refuses a locked-out login before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # OpenID Connect (DigiD/eHerkenning brokers): answers only its own callback, and only
    # when LOKET_OIDC_ISSUER is set (loket.web.shared.oidc).
    "loket.web.shared.oidc.LoketOIDCBackend",
]
# Failed logins (see loket.web.shared.throttle): one account from one address is locked
# after 10 failures, one account from anywhere after 100, one address after 100 (ASVS
# V6.3.1: at most 100 an hour per account), each for an hour after the last failure.
AXES_FAILURE_LIMIT = env_int("LOKET_LOGIN_FAILURE_LIMIT", default=10)
LOKET_LOGIN_ACCOUNT_LIMIT = env_int("LOKET_LOGIN_ACCOUNT_LIMIT", default=100)
LOKET_LOGIN_ADDRESS_LIMIT = env_int("LOKET_LOGIN_ADDRESS_LIMIT", default=100)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOKET_LOGIN_LOCKOUT_MINUTES", default=60))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Tries during a lockout do not extend it: an attacker cannot keep the owner out for good.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HANDLER = "loket.web.shared.throttle.LoketAxesHandler"
AXES_LOCKOUT_CALLABLE = "loket.web.shared.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "loket.web.shared.throttle.client_address"
AXES_VERBOSE = False
# The name authenticator apps show beside a staff member's code.
OTP_TOTP_ISSUER = "Loket"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "applicant:my-cases"
LOGOUT_REDIRECT_URL = "accounts:login"

# OpenID Connect login (mozilla-django-oidc), off unless LOKET_OIDC_ISSUER is set: the
# provider's address, whose /.well-known/openid-configuration gives the endpoints.
LOKET_OIDC_ISSUER = env_str("LOKET_OIDC_ISSUER", "").rstrip("/")
OIDC_RP_CLIENT_ID = env_str("LOKET_OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("LOKET_OIDC_CLIENT_SECRET", "")
if LOKET_OIDC_ISSUER:
    if not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
        raise ConfigurationError(
            "LOKET_OIDC_ISSUER is set: set LOKET_OIDC_CLIENT_ID and LOKET_OIDC_CLIENT_SECRET too."
        )
    if not LOKET_OIDC_ISSUER.startswith("https://") and not RELAXED_MODE:
        raise ConfigurationError(f"LOKET_OIDC_ISSUER={LOKET_OIDC_ISSUER!r} must use https://.")
# The claim that identifies a person (the broker's pseudonym `sub`, or e.g. a BSN claim).
LOKET_OIDC_IDENTITY_CLAIM = env_str("LOKET_OIDC_IDENTITY_CLAIM", "sub")
LOKET_OIDC_LABEL = env_str("LOKET_OIDC_LABEL", "")  # empty: "Log in with DigiD", translated
OIDC_RP_SCOPES = env_str("LOKET_OIDC_SCOPES", "openid")
OIDC_RP_SIGN_ALGO = env_choice("LOKET_OIDC_SIGN_ALGO", choices=("RS256", "ES256"), default="RS256")
OIDC_TOKEN_USE_BASIC_AUTH = env_bool("LOKET_OIDC_TOKEN_BASIC_AUTH", default=True)
OIDC_USE_PKCE = True
OIDC_PKCE_CODE_CHALLENGE_METHOD = "S256"
OIDC_USE_NONCE = True
OIDC_VERIFY_SSL = True
OIDC_TIMEOUT = env_int("LOKET_OIDC_TIMEOUT", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc-callback"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
if RELAXED_MODE:
    # WhiteNoise warns on every request when the folder is missing (before collectstatic).
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if LOKET_MODE == "test"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Documents applicants upload: outside the web root (a system check refuses a folder under
# STATIC_ROOT or MEDIA_ROOT), served only through the document policy.
LOKET_UPLOAD_DIR = Path(env_str("LOKET_UPLOAD_DIR", str(VAR_DIR / "uploads"))).resolve()
LOKET_UPLOAD_MAX_BYTES = env_int("LOKET_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
LOKET_UPLOAD_MAX_FILES = env_int("LOKET_UPLOAD_MAX_FILES", default=10)

# Tests and the one-process demo run tasks at once; production queues them for
# `loket db_worker`.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if LOKET_MODE == "production"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

EMAIL_HOST = env_str("LOKET_EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("LOKET_EMAIL_PORT", default=1025)
EMAIL_HOST_USER = env_str("LOKET_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("LOKET_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("LOKET_EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env_int("LOKET_EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env_str("LOKET_FROM_EMAIL", "Loket <noreply@loket.example>")
# Where team alerts go when a case has no handler e-mail; {team} is the team's slug.
LOKET_TEAM_ALERT_ADDRESS = env_str("LOKET_TEAM_ALERT_ADDRESS", "{team}@teams.loket.example")
# The address people reach Loket at: links in messages and e-mails start with it.
LOKET_BASE_URL = env_str("LOKET_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if not LOKET_BASE_URL.startswith(("http://", "https://")):
    raise ConfigurationError(f"LOKET_BASE_URL={LOKET_BASE_URL!r} must start with http(s)://.")
# Messages to applicants about changes in their case (loket.updates). Only events that
# happened at most LOKET_UPDATES_NEWS_HOURS ago are news: history loaded by `loket import` or
# the simulator is older and is not told. A change is sent LOKET_UPDATES_HOLD_MINUTES after
# it is recorded, so further changes to that case that day go into the same message.
LOKET_UPDATES_NEWS_HOURS = env_int("LOKET_UPDATES_NEWS_HOURS", default=48)
LOKET_UPDATES_HOLD_MINUTES = env_int("LOKET_UPDATES_HOLD_MINUTES", default=15)
# The outbox keeps trying while the mail server is down (at most an hour apart) for this long
# after a message's first attempt; then it is a dead letter on the staff's undelivered page.
LOKET_OUTBOX_GIVE_UP_HOURS = env_int("LOKET_OUTBOX_GIVE_UP_HOURS", default=72)
# GET /health/ answers 503 once the oldest message that is due has waited longer than this.
LOKET_HEALTH_OUTBOX_MAX_AGE_MINUTES = env_int("LOKET_HEALTH_OUTBOX_MAX_AGE_MINUTES", default=60)
# The demo writes e-mail to files under var/mail instead of needing an SMTP server.
EMAIL_BACKEND = env_str(
    "LOKET_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if LOKET_MODE == "demo"
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"

# A session ends after 30 minutes without a request and 12 hours after the login
# (loket.web.shared.middleware.SessionTimeoutMiddleware; ASVS V7.3.1, V7.3.2).
LOKET_SESSION_IDLE_MINUTES = env_int("LOKET_SESSION_IDLE_MINUTES", default=30)
LOKET_SESSION_MAX_HOURS = env_int("LOKET_SESSION_MAX_HOURS", default=12)
SESSION_COOKIE_AGE = LOKET_SESSION_MAX_HOURS * 3600
# Sessions stay on the server (logout ends them) and are read from the cache (ADR 7).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# One cache for the site: local memory per process unless LOKET_CACHE_URL names a Redis
# server (redis://host:6379/0), which N web processes then share (ADR 7).
LOKET_CACHE_URL = env_str("LOKET_CACHE_URL", "")
if LOKET_CACHE_URL and not LOKET_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ConfigurationError(
        f"LOKET_CACHE_URL={LOKET_CACHE_URL!r} must be a Redis URL (redis://host:6379/0), "
        "or unset for a cache in each process's memory."
    )
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": LOKET_CACHE_URL}
        if LOKET_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("LOKET_SECURE_COOKIES", default=not RELAXED_MODE)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# HTTPS only in production: redirect plain HTTP and tell browsers never to try it (HSTS).
SECURE_SSL_REDIRECT = env_bool("LOKET_SSL_REDIRECT", default=not RELAXED_MODE)
SECURE_HSTS_SECONDS = env_int("LOKET_HSTS_SECONDS", default=0 if RELAXED_MODE else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("LOKET_HSTS_INCLUDE_SUBDOMAINS", default=not RELAXED_MODE)
SECURE_HSTS_PRELOAD = env_bool("LOKET_HSTS_PRELOAD", default=not RELAXED_MODE)
# The health endpoint answers a load balancer's plain-HTTP probe on the inside.
SECURE_REDIRECT_EXEMPT = [r"^(en/)?health/$"]
if LOKET_TRUSTED_PROXY_COUNT > 0:
    # Our proxy ends TLS and says so; without a proxy of our own nobody may claim it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("LOKET_USE_X_FORWARDED_HOST", default=True)

# Content Security Policy (django-csp): only this site's own scripts, styles, images and
# fonts; no inline script or style, no plug-ins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # data: for the empty favicon
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Logs go to stderr, one line per record with the request's id (the X-Request-ID header of
# the answer): JSON objects in production for a log collector, key=value text otherwise.
LOKET_LOG_FORMAT = env_choice(
    "LOKET_LOG_FORMAT", choices=("json", "text"), default="text" if RELAXED_MODE else "json"
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "loket.kernel.requests.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "loket.kernel.logformat.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s %(name)s request_id=%(request_id)s %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOKET_LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOKET_LOG_LEVEL", "WARNING")},
}
