"""The audit trail is append-only in PostgreSQL (docs/decisions/0009).

Privileges keep the app's role to SELECT and INSERT (hub/database_roles.py).
This trigger is the second lock: UPDATE, DELETE and TRUNCATE are refused to
any role but the table's owner, so a grant widened by mistake still cannot
rewrite the record. SQLite, used only by `make run`'s demo, has no roles.
"""

from django.db import migrations

from lib.migration_sql import on_postgresql

CREATE = """
CREATE OR REPLACE FUNCTION hub_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- The owner (migrations, a deliberate and logged maintenance session) may;
    -- nobody else may change or remove a row.
    IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER hub_auditevent_append_only
    BEFORE UPDATE OR DELETE ON hub_auditevent
    FOR EACH ROW EXECUTE FUNCTION hub_audit_append_only();
CREATE TRIGGER hub_auditevent_no_truncate
    BEFORE TRUNCATE ON hub_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION hub_audit_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON hub_auditevent FROM PUBLIC;
"""

DROP = """
DROP TRIGGER IF EXISTS hub_auditevent_no_truncate ON hub_auditevent;
DROP TRIGGER IF EXISTS hub_auditevent_append_only ON hub_auditevent;
DROP FUNCTION IF EXISTS hub_audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("hub", "0008_area_membership_audit_address")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
