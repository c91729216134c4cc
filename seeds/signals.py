"""Signals the importer sends, so that other apps index without the importer knowing them."""

from django.dispatch import Signal

# Sent inside the page's transaction after its articles are written.
# Arguments: page (articles.Page), articles (list of articles.Article, in reading order).
page_imported = Signal()
