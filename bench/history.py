"""Years of a county's history in a few statements. A real closed request, walked through the triage
services, is copied by bench.scale.requests_copy; here every copy gets that request's whole record too:
its consent, household, transitions, decisions, notes and deadlines, its children's episodes, and the
audit rows written along the way. The tables the pages read then weigh what they would after years of
use, not only the request table."""

from types import SimpleNamespace

from django.db import connection

from children.models import Episode
from consent.models import ConsentRecord
from deadlines.models import Deadline
from hub.models import AuditEvent
from hub.roles import Role
from requests_app.models import Child, HouseholdMember, RequestForSupport
from triage.models import CaseNote, Decision, TransitionRecord

# Each holds a request_id: one set of rows per copy.
PER_REQUEST = (ConsentRecord, HouseholdMember, TransitionRecord, Decision, CaseNote, Deadline)
REQUESTS = RequestForSupport._meta.db_table
# Every table a copy writes to (bench.scale.bulk_loaded).
TABLES = (RequestForSupport, Child, *PER_REQUEST, Episode, AuditEvent)


def _copied(model, *, skip: set[str]) -> tuple[str, str]:
    """The column list of `model` without `skip`, and the same columns read from alias x."""
    cols = [f.column for f in model._meta.concrete_fields if f.column not in skip]
    return ", ".join(f'"{c}"' for c in cols), ", ".join(f'x."{c}"' for c in cols)


def closed_template(*, referrer, worker) -> RequestForSupport:
    """A request `referrer` sent and `worker` triaged, closed the shortest way a contact closes (no
    further action, approved by a team manager), through the real services."""
    from hub.models import User
    from tests.factories import UserFactory
    from tests.request_factories import request_closed

    manager = User.objects.filter(username="history-manager").first() or UserFactory(
        username="history-manager", area=worker.area, team=worker.team, role=Role.TEAM_MANAGER
    )
    return request_closed(SimpleNamespace(rita=referrer, harry=worker, tom=manager))


def request_records_copy(*, template: RequestForSupport, prefix: str) -> None:
    """Give every request whose reference starts with `prefix` a copy of the template's records."""
    like = f"{prefix}%"
    with connection.cursor() as cursor:
        for model in PER_REQUEST:
            table = model._meta.db_table
            cols, from_x = _copied(model, skip={"id", "request_id"})
            cursor.execute(
                f'INSERT INTO "{table}" (request_id, {cols}) SELECT r.id, {from_x} '  # noqa: S608
                f'FROM "{REQUESTS}" r JOIN "{table}" x ON x.request_id = %s WHERE r.reference LIKE %s',
                [template.pk, like],
            )
        # An episode belongs to a child: the copy's child in the same position as the template's.
        cols, from_x = _copied(Episode, skip={"id", "child_id"})
        children = Child._meta.db_table
        cursor.execute(
            f'INSERT INTO "{Episode._meta.db_table}" (child_id, {cols}) SELECT c.id, {from_x} '  # noqa: S608
            f'FROM "{REQUESTS}" r JOIN "{children}" c ON c.request_id = r.id '
            f'JOIN "{children}" t ON t.request_id = %s AND t.position = c.position '
            f'JOIN "{Episode._meta.db_table}" x ON x.child_id = t.id WHERE r.reference LIKE %s',
            [template.pk, like],
        )
        # The audit rows about the template, once per copy, each naming its own request.
        cols, _ = _copied(AuditEvent, skip={"id", "object_id", "reference"})
        from_x = ", ".join(f'x."{c}"' for c in cols.replace('"', "").split(", "))
        cursor.execute(
            f'INSERT INTO "{AuditEvent._meta.db_table}" (object_id, reference, {cols}) '  # noqa: S608
            "SELECT CASE WHEN x.object_type = %s THEN r.id::text ELSE x.object_id END, r.reference, "
            f'{from_x} FROM "{REQUESTS}" r JOIN "{AuditEvent._meta.db_table}" x ON x.reference = %s '
            "WHERE r.reference LIKE %s",
            [RequestForSupport._meta.label_lower, template.reference, like],
        )
