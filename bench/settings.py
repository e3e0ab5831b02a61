"""What gunicorn runs under the HTTP benchmark (bench/http.py): the test settings, pointed at the
bench session's copy of its throwaway database and at its Redis, with persistent connections as
docker-compose.yml runs the service, and the bare baselines' routes (bench/urls.py)."""

import json
import os

from hub.settings.test import *  # noqa: F403
from hub.settings.test import DATABASES, MIDDLEWARE

# NAME, HOST, PORT, USER and PASSWORD of the database bench/http.py copied for gunicorn.
DATABASES = {"default": {**DATABASES["default"], **json.loads(os.environ["BENCH_DATABASE"]), "CONN_MAX_AGE": 60}}
CELERY_BROKER_URL = os.environ["BENCH_BROKER_URL"]
ROOT_URLCONF = "bench.urls"
# First, so the count includes the session and user lookups and the session's save.
MIDDLEWARE = ["bench.urls.queries_counted", *MIDDLEWARE]
