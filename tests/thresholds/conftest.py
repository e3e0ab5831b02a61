import pytest

from hub.models import Area


@pytest.fixture
def lancashire(db) -> Area:
    return Area.objects.select_related("framework").get(slug="lancashire")


@pytest.fixture
def blackpool(db) -> Area:
    return Area.objects.select_related("framework").get(slug="blackpool")


@pytest.fixture
def luton(db) -> Area:
    return Area.objects.select_related("framework").get(slug="luton")
