"""Settings shared by every environment.

Everything that differs between a laptop, CI and production comes from the
environment. The defaults are the embedded ones `make run` needs on a fresh
machine: an SQLite file and a filesystem broker under var/, so no server is
required to try the service.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("SUPPORT_HUB_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "crispy_forms",
    "crispy_forms_gds",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Our apps, lowest first: each imports only those above it (docs/architecture.md).
    "hub",
    "returns",
    "thresholds",
    "notifications",
    "deadlines",
    "consent",
    "workflow",
    "requests_app",
    "children",
    "phone",
    "triage",
    "family",
    "reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hub.middleware.PrivateResponseMiddleware",
    "hub.middleware.AuditAddressMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "requests_app.middleware.SentDraftMiddleware",
    "hub.sign_in.middleware.SessionLifetimeMiddleware",
    "hub.sign_in.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hub.urls"
WSGI_APPLICATION = "hub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # GOV.UK error-summary links that land on a question's first input (lib/templatetags).
            "libraries": {
                "govuk_errors": "lib.templatetags.govuk_errors",
                # The layout's files and fixed links, each worked out once per process (lib/addresses.py).
                "addresses": "lib.templatetags.addresses",
            },
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hub.context_processors.service",
                "notifications.context_processors.unread",
                "triage.context_processors.urgent",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'support-hub.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
# The queries every page asks with ids alone are planned once per connection (decision 0033). That pays
# only where connections last (CONN_MAX_AGE above 0: docker-compose.yml's 60); behind a pooler in
# transaction mode it needs PgBouncer 1.22 or later with max_prepared_statements, or this set to false.
DATABASE_PREPARED_STATEMENTS = env_bool(
    "DATABASE_PREPARED_STATEMENTS",
    DATABASES["default"]["ENGINE"].endswith("postgresql") and DATABASES["default"]["CONN_MAX_AGE"] != 0,
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one SQLite file under `make run`;
    # without a busy timeout the second writer fails at once instead of waiting.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# The role the app connects as in production, which does not own the tables:
# `migrate`, run as the owner, creates it and grants it its rights (hub/database_roles.py).
DATABASE_APP_ROLE = os.environ.get("DATABASE_APP_ROLE", "")
DATABASE_APP_PASSWORD = os.environ.get("DATABASE_APP_PASSWORD", "")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "hub.User"
# django-axes first: it refuses a locked-out username or address before a password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "hub.sign_in.backends.HubBackend",
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "sign-in"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "hub.password_validation.VarietyValidator"},
]

# Staff sign out after 30 minutes of inactivity: these are children's records
# on shared office machines.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# However busy someone is, they sign in again after this long (hub/sign_in/middleware.py).
SUPPORT_HUB_SESSION_ABSOLUTE_SECONDS = int(os.environ.get("SUPPORT_HUB_SESSION_ABSOLUTE_SECONDS", str(10 * 60 * 60)))

# Everyone who signs in to a page passes a time-based one-time code (TOTP) as well as a password:
# referrers are professionals too, and every role reads something about a child. dev.py and test.py
# switch it off so demo users and tests sign in with a password alone; tests/hub/test_second_factor.py
# switches it on. The API is for machine clients with tokens and is not asked for a code.
SUPPORT_HUB_OTP_REQUIRED = env_bool("SUPPORT_HUB_OTP_REQUIRED", True)
OTP_TOTP_ISSUER = "Support Hub"

# Guessing passwords: five failures lock that username (from anywhere) and that address (for any
# username) for 15 minutes. A successful sign-in clears the count for what it matched.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "hub.sign_in.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# The address is the socket's unless a proxy we run is in front: trusting a client's own
# X-Forwarded-For would let a guesser pick a fresh address for every attempt.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("SUPPORT_HUB_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

SERVICE_NAME = "Children's Services Support Hub"
SERVICE_PHASE = os.environ.get("SERVICE_PHASE", "beta")
SERVICE_URL = os.environ.get("SERVICE_URL", "http://127.0.0.1:8000")

# Drafts of requests are deleted after this many days untouched; the referrer
# is warned this many days before.
DRAFT_RETENTION_DAYS = int(os.environ.get("DRAFT_RETENTION_DAYS", "28"))
DRAFT_EXPIRY_WARNING_DAYS = int(os.environ.get("DRAFT_EXPIRY_WARNING_DAYS", "7"))
# How long each clock runs, when it reminds and how fast partners answer a MASH check
# are in deadlines/rules.py, the one table of deadline rules.

# Attachments: PDF or Word (DOCX) only, this size at most.
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 6 * 1024 * 1024

# Email: SMTP when EMAIL_HOST is set, otherwise files under var/mail so a
# developer can read what the service would have sent.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Support Hub <no-reply@support-hub.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# Celery. The default broker is kombu's filesystem transport under var/broker,
# which needs no server; production and the test suite use Redis.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "out"),
        "data_folder_out": str(BROKER_DIR / "out"),
        "processed_folder": str(BROKER_DIR / "processed"),
        # Kombu's default is a "control" folder in the working directory; keep it under var/.
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
# Well inside notifications' claim timeout, so a slow SMTP server cannot make two workers send.
EMAIL_TIMEOUT = 20
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "hub.tasks.heartbeat_record", "schedule": 60.0},
    "notifications-sweep": {"task": "notifications.sweep", "schedule": 60.0},
    "deadlines-sweep": {"task": "deadlines.sweep", "schedule": 60.0},
    "urgent-begin": {"task": "triage.urgent_begin", "schedule": 60.0},
    "managers-digest": {"task": "deadlines.digest", "schedule": crontab(hour=7, minute=30)},
    "drafts-expire": {"task": "requests_app.drafts_expire", "schedule": 60.0 * 60},
    "api-tokens-expire": {"task": "hub.tasks.api_tokens_expire", "schedule": crontab(hour=3, minute=15)},
    "purge-not-retained": {"task": "triage.purge_not_retained", "schedule": crontab(hour=2, minute=30)},
    # The audit trail's coming months' partitions (hub/audit_partitions.py).
    "audit-partitions-ensure": {"task": "hub.tasks.audit_partitions_ensure", "schedule": crontab(hour=3, minute=45)},
    # Export jobs: queue again what the broker lost, give up on stalled ones, delete expired files.
    "export-jobs-sweep": {"task": "reporting.export_jobs_sweep", "schedule": 60.0},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so a refused token is a 401 that names the scheme (WWW-Authenticate: Token).
        # knox's, reading the token once a call (knox's own also reads the person's other tokens).
        "hub.sign_in.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PARSER_CLASSES": ["hub.api_errors.SafeJSONParser"],
    "EXCEPTION_HANDLER": "hub.api_errors.exception_handler",
}
# API tokens are stored as a SHA-512 digest, expire, and are revoked by deleting them
# (hub/sign_in/tokens.py, `manage.py issue_api_token` and `revoke_api_tokens`).
REST_KNOX = {"TOKEN_TTL": timedelta(days=int(os.environ.get("API_TOKEN_DAYS", "90"))), "AUTO_REFRESH": False}
SPECTACULAR_SETTINGS = {
    "TITLE": "Support Hub API",
    "DESCRIPTION": "Read and submit requests for support to a children's services front door.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "YesNoUnknownEnum": "lib.answers.YesNoUnknown",
        "YesNoEnum": "lib.answers.YesNo",
        "YesNoNotApplicableEnum": "lib.answers.YesNoNotApplicable",
    },
}

# Content-Security-Policy: scripts, styles, fonts and images come only from this service's own
# origin, and no page holds inline script or style, so an injected `<script>` or `onclick=` does
# not run (docs/decisions/0010). No view relaxes it, the admin included;
# tests/triage/test_content_security_policy.py crawls every role's pages to keep them clean.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Logs carry ids and references, never a child's details: see docs/decisions.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"refusals_on_one_line": {"()": "hub.log_filters.RefusalsOnOneLine"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["refusals_on_one_line"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
