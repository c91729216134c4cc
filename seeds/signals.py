"""Signals the importer sends, so that other apps index without the importer knowing them."""

from django.dispatch import Signal

# Sent inside the page's transaction after its articles are written.
# Arguments:
# - page (articles.Page), articles (list of articles.Article, in reading order);
# - words: a dict {article text: its words from taxonomy.lexicon.tokenize}, fresh for each
#   page, that receivers read and fill so that each text is segmented once per page;
# - batch: a dict shared by every page of one import_files() call, where receivers keep what
#   they learn from page to page (the taxonomy's recent articles), or None for a single page.
page_imported = Signal()
