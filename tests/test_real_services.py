"""The suite runs on real servers the test session started itself."""

import redis
from django.db import connection


def test_the_database_is_a_real_postgresql_15_server(db) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (version,) = cursor.fetchone()
    assert connection.vendor == "postgresql"
    assert version.startswith("15.")


def test_the_database_is_the_sessions_own_server_not_the_machines(db, postgresql_proc) -> None:
    assert connection.settings_dict["PORT"] == str(postgresql_proc.port)
    assert postgresql_proc.port != 5432


def test_the_broker_is_a_real_redis_server(redis_url, redis_proc) -> None:
    client = redis.Redis.from_url(redis_url)
    info = client.info("server")
    assert info["redis_version"].split(".")[0] >= "6"
    assert client.ping() is True
    assert redis_proc.port != 6379
