"""The archive's IDF table: computed by ``manage.py compute_idf``, read by keyword extraction."""

from django.db import transaction

from taxonomy import lexicon
from taxonomy.models import IdfTable, IdfTerm

_cache = {}


def current_idf() -> lexicon.Idf | None:
    """The newest IDF table computed from the archive, or None to fall back on jieba's."""
    table = IdfTable.objects.order_by("-computed_at", "-pk").only("pk", "default_idf").first()
    if table is None:
        return None
    if table.pk not in _cache:
        _cache.clear()
        values = dict(IdfTerm.objects.filter(table=table).values_list("term", "idf"))
        _cache[table.pk] = lexicon.Idf(values, table.default_idf)
    return _cache[table.pk]


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
