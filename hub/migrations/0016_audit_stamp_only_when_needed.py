"""The audit's stamping trigger runs only for a row whose time is not already the database's.

Migration 0011 made `at` the database's own clock for every role but the owner: a BEFORE INSERT
trigger that asks, row by row, whether the role owns the table, and otherwise sets `at` to now().
A queue page lists fifty records and so writes fifty rows, and asking that question fifty times
was about a quarter of the insert (docs/performance.md, "Ninth round"). The list's INSERT now
writes now() itself (hub/audit.py), so the trigger has nothing to change there: its WHEN clause
skips it for a row already stamped with now(). Any other time, from any role, still reaches the
trigger, which overwrites it unless the owner wrote it, exactly as before.
"""

from django.db import migrations

from lib.migration_sql import on_postgresql

CREATE = """
DROP TRIGGER IF EXISTS hub_auditevent_stamp ON hub_auditevent;
CREATE TRIGGER hub_auditevent_stamp
    BEFORE INSERT ON hub_auditevent
    FOR EACH ROW
    WHEN (NEW.at IS DISTINCT FROM pg_catalog.now())
    EXECUTE FUNCTION hub_audit_stamp();
"""

DROP = """
DROP TRIGGER IF EXISTS hub_auditevent_stamp ON hub_auditevent;
CREATE TRIGGER hub_auditevent_stamp
    BEFORE INSERT ON hub_auditevent
    FOR EACH ROW EXECUTE FUNCTION hub_audit_stamp();
"""


class Migration(migrations.Migration):
    dependencies = [("hub", "0015_audit_indexes_each_write_needs")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
