"""Queries compiled once per process (lib/compiled.py) answer exactly as the ORM would, for each
person, each number of areas, each text, date and time, and as model instances with their relations;
and they refuse a query whose values do not reach its SQL."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from hub.models import Area, User
from hub.roles import Role
from lib.compiled import CompiledModels, CompiledRows
from requests_app.models import RequestForSupport
from tests.factories import UserFactory, persona
from tests.request_factories import make_request

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


def test_text_dates_and_times_are_values_of_their_own_too() -> None:
    lancashire = Area.objects.get(slug="lancashire")
    harry = persona(Role.HUB_WORKER, area=lancashire)
    User.objects.filter(pk=harry.pk).update(date_joined=dt.datetime(2026, 1, 5, 9, 30, tzinfo=dt.UTC))

    def joined(slug, since, day):
        return (
            User.objects.filter(area__slug=slug, date_joined__gte=since, date_joined__date__lte=day)
            .order_by("pk")
            .values_list("username")
        )

    compiled = CompiledRows(joined)
    for values in [
        ("lancashire", dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC), dt.date(2026, 1, 5)),
        ("lancashire", dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC), dt.date(2026, 1, 5)),
        ("lancashire", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.date(2026, 1, 4)),
        ("blackpool", dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.date(2026, 12, 31)),
    ]:
        assert compiled.rows(*values) == list(joined(*values)), values
    assert compiled.rows("lancashire", dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC), dt.date(2026, 1, 5)) == [
        (harry.username,)
    ]


def test_a_flag_is_refused_as_a_value_since_no_stand_in_can_take_its_place() -> None:
    compiled = CompiledRows(lambda active: User.objects.filter(is_active=active).values_list("pk"))
    with pytest.raises(TypeError, match="never a flag"):
        compiled.rows(True)


def test_a_page_is_cut_by_limit_and_offset_as_a_slice_of_the_orm_would_be() -> None:
    for n in range(5):
        persona(Role.HUB_WORKER, username=f"worker{n}", area=Area.objects.get(slug="lancashire"))
    compiled = CompiledRows(lambda first: User.objects.filter(pk__gte=first).order_by("username").values_list("pk"))
    everyone = list(User.objects.order_by("username").values_list("pk"))
    assert compiled.rows(0, limit=2, offset=1) == everyone[1:3]
    assert compiled.rows(0, limit=10, offset=4) == everyone[4:14]


def test_a_query_that_locks_its_rows_and_cuts_them_itself_runs_as_built() -> None:
    """The deadline sweep's claim: FOR UPDATE SKIP LOCKED after its own LIMIT. It must lock exactly
    the rows it limits, so rows(limit=) is refused rather than adding a second limit."""
    for n in range(5):
        persona(Role.HUB_WORKER, username=f"worker{n}", area=Area.objects.get(slug="lancashire"))
    compiled = CompiledRows(
        lambda first: (
            User.objects.select_for_update(skip_locked=True)
            .filter(pk__gte=first)
            .order_by("username")
            .values_list("username")[:3]
        )
    )
    with CaptureQueriesContext(connection) as queries:
        assert compiled.rows(0) == list(User.objects.order_by("username").values_list("username")[:3])
    assert "LIMIT 3 FOR UPDATE SKIP LOCKED" in queries[0]["sql"]
    with pytest.raises(AssertionError, match="cuts or locks its own rows"):
        compiled.rows(0, limit=2)


def _requests(area_ids):
    return (
        RequestForSupport.objects.filter(area_id__in=area_ids).annotate(children_named=Count("children")).order_by("pk")
    )


SHOWN = ("reference", "immediate_risk", "area__office_hours", "area__framework__name", "assigned_to__first_name")


def test_model_rows_come_back_as_the_orm_builds_them_with_their_relations_and_annotations() -> None:
    lancashire = Area.objects.get(slug="lancashire")
    rita, harry = persona(Role.REFERRER, area=lancashire), persona(Role.HUB_WORKER, area=lancashire)
    claimed, waiting = make_request(rita), make_request(rita)
    RequestForSupport.objects.filter(pk=claimed.pk).update(assigned_to=harry)
    compiled = CompiledModels(RequestForSupport, _requests, fields=SHOWN, annotations=("children_named",))
    with CaptureQueriesContext(connection) as queries:
        made = compiled.instances([lancashire.pk])
        seen = [
            (
                r.pk,
                r.reference,
                r.immediate_risk,
                r.area.office_hours,  # a JSON field: decoded as the ORM decodes it
                r.area.framework.name,  # two steps away
                r.assigned_to.first_name if r.assigned_to else None,
                r.children_named,
            )
            for r in made
        ]
    assert len(queries) == 1, [q["sql"][:300] for q in queries]  # every relation read with the row
    orm = _requests([lancashire.pk]).select_related("area__framework", "assigned_to").only(*SHOWN)
    assert seen == [
        (
            r.pk,
            r.reference,
            r.immediate_risk,
            r.area.office_hours,
            r.area.framework.name,
            r.assigned_to.first_name if r.assigned_to else None,
            r.children_named,
        )
        for r in orm
    ]
    assert [r.pk for r in made] == [claimed.pk, waiting.pk] and made[1].assigned_to is None
    assert isinstance(made[0].area.office_hours, dict | list | type(None)) and made[0]._state.adding is False
    assert compiled.instances([lancashire.pk], limit=1, offset=1)[0].pk == waiting.pk


def test_rows_naming_the_same_related_row_share_one_instance_of_it_and_others_do_not() -> None:
    lancashire, luton = Area.objects.get(slug="lancashire"), Area.objects.get(slug="luton")
    first, second = (
        make_request(persona(Role.REFERRER, area=lancashire)),
        make_request(persona(Role.REFERRER, area=lancashire)),
    )
    elsewhere = make_request(persona(Role.REFERRER, area=luton, username="lulu"), area="luton")
    compiled = CompiledModels(RequestForSupport, _requests, fields=SHOWN, annotations=("children_named",))
    made = {r.pk: r for r in compiled.instances([lancashire.pk, luton.pk])}
    assert made[first.pk].area is made[second.pk].area  # one area: built once for the page
    assert made[first.pk].area.framework is made[second.pk].area.framework
    assert made[elsewhere.pk].area is not made[first.pk].area
    assert made[elsewhere.pk].area.pk == luton.pk and made[first.pk].area.pk == lancashire.pk


def test_a_value_worked_out_from_an_argument_is_refused_rather_than_kept_for_everyone() -> None:
    """A day after the argument, its date, its year: compiled once, the first caller's would stay in
    the SQL for every later caller. Found by review."""
    compiled = CompiledRows(
        lambda since: User.objects.filter(
            date_joined__gte=since, last_login__lt=since + dt.timedelta(days=1)
        ).values_list("pk")
    )
    with pytest.raises(AssertionError, match="other than as itself"):
        compiled.rows(dt.datetime(2026, 1, 5, tzinfo=dt.UTC))


def test_a_naive_time_is_refused() -> None:
    compiled = CompiledRows(lambda since: User.objects.filter(date_joined__gte=since).values_list("pk"))
    with pytest.raises(TypeError, match="aware"):
        compiled.rows(dt.datetime(2026, 1, 5, 9, 0))  # the ORM would read it in London's time, SQL in UTC


def test_a_list_too_long_for_its_stand_ins_is_answered_by_the_orm() -> None:
    people = UserFactory.create_batch(2)
    many = CompiledRows(lambda ids: User.objects.filter(pk__in=ids).order_by("pk").values_list("pk"))
    ids = [people[0].pk, *range(-1000, -1), people[1].pk]
    assert many.rows(ids) == [(people[0].pk,), (people[1].pk,)]


def _unlocked_in(area_ids, person_id):
    # A constant with a percent sign and a flag: each written into the prepared SQL.
    return (
        User.objects.filter(area_id__in=area_ids, pk__gte=person_id, is_active=True, username__contains="%")
        .order_by("pk")
        .values_list("username")
    )


def _prepared_statements() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans FROM pg_prepared_statements WHERE NOT from_sql")
        return cursor.fetchall()


def test_a_prepared_query_answers_as_the_orm_does_and_is_planned_once_for_every_person() -> None:
    lancashire, blackpool = Area.objects.get(slug="lancashire"), Area.objects.get(slug="blackpool")
    people = [UserFactory(username=f"{n}%off", area=area) for n, area in enumerate([lancashire, blackpool] * 3)]
    UserFactory(username="plain", area=lancashire)
    compiled = CompiledRows(_unlocked_in, prepared=True)
    with CaptureQueriesContext(connection) as queries:
        for person in [*people, *people]:
            asked = ([lancashire.pk, blackpool.pk], person.pk)
            assert compiled.rows(*asked) == list(_unlocked_in(*asked)), person.username
    # Django's query log names each run, as it names every other query.
    assert all("hub_user" in q["sql"] for q in queries if "pg_prepared" not in q["sql"])
    (statement, generic), *others = [s for s in _prepared_statements() if '"hub_user"' in s[0]]
    assert not others
    # Only the person and the areas are left to each call; PostgreSQL now runs the plan it kept.
    assert statement.count("$") == 3 and '"is_active" AND' in statement and "LIKE  E'%\\\\%%'" in statement
    assert generic >= 1


def test_a_prepared_query_takes_ids_only_since_its_one_plan_cannot_suit_every_date_or_text() -> None:
    since = CompiledRows(lambda at: User.objects.filter(date_joined__gte=at).values_list("pk"), prepared=True)
    with pytest.raises(TypeError, match="ids and lists of ids only"):
        since.rows(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    named = CompiledRows(lambda name: User.objects.filter(username=name).values_list("pk"), prepared=True)
    with pytest.raises(TypeError, match="ids and lists of ids only"):
        named.rows("harry")


def test_with_prepared_statements_switched_off_a_new_connection_prepares_nothing(settings) -> None:
    from django.db import connections

    for switched_on, threshold in ((True, 0), (False, None)):
        settings.DATABASE_PREPARED_STATEMENTS = switched_on
        fresh = connections.create_connection("default")  # connection_created runs as for any worker's
        try:
            fresh.ensure_connection()
            assert fresh.connection.prepare_threshold == threshold
        finally:
            fresh.close()


def test_a_prepared_query_left_unprepared_still_answers_as_the_orm_does() -> None:
    lancashire = Area.objects.get(slug="lancashire")
    people = [UserFactory(username=f"{n}%off", area=lancashire) for n in range(3)]
    compiled = CompiledRows(_unlocked_in, prepared=True)
    connection.ensure_connection()
    kept, connection.connection.prepare_threshold = connection.connection.prepare_threshold, None
    try:
        for person in people:
            assert compiled.rows([lancashire.pk], person.pk) == list(_unlocked_in([lancashire.pk], person.pk))
    finally:
        connection.connection.prepare_threshold = kept
    assert not [s for s in _prepared_statements() if '"hub_user"' in s[0]]
