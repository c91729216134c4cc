"""Signals the importer sends, so that other apps index without the importer knowing them."""

from django.dispatch import Signal

# Sent inside the page's transaction after its articles are written.
# Arguments:
# - page (articles.Page), articles (list of articles.Article, in reading order);
# - words: a dict {article text: its words from taxonomy.lexicon.tokenize}, fresh for each
#   page, that receivers read and fill so that each text is segmented once per page;
# - prepared: the dict page_parsed's receivers filled for this page, or {} when the page
#   was not read ahead; a receiver uses only what it finds under its own key, and only for
#   the texts it finds there (an editor's kept edit changes an article's text);
# - batch: a dict shared by every page of one import_files() call, where receivers keep what
#   they learn from page to page (the taxonomy's recent articles), or None for a single page.
page_imported = Signal()

# Sent in the importing process just before it forks the worker that reads pages ahead.
# The worker never touches the database: receivers load here what their page_parsed
# receiver will need, and the worker inherits it.
parse_ahead_starting = Signal()

# Sent in that worker for each page it has read, parsed and segmented, before the page is
# written. Arguments:
# - words: a dict {article text: its words}, as page_imported will receive it;
# - prepared: a dict that receivers fill, each under a key of its own, with what they can
#   compute from the texts alone (it travels back to the importing process by pickle).
page_parsed = Signal()
