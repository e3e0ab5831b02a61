import contextlib
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail

from hub.celery import app
from thresholds.loader import frameworks_load


@pytest.fixture
def reference_data(transactional_db) -> None:
    """Transactional tests end with a flush: put the shipped areas back first."""
    frameworks_load()


@contextlib.contextmanager
def real_worker():
    """A real Celery worker, in this process, consuming the test session's Redis."""
    with start_worker(
        app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=15, loglevel="WARNING"
    ):
        yield


def wait_for(condition, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def subjects() -> list[str]:
    return [message.subject for message in mail.outbox]
