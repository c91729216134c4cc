"""WSGI entry point (gunicorn newsroom.wsgi).

Each worker loads the whole site before its first request (the URL configuration imports
every view, form, serializer and admin), then hands what it loaded to ``gc.freeze()``, so
that Python's full collections no longer walk those hundred thousand objects, which live
as long as the worker anyway. Each full collection walked them: 60–80 ms on a two-core
machine, about one every six requests of the API's 50-article list. Measured in process
at 100,018 articles (SQLite, each way twice): the API list's mean 120–122 → 109–110 ms
and p95 283–297 → 212–219 ms, the desk's article list p95 195–219 → 138–144 ms, the
article page p95 22–24 → 18–21 ms. Freezing frees nothing and keeps nothing alive that
would otherwise be freed (reference counting frees what is dropped); only garbage cycles
among the frozen objects would stay, and those are the site's modules, classes and
functions.

Each worker also loads, before its first request, what Django and the search would
otherwise load on it (``articles.warm.warm_up()``): jieba's dictionary with the paper's
user dictionary (chinese/tokenizers.py) and OpenCC's tables, which made a worker's first
search wait one to two seconds, and the URL configuration's reverse lookups, the languages'
catalogues and the site's compiled templates, another 60–80 ms. Loaded here, they are
frozen with the rest, and a worker's first search costs about what the next ones do
(`make bench`'s first_search, docs/performance.md).
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 import every view now, not on the first request

from articles import warm  # noqa: E402 needs the apps get_wsgi_application() set up

warm.warm_up()
gc.collect()  # what loading left as garbage is freed, not frozen
gc.freeze()
