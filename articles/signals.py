"""Keep the search index in step with the articles, whoever writes them."""

import contextvars
from contextlib import contextmanager

from django.db.models import OuterRef, Subquery
from django.db.models.signals import post_delete, post_save

from articles import search
from articles.models import Article, Block, PhotoCaption
from articles.search_index import SearchDocument

_saves_indexed_later = contextvars.ContextVar("articles_saves_indexed_later", default=False)


@contextmanager
def saves_indexed_later():
    """Within the block, saving an article does not reindex it.

    For writers that index what they wrote once, at the end: the importer saves each article
    before its paragraphs exist, so indexing on that save would tokenize a headline only to
    do the whole article again when the import's search step runs. Deletions are still unindexed.
    """
    token = _saves_indexed_later.set(True)
    try:
        yield
    finally:
        _saves_indexed_later.reset(token)


_indexed_once = contextvars.ContextVar("articles_indexed_once", default=None)


@contextmanager
def indexed_once(using: str = "default"):
    """Within the block, each article whose row, paragraphs or captions are saved is indexed
    once, when the block ends without an error, instead of at every save.

    For writers that save an article's parts one by one: loading a backup saves every
    paragraph, and each save reindexed its whole article (a dozen times for an article of a
    dozen paragraphs). Deletions are still unindexed at once.
    """
    pending = set()
    token = _indexed_once.set(pending)
    try:
        yield
    finally:
        _indexed_once.reset(token)
    search.index_articles(sorted(pending), using=using)


def _noted(article_id) -> bool:
    """Note the article for indexed_once(), if a block is open; True if it was noted."""
    pending = _indexed_once.get()
    if pending is None:
        return False
    pending.add(article_id)
    return True


def index_saved_article(sender, instance, **kwargs):
    """An article was saved by an editor or a script: reindex it."""
    if _saves_indexed_later.get() or _noted(instance.pk):
        return
    search.index_articles([instance.pk])


def unindex_deleted_article(sender, instance, **kwargs):
    """An article is gone: drop its document."""
    search.remove_from_index([instance.pk])


def reindex_parent_article(sender, instance, origin=None, **kwargs):
    """A paragraph or caption changed: its article's text changed with it.

    Not when it is deleted with its article, or with the article's page, issue or paper (the
    deletion's `origin` is then not a paragraph or caption): the article's own post_delete drops
    its document, and reindexing it for each paragraph on the way there would be wasted.
    """
    if origin is not None and _model_of(origin) not in (Block, PhotoCaption):
        return
    if _noted(instance.article_id):
        return
    search.index_articles([instance.article_id])


def _model_of(origin):
    # What a deletion started from: an instance, or a queryset of them.
    return getattr(origin, "model", None) or type(origin)


def take_article_status(sender, instance, raw=False, **kwargs):
    """A document loaded from a backup without a status takes its article's.

    Backups made before documents carried the status (migration 0008) load with none, and
    the search page counts only documents whose status is published.
    """
    if raw and not instance.status:
        status = Article.objects.filter(pk=OuterRef("pk")).values("status")[:1]
        SearchDocument.objects.using(instance._state.db or "default").filter(pk=instance.pk).update(
            status=Subquery(status)
        )


def connect():
    """Wire the receivers; called once from ArticlesConfig.ready()."""
    post_save.connect(
        take_article_status, sender=SearchDocument, dispatch_uid="articles.search.restored"
    )
    post_save.connect(index_saved_article, sender=Article, dispatch_uid="articles.search.article")
    post_delete.connect(
        unindex_deleted_article, sender=Article, dispatch_uid="articles.search.article_deleted"
    )
    post_save.connect(render_photo, sender=PhotoCaption, dispatch_uid="articles.renditions")
    for model in (Block, PhotoCaption):
        post_save.connect(
            reindex_parent_article, sender=model, dispatch_uid=f"articles.search.{model.__name__}"
        )
        post_delete.connect(
            reindex_parent_article,
            sender=model,
            dispatch_uid=f"articles.search.{model.__name__}_deleted",
        )


def render_photo(sender, instance, **kwargs):
    """A caption's photo was saved: make its smaller copies for srcset."""
    if instance.image:
        from articles.renditions import make_renditions

        make_renditions(instance.image)
