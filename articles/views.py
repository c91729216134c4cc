"""The public site: each view reads through articles.reading and renders a template."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_safe

from articles import reading, search, titles, visible_text
from articles.desk.redirects import redirect_to_survivor
from articles.models import Issue, Publication, Reporter
from articles.paging import PRINTED_ORDER
from articles.site_forms import SearchForm
from articles.structured_data import news_article
from newsroom import page_cache
from taxonomy.models import Place, Topic

PER_PAGE = 20


def _archive_version(request, *args, **kwargs):
    # condition() asks for the ETag and Last-Modified separately; one query (or, with the page
    # cache on, its generation) answers both.
    if not hasattr(request, "_archive_version"):
        request._archive_version = page_cache.generation_validators(
            request
        ) or page_cache.validators(request, *reading.archive_version())
    return request._archive_version


def _article_version(request, pk, *args, **kwargs):
    if not hasattr(request, "_article_version"):
        request._article_version = page_cache.validators(request, *reading.article_version(pk))
    return request._article_version


list_condition = condition(
    etag_func=lambda request, *a, **kw: _archive_version(request)[0],
    last_modified_func=lambda request, *a, **kw: _archive_version(request)[1],
)
article_condition = condition(
    etag_func=lambda request, *a, **kw: _article_version(request, *a, **kw)[0],
    last_modified_func=lambda request, *a, **kw: _article_version(request, *a, **kw)[1],
)


def _paginate(request, items):
    # get_page() turns a missing, malformed or out-of-range ?page= into a real page.
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = titles.name_untitled(page.object_list)
    return page


@require_safe
@page_cache.cached_page
@list_condition
def home(request):
    """Latest issue of each publication and the latest articles."""
    return render(
        request,
        "articles/home.html",
        {
            "issues": reading.latest_issues(),
            "undated": reading.undated(),
            "articles": reading.latest_articles(),
        },
    )


@require_safe
@page_cache.cached_page
@list_condition
def publication_calendar(request, slug):
    """The publication's issues by year and month."""
    publication = get_object_or_404(Publication, slug=slug)
    return render(
        request,
        "articles/publication.html",
        {
            "publication": publication,
            "calendar": reading.issue_calendar(publication),
            "undated_issues": reading.undated_issues(publication),
        },
    )


@require_safe
@page_cache.cached_page
@list_condition
def issue_detail(request, pk):
    """An issue's pages in order, each with its items."""
    issue = get_object_or_404(Issue.objects.select_related("publication"), pk=pk)
    pages = reading.issue_pages(issue)
    if not pages:
        raise Http404
    return render(request, "articles/issue.html", {"issue": issue, "pages": pages})


@require_safe
@page_cache.cached_page
@list_condition
def pages_of_no_issue(request):
    """Pages whose paper and day are not known yet (日期不详), in file order, with their items."""
    page_obj = Paginator(reading.pages_of_no_issue(), PER_PAGE).get_page(request.GET.get("page"))
    page_obj.object_list = reading.with_items(page_obj.object_list)
    return render(
        request,
        "articles/undated.html",
        {"page_obj": page_obj, "issues": reading.undated_issues()},
    )


@require_safe
@page_cache.cached_page
@list_condition
def page_detail(request, pk):
    """A page's items in reading order."""
    page = get_object_or_404(reading.public_pages(), pk=pk)
    return render(
        request, "articles/page.html", {"page": page, "articles": reading.page_items(page)}
    )


def _page_text(request, pk):
    if not hasattr(request, "_page_text"):
        request._page_text = reading.page_text(
            pk, everything=visible_text.sees_everything(request.user)
        )
    return request._page_text


def _page_text_version(request, pk):
    # No Last-Modified of its own: a take-down by a bulk update moves no article's updated_at.
    # With the page cache on, the generation's birth gives one.
    if not hasattr(request, "_page_text_version"):
        text = _page_text(request, pk)
        request._page_text_version = page_cache.validators(
            request, text.etag if text else None, None
        )
    return request._page_text_version


@require_safe
@page_cache.cached_page
@condition(
    etag_func=lambda request, pk: _page_text_version(request, pk)[0],
    last_modified_func=lambda request, pk: _page_text_version(request, pk)[1],
)
def page_text(request, pk):
    """The page's text as OCR delivered it, for readers who want the original: of the items on
    it only the published ones' text, the rest withheld; the desk sees all of it."""
    text = _page_text(request, pk)
    if text is None:
        raise Http404
    response = render(request, "articles/page_text.html", {"text": text, "page": text.page})
    if text.everything:
        # Drafts are in it: no shared cache may keep it for someone else.
        patch_cache_control(response, private=True)
    return response


@require_safe
@page_cache.cached_page
@article_condition
def article_detail(request, pk, slug=None):
    """One article; the id decides, so a fixed headline never breaks a link."""
    if slug is not None:
        return redirect("articles:article", pk=pk, permanent=True)
    article = reading.detail_queryset().filter(pk=pk).first()
    if article is None:
        # Merged into another article: its address leads there (articles/desk/redirects.py).
        return redirect_to_survivor(
            request, pk, url_of=lambda into: reverse("articles:article", args=[into])
        )
    titles.name_untitled([article])
    topics = reading.topics_of(article)
    places = reading.places_of(article)
    canonical = request.build_absolute_uri(article.get_absolute_url())
    return render(
        request,
        "articles/article.html",
        {
            "article": article,
            "topics": topics,
            "places": places,
            "related": reading.related_of(article),
            "neighbours": reading.neighbours(article),
            "canonical_url": canonical,
            "structured_data": news_article(
                article, url=canonical, request=request, keywords=[t.name for t in topics]
            ),
        },
    )


@require_safe
@page_cache.cached_page
@list_condition
def reporter_detail(request, pk):
    """A reporter's published articles, newest first."""
    reporter = get_object_or_404(Reporter, pk=pk)
    return _article_list(
        request,
        reporter.name,
        reading.by_reporter(reporter),
        feed="articles:reporter_feed",
        feed_arg=reporter.pk,
        search_filter=("reporter", reporter.pk),
    )


@require_safe
@page_cache.cached_page
@list_condition
def topic_index(request):
    """Every topic with published articles, with as many as its page lists."""
    return render(request, "articles/topics.html", {"topics": reading.topics_with_counts()})


@require_safe
@page_cache.cached_page
@list_condition
def topic_detail(request, slug):
    """A topic's published articles, newest first; those the machine filed say so."""
    topic = get_object_or_404(Topic, slug=slug)
    return _article_list(
        request,
        topic.name,
        reading.by_topic(topic),
        feed="articles:topic_feed",
        feed_arg=topic.slug,
        description=topic.description,
        search_filter=("topic", topic.slug),
        index=("articles:topics", _("全部主题")),
    )


@require_safe
@page_cache.cached_page
@list_condition
def place_detail(request, pk):
    """Articles naming a place or any place under it, newest first."""
    place = get_object_or_404(Place.objects.select_related("parent"), pk=pk)
    return _article_list(
        request,
        place.name,
        reading.by_place(place),
        description=place.path,
        search_filter=("place", place.pk),
        index=("articles:places", _("全部地区")),
    )


def _article_list(
    request,
    title,
    articles,
    *,
    feed=None,
    feed_arg=None,
    description="",
    search_filter=None,
    index=None,
):
    return render(
        request,
        "articles/article_list.html",
        {
            "title": title,
            "description": description,
            "page_obj": _paginate(request, articles),
            "feed": feed,
            "feed_arg": feed_arg,
            "search_filter": search_filter,
            "index": index,
        },
    )


@require_safe
@page_cache.cached_page
@list_condition
def place_tree(request):
    """The place tree from the region down."""
    return render(request, "articles/place_tree.html", {"tree": reading.place_tree()})


@require_safe
def search_page(request):
    """Search with filters; bad filters are shown as form errors with a 400."""
    form = SearchForm(request.GET or None)
    context = {"form": form, "columns": reading.columns(), "page_obj": None}
    if not request.GET:
        return render(request, "articles/search.html", context)
    if not form.is_valid():
        return render(request, "articles/search.html", context, status=400)
    filters = form.filters()
    articles = reading.filter_articles(reading.published(), **filters)
    # What a result shows is the list's; the JSON the extraction left is never shown.
    articles = articles.for_listing().defer("spans", "extraction", "flags", "keywords")
    query = form.cleaned_data["q"]
    if query:
        unfiltered = not any(filters.values())
        articles = search.search_results(articles, query, all_published=unfiltered)
        context["reporters"] = reading.reporters_named(query)
    else:
        # Filters alone browse the archive as it was printed: the newest issue first, each
        # page's articles in reading order, walked along the printed-order index.
        articles = articles.order_by(*PRINTED_ORDER)
    context["page_obj"] = _paginate(request, articles)
    context["query"] = query
    return render(request, "articles/search.html", context)
