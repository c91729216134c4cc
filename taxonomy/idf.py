"""The archive's IDF table: computed by ``manage.py compute_idf``, read by keyword extraction."""

from django.db import transaction

from taxonomy import lexicon
from taxonomy.models import IdfTable, IdfTerm

_cache = {}


def current_idf() -> lexicon.Idf | None:
    """The newest IDF table computed from the archive, or None to fall back on jieba's."""
    return current_idf_with_version()[1]


def current_idf_with_version() -> tuple[tuple | None, lexicon.Idf | None]:
    """(the newest table's version, its IDF), or (None, None) when none has been computed.

    The version is the table's id with the time it was computed: an id alone can come back
    (SQLite hands out a rolled-back row's id again), and the cache must not take a new
    table for the one it holds.
    """
    table = (
        IdfTable.objects.order_by("-computed_at", "-pk")
        .only("pk", "computed_at", "default_idf")
        .first()
    )
    if table is None:
        return None, None
    version = (table.pk, table.computed_at)
    if version not in _cache:
        _cache.clear()
        values = dict(IdfTerm.objects.filter(table=table).values_list("term", "idf"))
        _cache[version] = lexicon.Idf(values, table.default_idf)
    return version, _cache[version]


@transaction.atomic
def compute_idf(texts) -> IdfTable | None:
    """Recompute IDF over the given article texts and make it the one in use.

    With no texts there is nothing to learn from: the table is dropped and keyword
    extraction falls back on jieba's IDF.
    """
    frequencies, documents = lexicon.document_frequencies(texts)
    IdfTable.objects.all().delete()
    if not documents:
        return None
    idf = lexicon.Idf.from_document_frequencies(frequencies, documents)
    table = IdfTable.objects.create(documents=documents, default_idf=idf.default)
    IdfTerm.objects.bulk_create(
        [IdfTerm(table=table, term=term[:100], idf=value) for term, value in idf.values.items()],
        batch_size=1000,
    )
    return table
