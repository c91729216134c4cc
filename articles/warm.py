"""What a web worker loads before its first request, so that no reader's request waits for it.

newsroom/wsgi.py calls `warm_up()` once per worker, before freezing what was loaded for the
garbage collector. Each step is work Django or a library does once per process, on the
first request that needs it; measured on the search page by `make bench` (first_search).
"""

from pathlib import Path

from django.conf import settings
from django.db import connection
from django.template import engines
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import get_format
from django.utils.module_loading import import_string

from articles import search

TEMPLATES = Path(__file__).resolve().parent / "templates"


def warm_up() -> None:
    """Load the URL configuration's reverse lookups, the catalogues of the site's languages,
    the public site's templates and the search's segmenter (see search.warm_up())."""
    # Every page's links: the first reverse() fills the lookups of every resolver (~40 ms).
    reverse("articles:home")
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("报纸档案")  # merges the apps' catalogues of the language
            get_format("DATE_FORMAT")  # imports the language's date formats
    for path in sorted((TEMPLATES / "articles").glob("*.html")):
        # Compiled once and kept by the cached loader (DEBUG off, as in production).
        get_template(path.relative_to(TEMPLATES).as_posix())
    # Modules Django imports on the first query and the first rendering with a request.
    connection.ops.compiler("SQLCompiler")
    engines["django"].engine.template_context_processors  # noqa: B018 imported when read
    import_string(settings.MESSAGE_STORAGE)
    search.warm_up()
