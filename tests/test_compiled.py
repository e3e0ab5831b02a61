"""Queries compiled once per process (lib/compiled.py) answer exactly as the ORM would, for each
person and each number of areas, and refuse a query whose values do not reach its SQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.models import Area, User
from hub.roles import Role
from lib.compiled import CompiledRows
from tests.factories import persona

pytestmark = pytest.mark.django_db


def _people(person_id, area_ids):
    return User.objects.filter(pk__gte=person_id, area_id__in=area_ids).order_by("pk").values_list("username")


def test_each_call_answers_for_its_own_values_as_the_orm_does() -> None:
    lancashire, blackpool = Area.objects.get(slug="lancashire"), Area.objects.get(slug="blackpool")
    harry = persona(Role.HUB_WORKER, area=lancashire)
    bella = persona(Role.TEAM_MANAGER, username="bella", area=blackpool)
    compiled = CompiledRows(_people)
    for person, areas in [
        (harry.pk, [lancashire.pk]),
        (harry.pk, [blackpool.pk]),
        (bella.pk, {lancashire.pk, blackpool.pk}),
        (harry.pk, [blackpool.pk, lancashire.pk]),
        (0, []),  # an empty IN list: the ORM's own answer, no query
    ]:
        assert compiled.rows(person, areas) == list(_people(person, areas)), (person, areas)


def test_the_sql_is_compiled_once_for_each_number_of_areas() -> None:
    lancashire = Area.objects.get(slug="lancashire")
    harry = persona(Role.HUB_WORKER, area=lancashire)
    compiled = CompiledRows(_people)
    compiled.rows(harry.pk, [lancashire.pk])
    compiled.rows(0, [lancashire.pk])
    compiled.rows(0, [lancashire.pk, 99])
    assert len(compiled._compiled) == 2
    with CaptureQueriesContext(connection) as queries:
        assert compiled.rows(harry.pk, [lancashire.pk]) == [(harry.username,)]
    assert len(queries) == 1


def test_a_query_that_drops_a_value_is_refused_rather_than_run_for_someone_else() -> None:
    compiled = CompiledRows(lambda person_id: User.objects.filter(pk__gte=1).values_list("pk"))
    with pytest.raises(AssertionError, match="did not reach the query"):
        compiled.rows(5)
