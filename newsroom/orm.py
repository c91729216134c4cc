"""Where the project goes around the ORM on purpose, each time because it was measured.

Everything here does what a public Django or django-simple-history call would do, faster
for the import's shape of work (a page: a few dozen rows of several tables, written once).
Each function says what it stands in for; tests/test_orm.py holds each to that call's
result, so that a Django or simple_history upgrade that changes the internals fails there
and nowhere else.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model


def as_prefetched(owners, name: str, rows, owner_field: str) -> None:
    """Give each owner its rows just written as if prefetch_related(name) had read them.

    New articles are handed to the import steps as for_detail() would fetch them, without
    reading back what was written a moment ago (several queries and hundreds of objects).
    Writes the related manager's `_result_cache`, as prefetch_related_objects() does.
    """
    by_owner = {id(owner): [] for owner in owners}
    for row in rows:
        by_owner[id(getattr(row, owner_field))].append(row)
    for owner in owners:
        queryset = getattr(owner, name).all()
        queryset._result_cache = by_owner[id(owner)]
        queryset._prefetch_done = True
        owner.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def is_prefetched(instance, *names: str) -> bool:
    """Whether the instance carries these relations already, as prefetch_related() left them.

    Indexers take an article's paragraphs and captions from it when the importer (or a
    caller's prefetch) loaded them, instead of reading them again.
    """
    cache = getattr(instance, "_prefetched_objects_cache", None)
    return cache is not None and all(name in cache for name in names)


def create_with_history(model, rows):
    """Insert rows with their history, one statement per table, and return them with keys.

    As bulk_create_with_history(), but the history is copied by the database (see
    record_creation) where the backend returns the new keys. No post_save is sent: the
    importer's steps see each finished page instead of every paragraph as it lands.
    """
    if not rows:
        return []
    if not connection.features.can_return_rows_from_bulk_insert:
        return bulk_create_with_history(rows, model)
    rows = model._default_manager.bulk_create(rows)
    record_creation(model, [row.pk for row in rows], user=_history_user(model, rows[0]))
    return rows


def record_creation(model, ids, *, user=None) -> None:
    """Write the "created" history record of each row just inserted, copied by the database.

    The records are what simple_history's bulk_history_create() makes (the tracked fields,
    the time, an empty reason, type "+", the user), but taken from the stored rows by one
    INSERT … SELECT instead of being built as objects and sent back: that was a third of
    writing a page's articles.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = history_manager(model).model
    quote = connection.ops.quote_name

    def column(table_model, name):
        return quote(table_model._meta.get_field(name).column)

    fields = [f.name for f in history.tracked_fields]
    into = [column(history, name) for name in fields] + [
        column(history, name)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    ]
    taken = ", ".join(column(model, name) for name in fields)
    date = history._meta.get_field("history_date").get_db_prep_save(timezone.now(), connection)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(into)}) "
                f"SELECT {taken}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(chunk))})",
                [date, "", "+", getattr(user, "pk", None), *chunk],
            )


def _history_user(model, row):
    """Who the history records name: the signed-in editor where a request is running."""
    return history_manager(model).model.get_default_history_user(row)


@functools.cache
def history_manager(model):
    """get_history_manager_for_model(), once per model.

    simple_history builds a new manager class on every lookup, about a millisecond each.
    """
    return get_history_manager_for_model(model)


def update_rows(rows, fields: list[str], *, using: str = "default") -> None:
    """Save the named fields of model instances of one model, as ``bulk_update()`` would.

    One ``UPDATE … WHERE pk = %s`` is sent with each row's values (``executemany``). For the
    few rows a page changes this costs a fraction of ``bulk_update()``'s single statement,
    whose ``CASE WHEN`` per field and row Django builds and compiles anew each time (3.3 ms
    against 0.2 for a page's nine keyword lists). Like ``bulk_update()``, it sends no signal
    and leaves ``auto_now`` fields as the rows hold them.
    """
    rows = list(rows)
    if not rows:
        return
    connection = connections[using]
    meta = rows[0]._meta
    quote = connection.ops.quote_name
    columns = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in columns)
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s",
            [
                [
                    *(
                        field.get_db_prep_save(getattr(row, field.attname), connection)
                        for field in columns
                    ),
                    row.pk,
                ]
                for row in rows
            ],
        )
