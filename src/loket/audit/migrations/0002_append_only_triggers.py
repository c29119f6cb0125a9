"""On PostgreSQL, the database itself refuses to change or delete rows of the append-only
tables: the processing log, case events and sent letters. A DELETE passes only inside a
retention purge (``loket.audit.purge``: ``SET LOCAL loket.purge = 'on'``); an UPDATE never.

Row triggers do not see TRUNCATE, which needs the table's owner: in production the
application's role should not own the tables (docs/security.md).
"""

from django.db import migrations

TABLES = ("audit_processingrecord", "cases_caseevent", "cases_letter")

FUNCTION = """
CREATE OR REPLACE FUNCTION loket_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('loket.purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'Loket: % is append-only; % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def _create(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the models' Python guard
    schema_editor.execute(FUNCTION, params=None)  # no placeholders: RAISE uses %
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION loket_append_only()"
        )


def _drop(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS loket_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("cases", "0007_event_recorded_by_protected"),
    ]

    operations = [migrations.RunPython(_create, _drop)]
