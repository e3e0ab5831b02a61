"""The Celery application. Tasks are thin: they load rows by id and call a
service. Deadlines live in the database, not in the broker (docs/decisions/0001)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")

app = Celery("hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
