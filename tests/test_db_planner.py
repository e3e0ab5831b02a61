"""A record's read keeps its joins in the order written (lib/db_planner.py, decision 0030), and
leaves the session's planner as it found it, whatever happens in the block."""

import pytest
from django.db import connection, transaction
from django.http import Http404

from hub.access import get_or_refuse
from lib.db_planner import joins_as_written
from requests_app.models import RequestForSupport

pytestmark = pytest.mark.django_db


def _limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        return cursor.fetchone()[0]


@pytest.fixture
def limit_of_five():
    """A deployment (or an enclosing block) that set its own value."""
    with connection.cursor() as cursor:
        cursor.execute("SET join_collapse_limit = 5")
    yield
    with connection.cursor() as cursor:
        cursor.execute("RESET join_collapse_limit")


def test_inside_the_block_the_joins_keep_their_order_and_afterwards_the_sessions_own_value_is_back(
    limit_of_five,
) -> None:
    with joins_as_written():
        assert _limit() == "1"
        with joins_as_written():
            assert _limit() == "1"
        assert _limit() == "1"  # the inner block gives back the outer block's value, not the default
    assert _limit() == "5"


def test_a_refused_read_leaves_the_session_as_it_was(limit_of_five) -> None:
    with pytest.raises(Http404):
        get_or_refuse(RequestForSupport.objects.select_related("area"), lambda r: True, reference="RFS-NONE")
    assert _limit() == "5"


def test_a_read_that_fails_inside_a_transaction_leaves_nothing_once_it_rolls_back(limit_of_five) -> None:
    with pytest.raises(Exception), transaction.atomic(), joins_as_written(), connection.cursor() as cursor:  # noqa: B017 - the database's own error
        cursor.execute("SELECT 1 / 0")
    assert _limit() == "5"
