"""On PostgreSQL, a trigram index makes the accent-insensitive name search fast (search_name is already folded).

SQLite has no trigram index: the same `LIKE '%…%'` query runs there on a scan of one mission locale's rows.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS youth_search_name_trgm ON youths_youth USING gin (search_name gin_trgm_ops)"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS contact_themes_trgm ON youths_contact USING gin (themes gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS youth_search_name_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS contact_themes_trgm")


class Migration(migrations.Migration):
    dependencies = [("youths", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
