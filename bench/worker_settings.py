"""Settings for a Celery worker the export bench starts as a subprocess: the test settings, pointed
at the bench session's own database and Redis (which it passes in the environment), with files
kept on disk so the worker does not hold each export in its own memory as the test storage would."""

import os

from hub.settings.test import *  # noqa: F403

DATABASES["default"].update(  # noqa: F405
    NAME=os.environ["BENCH_DATABASE_NAME"],
    HOST=os.environ["BENCH_DATABASE_HOST"],
    PORT=os.environ["BENCH_DATABASE_PORT"],
    USER=os.environ["BENCH_DATABASE_USER"],
    PASSWORD=os.environ.get("BENCH_DATABASE_PASSWORD", ""),
)
CELERY_BROKER_URL = os.environ["BENCH_BROKER_URL"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": os.environ["BENCH_MEDIA_ROOT"]},
    },
}
