import psycopg
import pytest
from django.conf import settings
from django.db import connection


@pytest.fixture
def as_app():
    """A connection as the application's own role, which does not own the tables."""
    params = connection.settings_dict
    with psycopg.connect(
        host=params["HOST"],
        port=params["PORT"],
        dbname=params["NAME"],
        user=settings.DATABASE_APP_ROLE,
        password=settings.DATABASE_APP_PASSWORD,
        autocommit=True,
    ) as app_connection:
        yield app_connection
