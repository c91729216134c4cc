"""The table of the `throttle` cache, where the API's rates are counted without Redis.

Without a shared cache (CACHE_URL unset) the settings keep the throttles' counts in the
database, so that every worker sees every request. Created whatever the cache settings are
today, so that unsetting CACHE_URL later needs no other step.
"""

from django.core.management import call_command
from django.db import migrations

TABLE = "articles_throttle_cache"


def create(apps, schema_editor):
    # Django's own command, given the table's name: the table DatabaseCache expects.
    call_command("createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0)
    if schema_editor.connection.vendor == "postgresql":
        # Each counted request commits a write. Unlogged, the commit waits for no WAL flush
        # (about 0.8 ms a check instead of 3.7 here); a crash empties the table, forgetting
        # at most a minute of counts. Standbys do not have its rows: it is read on the primary.
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(TABLE)} SET UNLOGGED")


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0012_search_document_follows_deletion")]

    operations = [migrations.RunPython(create, drop)]
