"""Database upkeep around an import: planner statistics and vacuum after it, the lock during it."""

from __future__ import annotations

from django.db import connection, connections

# Rows each index is sampled over when SQLite's planner statistics are refreshed: enough to
# tell a selective index from an unselective one, in about a second at 100,000 articles.
ANALYSIS_LIMIT = 1000


def update_planner_statistics(using: str = "default") -> None:
    """Refresh the database's statistics after an import, so its planner picks good indexes.

    Without statistics SQLite guesses, and for "published articles on these pages" it took
    the status index, under which nearly every article sits, instead of the page index: an
    issue page read all 100,000 articles of the benchmark archive (0.4 s instead of 13 ms).

    PostgreSQL analyses its tables on its own (autovacuum, once a tenth of a table's rows
    changed), but it vacuums a table that only grows once a fifth of its rows are new, and
    until a table is vacuumed its index-only scans read each row's heap page again to learn
    whether the row is visible: the counts, the printed-order walk and the search's boundary
    on each list page. So the tables an import wrote are vacuumed here: at 100,018 articles
    just loaded and analysed, the desk's article list took 233 ms before the vacuum and
    105 ms after, the API's 2,000th page 194 and 113 ms. A vacuum skips the pages it has already marked, so after a
    day's pages it takes a fraction of a second; the statistics are left to autovacuum,
    since analysing the search documents alone takes seconds at that size. VACUUM cannot
    run inside a transaction; there (a caller's atomic block) nothing is done.
    """
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
            cursor.execute("ANALYZE")
    elif connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            for table in content_tables():
                cursor.execute(f"VACUUM {connection.ops.quote_name(table)}")


def content_tables() -> list[str]:
    """The tables an import writes: every model's of the articles and taxonomy apps."""
    from django.apps import apps

    return sorted(
        model._meta.db_table
        for label in ("articles", "taxonomy")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    )


# pg_advisory_xact_lock key shared by every page import ("news" in ASCII).
_IMPORT_LOCK_KEY = 0x6E657773


def wait_for_other_imports() -> None:
    """Hold the import lock until the page's transaction ends; wait while another holds it.

    Two imports of the same pages at once would otherwise both find a page missing and
    both create it (one then fails on the unique file name, or, for an issue known only
    by its number, a duplicate issue appears). With the lock the second waits, then sees
    the first one's committed page and leaves it unchanged.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_IMPORT_LOCK_KEY])
        elif connection.vendor == "sqlite":
            # A write as the transaction's first statement takes SQLite's write lock now,
            # waiting out the busy timeout; a read first would fail with "database is
            # locked" when it later tried to write while another import was writing.
            cursor.execute("UPDATE articles_page SET id = id WHERE 0")
