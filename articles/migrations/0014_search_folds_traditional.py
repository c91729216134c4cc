"""Search documents hold simplified characters: those of an existing archive are folded.

From now on an article's text is folded to simplified characters before its document is
made, and so is a reader's query (articles/search.py, `fold()`), so that 網格員 finds 网格员
and 文娱 finds the 文娛 an OCR'd page printed. A document made before holds the characters
as printed; this makes again those whose text has any character to fold, and leaves the
others, which folding does not change. Every article's text is read once (historical
models, so that later changes to Article do not break this step); on an archive printed in
simplified characters almost nothing is written.
"""

from django.db import migrations

CHUNK = 1000


def refold(apps, schema_editor):
    from articles.search import document_text, fold, joined_text, store_documents

    using = schema_editor.connection.alias
    Article = apps.get_model("articles", "Article")
    Block = apps.get_model("articles", "Block")
    PhotoCaption = apps.get_model("articles", "PhotoCaption")
    ids = list(Article.objects.using(using).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        titles = Article.objects.using(using).filter(pk__in=chunk)
        paragraphs, captions = {pk: [] for pk in chunk}, {pk: [] for pk in chunk}
        for article_id, text in (
            Block.objects.using(using)
            .filter(article_id__in=chunk)
            .order_by("article_id", "position")
            .values_list("article_id", "text")
        ):
            paragraphs[article_id].append(text)
        for article_id, text in (
            PhotoCaption.objects.using(using)
            .filter(article_id__in=chunk)
            .order_by("article_id", "position")
            .values_list("article_id", "text")
        ):
            captions[article_id].append(text)
        documents = {}
        for pk, overline, headline, subtitle in titles.values_list(
            "pk", "overline", "headline", "subtitle"
        ):
            text = joined_text((overline, headline, subtitle), paragraphs[pk], captions[pk])
            if fold(text) != text:
                documents[pk] = document_text(text)
        if documents:
            store_documents(documents, using=using)


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0013_throttle_cache_table"),
    ]

    operations = [
        # Going back keeps the folded documents: the older code finds them by simplified
        # queries, as it finds the rest of the archive.
        migrations.RunPython(refold, migrations.RunPython.noop),
    ]
