"""The audit trail cannot be rewritten by the role the application connects as.

The test session's migrate creates that role and its grants exactly as
production's does (hub/database_roles.py); these tests connect as it (`as_app`, conftest).
"""

import datetime as dt

import psycopg
import pytest
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from hub.models import AuditEvent
from hub.roles import Role
from tests.factories import persona

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def widened():
    """Someone grants the app's role too much; put it back afterwards."""
    role = settings.DATABASE_APP_ROLE
    with connection.cursor() as cursor:
        cursor.execute(f"GRANT UPDATE, DELETE, TRUNCATE ON hub_auditevent TO {role}")
    yield
    with connection.cursor() as cursor:
        cursor.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON hub_auditevent FROM {role}")


@pytest.fixture
def audit_row() -> AuditEvent:
    return AuditEvent.objects.create(action=AuditEvent.Action.VIEW, object_type="t", object_id="1", reference="R-1")


def test_the_apps_role_can_add_and_read_audit_rows(as_app, audit_row) -> None:
    as_app.execute(
        "INSERT INTO hub_auditevent (at, action, object_type, object_id, reference, via, detail)"
        " VALUES (now(), 'view', 't', '2', 'R-2', 'web', '{}')"
    )
    assert as_app.execute("SELECT count(*) FROM hub_auditevent").fetchone()[0] == 2


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE hub_auditevent SET reference = 'forged'",
        "DELETE FROM hub_auditevent",
        "TRUNCATE hub_auditevent",
    ],
)
def test_the_apps_role_cannot_change_or_remove_audit_rows(as_app, audit_row, statement) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app.execute(statement)
    assert AuditEvent.objects.get().reference == "R-1"


@pytest.mark.parametrize(
    "statement",
    ["UPDATE hub_auditevent SET reference = 'forged'", "DELETE FROM hub_auditevent", "TRUNCATE hub_auditevent"],
)
def test_a_grant_widened_by_mistake_is_still_refused_by_the_trigger(as_app, audit_row, widened, statement) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
        as_app.execute(statement)
    assert AuditEvent.objects.get().reference == "R-1"


def test_the_apps_role_still_reads_and_writes_ordinary_tables(as_app) -> None:
    rita = persona(Role.REFERRER)
    as_app.execute("UPDATE hub_user SET job_title = 'Designated safeguarding lead' WHERE id = %s", [rita.pk])
    rita.refresh_from_db()
    assert rita.job_title == "Designated safeguarding lead"


def test_the_app_role_does_not_own_the_tables(as_app) -> None:
    owner = as_app.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'hub_auditevent'").fetchone()[0]
    assert owner != settings.DATABASE_APP_ROLE


def test_the_apps_role_cannot_back_date_an_audit_row_within_the_month(as_app) -> None:
    """The start of this month is in this month's partition: the row is kept, at the database's time."""
    as_app.execute(
        "INSERT INTO hub_auditevent (at, action, object_type, object_id, reference, via, detail)"
        " VALUES (date_trunc('month', now(), 'UTC'), 'view', 't', '3', 'R-3', 'web', '{}')"
    )
    stamped = AuditEvent.objects.get(reference="R-3").at
    assert timezone.now() - stamped < dt.timedelta(minutes=1)


def test_an_audit_row_back_dated_by_the_apps_role_to_an_earlier_month_is_refused(as_app) -> None:
    """Stamping it now would move it out of the month's partition it was routed to, which
    PostgreSQL refuses: no row is written at all, rather than one with a false time."""
    with pytest.raises(psycopg.errors.FeatureNotSupported, match="another partition"):
        as_app.execute(
            "INSERT INTO hub_auditevent (at, action, object_type, object_id, reference, via, detail)"
            " VALUES ('2020-01-01T00:00:00Z', 'view', 't', '3', 'R-3', 'web', '{}')"
        )
    assert not AuditEvent.objects.filter(reference="R-3").exists()


def test_the_apps_role_cannot_mark_a_migration_applied(as_app) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        as_app.execute("INSERT INTO django_migrations (app, name, applied) VALUES ('hub', '9999_fake', now())")


def test_a_listed_page_is_stamped_with_the_databases_clock_even_by_the_owner() -> None:
    """A list's rows carry the database's time of the write, as a single row's do for the app's
    role: the web server's clock never decides when a record was seen."""
    from hub.audit import audit_listed

    harry = persona(Role.HUB_WORKER)
    rows = [AuditEvent.objects.create(action=AuditEvent.Action.VIEW, object_type="t", object_id=str(n)) for n in (1, 2)]
    with transaction.atomic(), connection.cursor() as cursor:
        audit_listed(actor=harry, objects=rows, listed_in="queue")
        cursor.execute("SELECT now()")
        database_now = cursor.fetchone()[0]
        listed = AuditEvent.objects.filter(detail__listed_in="queue")
        assert [event.at for event in listed] == [database_now, database_now]
