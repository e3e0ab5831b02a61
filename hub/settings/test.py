"""Test settings. The suite runs on a throwaway PostgreSQL and Redis that the
test session starts itself (tests/conftest.py fills in their ports)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "supporthub",
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": "127.0.0.1",
        "PORT": "0",  # replaced by the session's own server before first use
        "ATOMIC_REQUESTS": False,
    }
}
# As docker-compose.yml runs it, with connections kept: the test client keeps its one connection.
DATABASE_PREPARED_STATEMENTS = True
# Created and granted after the test database's migrate, as in production.
DATABASE_APP_ROLE = "supporthub_app"
DATABASE_APP_PASSWORD = "test-app-password"  # noqa: S105
CELERY_BROKER_URL = "redis://127.0.0.1:0/0"  # replaced likewise
CELERY_BROKER_TRANSPORT_OPTIONS = {}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Most tests sign in with force_login and no second factor; tests/hub/test_second_factor.py
# switches it on to prove it is required.
SUPPORT_HUB_OTP_REQUIRED = False
