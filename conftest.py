"""The test session starts its own throwaway PostgreSQL and Redis.

pytest-postgresql and pytest-redis start real servers on free ports; the
settings below are pointed at them before Django opens its first connection.
Nothing here talks to a database or broker already running on the machine.
"""

import os
from pathlib import Path

import pytest
from pytest_postgresql import factories as pg_factories
from pytest_redis import factories as redis_factories

HERE = Path(__file__).resolve().parent / "tests"

postgresql_proc = pg_factories.postgresql_proc(
    executable=str(HERE / "bin" / "pg_ctl"),
    port=None,
    # A throwaway server: nothing on it must survive a crash, so it need not wait for the
    # disk on every commit. The browser tests commit and flush after each test.
    postgres_options="-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
)
redis_proc = redis_factories.redis_proc(port=None)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(postgresql_proc, redis_proc) -> None:
    from django.conf import settings

    from hub.celery import app as celery_app

    settings.DATABASES["default"].update(
        HOST=postgresql_proc.host,
        PORT=str(postgresql_proc.port),
        USER=postgresql_proc.user,
        PASSWORD=postgresql_proc.password or "",
    )
    broker_url = f"redis://{redis_proc.host}:{redis_proc.port}/0"
    settings.CELERY_BROKER_URL = broker_url
    celery_app.conf.broker_url = broker_url
    os.environ["SUPPORT_HUB_TEST_REDIS_URL"] = broker_url


@pytest.fixture
def redis_url(redis_proc) -> str:
    return f"redis://{redis_proc.host}:{redis_proc.port}/0"
