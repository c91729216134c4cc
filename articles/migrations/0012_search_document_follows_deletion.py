"""On SQLite, a search document goes when its article does, however the article is deleted.

PostgreSQL's documents reference their article with ON DELETE CASCADE (0002). SQLite's are
rows of an FTS5 table, which has no foreign keys: the ORM's deletions remove them through
the article's post_delete signal, but an article deleted by raw SQL (a script, a database
shell) left its document behind, still counted among the published matches of its words.
A trigger now does what the cascade does, and the documents already left are removed.
"""

from django.db import migrations

SQLITE = [
    (
        "DELETE FROM articles_searchdocument "
        "WHERE rowid NOT IN (SELECT id FROM articles_article)"
    ),
    (
        "CREATE TRIGGER article_search_document_delete AFTER DELETE ON articles_article "
        "BEGIN DELETE FROM articles_searchdocument WHERE rowid = OLD.id; END"
    ),
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS article_search_document_delete"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return  # PostgreSQL's foreign key cascades (0002)
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0011_desk_printed_order"),
    ]

    operations = [migrations.RunPython(_run(SQLITE), _run(SQLITE_REVERSE))]
