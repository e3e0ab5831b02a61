"""The Celery application. Tasks are thin: they load rows by id and call a
service. Deadlines live in the database, not in the broker (docs/decisions/0001)."""

import os

from celery import Celery
from celery.concurrency import get_implementation
from celery.concurrency.prefork import TaskPool as ForkingPool
from celery.signals import worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hub.settings.dev")

app = Celery("hub")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
def _preload_before_the_pool_forks(sender=None, **kwargs) -> None:
    """Sent in the worker's parent, after Django is set up and before the pool's children are
    forked: what is loaded here each child inherits (decision 0034). Only for a pool that forks:
    a worker in the same process as something else (the tests' own, with the solo pool) would
    otherwise freeze that process's objects too."""
    if sender is None or not issubclass(get_implementation(sender.pool_cls), ForkingPool):
        return
    from hub.preload import worker_preload  # the app module is imported before Django is set up

    worker_preload()
