"""Template helpers of the public site."""

import functools
import json

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles import search

register = template.Library()

# Characters that could close the <script> element or open a comment inside JSON-LD.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """A <script type="application/ld+json"> element, safe whatever the strings contain."""
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.filter
def issue_date(issue):
    """An issue's date in the active language's DATE_FORMAT (2024年9月20日, Sept. 20, 2024),
    or 日期不详 when the page's issue or date is unknown."""
    if issue is None or issue.date is None:
        return _("日期不详")
    return _formatted_date(issue.date, get_language())


@functools.lru_cache(maxsize=4096)
def _formatted_date(date, language):
    # Every item of an issue page prints the same date: format it once per language.
    return date_format(date)


def _link(viewname: str, pk: int) -> str:
    """reverse() of a list's links, remembered: an issue page has a hundred, at ~25 µs each."""
    return _remembered_link(
        viewname, pk, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()
    )


@functools.lru_cache(maxsize=16384)
def _remembered_link(viewname, pk, urlconf, script_prefix):
    return reverse(viewname, args=[pk], urlconf=urlconf)


@register.filter
def html_lang(language_code):
    """A Django language code as a BCP 47 tag for <html lang>: zh-hans → zh-Hans, en-gb → en-GB."""
    language, *subtags = (language_code or "").split("-")
    tag = [language.lower()]
    for subtag in subtags:
        if len(subtag) == 4:
            tag.append(subtag.title())
        elif len(subtag) == 2:
            tag.append(subtag.upper())
        else:
            tag.append(subtag.lower())
    return "-".join(tag)


@register.filter
def page_label(page):
    """第3版 · 要闻, 第3版 or 要闻 as far as they are known; else the title of the page's first
    published item (titles.name_pages()), and only when nothing was read, its file name."""
    number = _("第%(n)s版") % {"n": page.number} if page.number else ""
    label = " · ".join(part for part in (number, page.name) if part)
    return label or getattr(page, "title_from_items", "") or page.source_name


@register.simple_tag
def article_item(article, query=""):
    """One article in a list: column, headline (its query words marked), where it was
    printed, its reporters and, under a search, a snippet of its body.

    Built here rather than in an included template: lists show up to a hundred items, and
    a template per item was most of a search page's rendering time.
    """
    # Lists name untitled items by the start of their text (articles.titles); a list that
    # did not leaves `link_text` unset and shows the printed title.
    title = getattr(article, "link_text", None)
    if title is None:
        title = article.headline or article.title
    if query and title:
        # The whole title, its query words marked.
        headline = search.highlight(title, query, length=max(len(title), 1))
    else:
        headline = title or _("（无标题）")
    issue = article.page.issue
    printed = format_html(
        "{}{} · {}",
        format_html("{} · ", issue.publication.name) if issue else "",
        issue_date(issue),
        page_label(article.page),
    )
    reporters = mark_safe(
        "、".join(
            format_html(
                '<a href="{}">{}</a>',
                _link("articles:reporter", byline.reporter_id),
                byline.reporter.name,
            )
            for byline in article.bylines.all()
        )
    )
    return format_html(
        '<li class="item">\n  {}<a class="headline" href="{}">{}</a>\n'
        '  <p class="meta">{}{}{}</p>\n{}</li>',
        format_html('<span class="column">{}</span>\n  ', article.column) if article.column else "",
        _link("articles:article", article.pk),
        headline,
        printed,
        format_html(" · {}", reporters) if reporters else "",
        # A topic's page: the articles the machine filed under it, not yet an editor.
        format_html(' · <span class="machine">{}</span>', _("机器标注"))
        if getattr(article, "filed_by_machine", False)
        else "",
        # Search results (articles.search.SearchResults) carry their paragraphs' text.
        format_html('  <p class="snippet">{}</p>\n', search.highlight(article.body_text, query))
        if query
        else "",
    )


@register.simple_tag
def select(bound_field):
    """A choice field's <select>, its options built here.

    Django's Select widget renders a template per option, which cost a search page about as
    much as its twenty results; the search form's menus list every topic and paper.
    """
    chosen = bound_field.value()
    chosen = "" if chosen is None else str(chosen)
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) == chosen else "", label)
            for value, label in bound_field.field.choices
        ),
    )
    return format_html(
        '<select name="{}" id="{}">{}</select>', bound_field.html_name, bound_field.auto_id, options
    )


@register.simple_tag
def photo(caption):
    """The caption's <img>, with a srcset of its renditions when they exist."""
    from articles.renditions import existing_renditions

    image = caption.image
    renditions = existing_renditions(image)
    srcset = ", ".join(f"{url} {width}w" for url, width in renditions)
    if renditions:
        return format_html(
            '<img src="{}" srcset="{}" sizes="(max-width: 44rem) 100vw, 44rem" alt="{}" loading="lazy">',
            renditions[0][0],
            srcset,
            caption.text,
        )
    return format_html('<img src="{}" alt="{}" loading="lazy">', image.url, caption.text)
