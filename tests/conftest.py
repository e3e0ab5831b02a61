"""Fixtures shared by every test package. The throwaway PostgreSQL and Redis
fixtures live in the top-level conftest.py, shared with the benchmarks in bench/."""

import pytest

from hub.models import Area


# The shipped areas are loaded by migrations. The framework comes with them
# because the thresholds tests read it; for the others it costs nothing.
@pytest.fixture
def lancashire(db) -> Area:
    return Area.objects.select_related("framework").get(slug="lancashire")


@pytest.fixture
def luton(db) -> Area:
    return Area.objects.select_related("framework").get(slug="luton")


@pytest.fixture
def blackpool(db) -> Area:
    return Area.objects.select_related("framework").get(slug="blackpool")
