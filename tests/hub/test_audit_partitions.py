"""The audit trail is partitioned by month (migrations hub/0018 and 0019, decision 0029): a row lands in its
month's partition, the coming months' partitions are made ahead by a job the app's role may run,
the partitions themselves are as locked as the table, and the rows written before partitioning
are all still there afterwards."""

import datetime as dt
import importlib
import threading

import psycopg
import pytest
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from hub.audit import audit_record
from hub.audit_partitions import audit_partitions_ensure
from hub.models import AuditEvent
from hub.roles import Role
from hub.tasks import audit_partitions_ensure as audit_partitions_ensure_task
from tests.factories import persona

pytestmark = pytest.mark.django_db(transaction=True)
MIGRATION = importlib.import_module("hub.migrations.0019_audit_partitioned_by_month")


def _month_name(when: dt.datetime) -> str:
    return f"hub_auditevent_{when.astimezone(dt.UTC):%Y_%m}"


def _partitions() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT inhrelid::regclass::text FROM pg_inherits WHERE inhparent = 'hub_auditevent'::regclass")
        return {row[0] for row in cursor.fetchall()}


def _where(event: AuditEvent) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM hub_auditevent WHERE id = %s", [event.pk])
        return cursor.fetchone()[0]


def _months_from_now(months: int) -> dt.datetime:
    now = timezone.now().astimezone(dt.UTC)
    year, month = divmod(now.month - 1 + months, 12)
    return now.replace(year=now.year + year, month=month + 1, day=1)


@pytest.fixture(autouse=True)
def months_as_migrated():
    """Afterwards, the months a migrated database has (this month and the next three), whatever a
    test dropped, made or dated into the default partition: the next test starts from them."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM hub_auditevent_default")  # the owner may; the test's own rows
        for name in _partitions() - {_month_name(_months_from_now(n)) for n in range(4)}:
            if name not in {"hub_auditevent_history", "hub_auditevent_default"}:
                cursor.execute(f"DROP TABLE {name}")
    audit_partitions_ensure()


def test_an_audit_row_is_written_at_the_databases_time_into_this_months_partition() -> None:
    harry = persona(Role.HUB_WORKER)
    event = audit_record(actor=harry, action=AuditEvent.Action.VIEW, obj=harry)
    assert timezone.now() - event.at < dt.timedelta(minutes=1)  # read back from the INSERT
    assert _where(event) == _month_name(event.at)


def test_a_row_written_late_in_a_transaction_takes_the_transactions_time_as_the_trigger_would() -> None:
    """The stamping trigger sets any other time to now(), the transaction's start, after the row
    is routed; a default of the statement's time would be moved, and across a month's end refused."""
    harry = persona(Role.HUB_WORKER)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT now(), pg_sleep(0.05)")
        started = cursor.fetchone()[0]
        event = audit_record(actor=harry, action=AuditEvent.Action.VIEW, obj=harry)
        cursor.execute("SELECT at FROM hub_auditevent WHERE id = %s", [event.pk])
        assert cursor.fetchone()[0] == started == event.at


def test_this_month_and_the_next_three_have_partitions_and_the_rest_a_default() -> None:
    assert {_month_name(_months_from_now(n)) for n in range(4)} | {
        "hub_auditevent_history",
        "hub_auditevent_default",
    } <= _partitions()


def test_the_daily_job_makes_a_missing_months_partition_and_nothing_else() -> None:
    missing = _month_name(_months_from_now(2))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {missing}")
    assert missing not in _partitions()
    audit_partitions_ensure_task()
    assert missing in _partitions()
    assert audit_partitions_ensure() == 0


def test_a_month_whose_rows_already_sit_in_the_default_partition_is_left_there_without_error() -> None:
    """Had the job not run for months, a month's rows would be in the default partition; making
    its partition now would strand them, so the job leaves that month, and the rows, as they are."""
    later = _month_name(_months_from_now(3))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {later}")
    event = AuditEvent.objects.create(action=AuditEvent.Action.VIEW, object_type="t", object_id="1")
    AuditEvent.objects.filter(pk=event.pk).update(at=_months_from_now(3) + dt.timedelta(days=2))
    assert audit_partitions_ensure() == 0
    assert later not in _partitions()
    assert _where(event) == "hub_auditevent_default"


def test_the_apps_role_may_ask_for_partitions_which_the_owner_then_owns(as_app) -> None:
    missing = _month_name(_months_from_now(3))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {missing}")
    assert as_app.execute("SELECT hub_audit_partitions_ensure(3)").fetchone()[0] == 1
    owner = as_app.execute("SELECT tableowner FROM pg_tables WHERE tablename = %s", [missing]).fetchone()[0]
    assert owner != settings.DATABASE_APP_ROLE


def test_the_apps_role_cannot_make_the_partition_job_run_its_own_code_as_the_owner(as_app) -> None:
    """The job runs as the owner. A type planted in the caller's temporary schema, whose check
    deletes the trail, must not be the one the job's variables use."""
    harry = persona(Role.HUB_WORKER)
    audit_record(actor=harry, action=AuditEvent.Action.VIEW, obj=harry, reference="R-KEPT")
    as_app.execute(
        "CREATE FUNCTION pg_temp.forge(pg_catalog.text) RETURNS boolean LANGUAGE sql "
        "AS 'DELETE FROM public.hub_auditevent; SELECT true'"
    )
    as_app.execute("CREATE DOMAIN pg_temp.text AS pg_catalog.text CHECK (pg_temp.forge(VALUE))")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {_month_name(_months_from_now(3))}")
    as_app.execute("SELECT hub_audit_partitions_ensure(3)")
    assert AuditEvent.objects.filter(reference="R-KEPT").exists()


def test_asking_for_years_of_partitions_makes_at_most_two_years(as_app) -> None:
    as_app.execute("SELECT hub_audit_partitions_ensure(1000)")
    assert _month_name(_months_from_now(24)) in _partitions()
    assert _month_name(_months_from_now(25)) not in _partitions()


@pytest.mark.parametrize(
    "statement", ["SELECT * FROM {}", "DELETE FROM {}", "TRUNCATE {}", "INSERT INTO {} DEFAULT VALUES"]
)
def test_the_apps_role_cannot_reach_a_partition_except_through_the_table(as_app, statement) -> None:
    this_month = _month_name(timezone.now())
    for partition in (this_month, "hub_auditevent_history", "hub_auditevent_default"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            as_app.execute(statement.format(partition))


@pytest.mark.parametrize("statement", ["DELETE FROM {}", "TRUNCATE {}", "UPDATE {} SET reference = 'forged'"])
def test_a_partition_granted_to_the_apps_role_by_mistake_is_still_append_only(as_app, statement) -> None:
    harry = persona(Role.HUB_WORKER)
    event = audit_record(actor=harry, action=AuditEvent.Action.VIEW, obj=harry, reference="R-1")
    partition = _where(event)
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT ALL ON {partition} TO {settings.DATABASE_APP_ROLE}")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        as_app.execute(statement.format(partition))
    assert AuditEvent.objects.get().reference == "R-1"


def test_a_row_for_a_month_without_a_partition_is_kept_in_the_default_one() -> None:
    """Only the owner may date a row (a data migration, say): far in the future, it still has a home."""
    event = AuditEvent.objects.create(action=AuditEvent.Action.VIEW, object_type="t", object_id="1")
    AuditEvent.objects.filter(pk=event.pk).update(at=dt.datetime(2040, 1, 1, tzinfo=dt.UTC))
    assert _where(event) == "hub_auditevent_default"


BEFORE = [("hub", "0017_audit_no_index_by_object")]


@pytest.fixture
def partitioned_afresh():
    """Afterwards, the shape a new installation has (this month in a partition of its own), which
    the other tests on this database expect: the rows go, and both migrations run again."""
    yield
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM hub_auditevent")  # the owner may; these were the test's own rows
    MigrationExecutor(connection).migrate(BEFORE)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_rows_written_before_partitioning_stay_in_a_history_partition_and_ids_carry_on(partitioned_afresh) -> None:
    """Migrations 0018 and 0019 on a table in service, with rows this month: they stay where they
    are, as the history partition, which holds the months up to the month after next (its CHECK,
    validated while the pages wrote); the next row takes the next id."""
    MigrationExecutor(connection).migrate(BEFORE)
    harry = persona(Role.HUB_WORKER)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO hub_auditevent (at, actor_id, action, object_type, object_id, reference, via, detail) "
            "SELECT now() - g * interval '40 days', %s, 'view', 't', g::text, 'R-OLD', 'web', '{}' "
            "FROM generate_series(0, 19) g RETURNING id",
            [harry.pk],
        )
        old_ids = sorted(row[0] for row in cursor.fetchall())
    MigrationExecutor(connection).migrate([("hub", "0019_audit_partitioned_by_month")])
    kept = AuditEvent.objects.filter(reference="R-OLD")
    assert sorted(kept.values_list("pk", flat=True)) == old_ids
    assert {_where(event) for event in kept} == {"hub_auditevent_history"}
    event = audit_record(actor=harry, action=AuditEvent.Action.VIEW, obj=harry, reference="R-NEW")
    assert event.pk > old_ids[-1]
    assert _where(event) == "hub_auditevent_history"  # this month was already begun in the table
    assert _month_name(_months_from_now(1)) not in _partitions()
    assert _month_name(_months_from_now(2)) in _partitions()
    assert AuditEvent.objects.filter(actor=harry).count() == 21


def test_undoing_the_partitioning_leaves_no_check_that_would_refuse_rows_later(partitioned_afresh) -> None:
    """Migration 0018's CHECK (rows older than the month after next) is only a step towards 0019:
    reversing 0019 alone leaves a plain table that takes a row dated years ahead, and running 0019
    again partitions it with that row in its history."""
    harry = persona(Role.HUB_WORKER)
    audit_record(actor=harry, action=AuditEvent.Action.VIEW, obj=harry, reference="R-BEFORE")
    MigrationExecutor(connection).migrate([("hub", "0018_audit_keys_for_partitioning")])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO hub_auditevent (at, action, object_type, object_id, reference, via, detail) "
            "VALUES (now() + interval '3 years', 'view', 't', '1', 'R-LATER', 'web', '{}')"
        )
    MigrationExecutor(connection).migrate([("hub", "0019_audit_partitioned_by_month")])
    assert set(AuditEvent.objects.values_list("reference", flat=True)) == {"R-BEFORE", "R-LATER"}
    assert {_where(event) for event in AuditEvent.objects.all()} == {"hub_auditevent_history"}


def _app_writes_an_audit_row(as_app, reference: str) -> None:
    as_app.execute(
        "INSERT INTO hub_auditevent (at, action, object_type, object_id, reference, via, detail) "
        "VALUES (now(), 'view', 't', '1', %s, 'web', '{}')",
        [reference],
    )


def test_the_pages_may_go_on_writing_audit_rows_as_soon_as_either_direction_commits(partitioned_afresh, as_app) -> None:
    """Before migrate's role sync runs at its end: the table taking the old one's place takes its
    grants too, and the history partition, reached only through the parent, keeps none."""
    MigrationExecutor(connection).migrate(BEFORE)
    _app_writes_an_audit_row(as_app, "R-FLAT")
    MigrationExecutor(connection).migrate([("hub", "0019_audit_partitioned_by_month")])
    _app_writes_an_audit_row(as_app, "R-PARTITIONED")
    assert set(AuditEvent.objects.values_list("reference", flat=True)) >= {"R-FLAT", "R-PARTITIONED"}
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app.execute("SELECT count(*) FROM hub_auditevent_history")


def test_the_migration_gives_up_rather_than_queue_every_page_behind_a_long_read(
    partitioned_afresh, monkeypatch
) -> None:
    """A report reading the trail holds its lock; the migration's wait for the table is bounded
    (while it waits, every later write would queue behind it), and giving up leaves the table as
    it was, to run again. Without the bound, it would wait until the read ends, three seconds on."""
    MigrationExecutor(connection).migrate([("hub", "0018_audit_keys_for_partitioning")])
    monkeypatch.setattr(MIGRATION, "LOCK_WAIT", "200ms", raising=False)
    params = connection.settings_dict
    with psycopg.connect(
        host=params["HOST"], port=params["PORT"], dbname=params["NAME"], user=params["USER"], autocommit=True
    ) as report:
        reading = report.transaction()
        reading.__enter__()
        report.execute("SELECT count(*) FROM hub_auditevent")
        read_ends = threading.Timer(3, reading.__exit__, (None, None, None))
        read_ends.start()
        try:
            with pytest.raises(OperationalError, match="lock timeout"):
                MigrationExecutor(connection).migrate([("hub", "0019_audit_partitioned_by_month")])
        finally:
            read_ends.join()
    assert not _is_partitioned()


def _is_partitioned() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind = 'p' FROM pg_class WHERE oid = 'hub_auditevent'::regclass")
        return cursor.fetchone()[0]


def test_an_interrupted_first_step_runs_again_to_the_end_and_refuses_no_row_afterwards(partitioned_afresh) -> None:
    """Migration 0018 builds outside a transaction, so a lost connection leaves its work half done:
    here its (reference, at) index failed midway (left invalid), and its CHECK was added, NOT VALID,
    by a run long enough ago that its bound has passed. `migrate` again finishes both steps; every
    index is whole, and a page's audit row is accepted."""
    MigrationExecutor(connection).migrate(BEFORE)
    this_month = timezone.now().astimezone(dt.UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX audit_reference_at ON hub_auditevent (reference, at)")
        cursor.execute("UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'audit_reference_at'::regclass")
        cursor.execute(
            "ALTER TABLE hub_auditevent ADD CONSTRAINT hub_auditevent_history_before CHECK (at < %s) NOT VALID",
            [this_month],
        )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    harry = persona(Role.HUB_WORKER)
    event = audit_record(actor=harry, action=AuditEvent.Action.VIEW, obj=harry, reference="R-AFTER")
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE NOT i.indisvalid AND c.relname LIKE '%%audit%%'"
        )
        assert cursor.fetchall() == []
