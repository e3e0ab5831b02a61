"""Harden the append-only audit (docs/decisions/0009).

- The app's role cannot back-date or forward-date a row: `at` is the database's
  own clock for any role but the owner.
- The trigger functions resolve names only in pg_catalog, so nobody can shadow
  `pg_has_role` or `now` with a function of their own in another schema.
"""

from django.db import migrations

from lib.migration_sql import on_postgresql

OWNER_CHECK = (
    "pg_catalog.pg_has_role(current_user, (SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID), 'USAGE')"
)

CREATE = f"""
CREATE OR REPLACE FUNCTION hub_audit_append_only() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF {OWNER_CHECK} THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the audit trail is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE FUNCTION hub_audit_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    IF NOT {OWNER_CHECK} THEN
        NEW.at := pg_catalog.now();
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER hub_auditevent_stamp
    BEFORE INSERT ON hub_auditevent
    FOR EACH ROW EXECUTE FUNCTION hub_audit_stamp();
"""

DROP = """
DROP TRIGGER IF EXISTS hub_auditevent_stamp ON hub_auditevent;
DROP FUNCTION IF EXISTS hub_audit_stamp();
"""


class Migration(migrations.Migration):
    dependencies = [("hub", "0010_manager_oversight_permissions")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
