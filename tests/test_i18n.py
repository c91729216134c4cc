"""English works too: the committed catalogue is complete, compiled and served.

The msgids are the Chinese source strings, so Chinese needs no catalogue; English lives in
locale/en/LC_MESSAGES. The .mo is committed (a clone without GNU gettext must serve English),
so these tests also catch a .po that was changed without running compilemessages.
"""

import ast
import datetime
import gettext
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from articles.models import Article
from tests.articles.builders import build_article, build_issue, build_page, build_publication

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO = CATALOGUE / "django.po"
MO = CATALOGUE / "django.mo"


# --- a small .po reader: enough for what makemessages writes ----------------------------------


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file (the header too) as dicts of msgctxt, msgid, msgid_plural,
    msgstr or msgstr[N], plus the set of flags."""
    entries: list[dict] = []
    entry: dict = {"flags": set()}
    field = None

    def close():
        nonlocal entry
        if "msgid" in entry:
            entries.append(entry)
        entry = {"flags": set()}

    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if "msgid" in entry:
                close()
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            if "msgid" in entry and field != "msgctxt":
                close()
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            keyword, _space, literal = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and "msgid" in entry and field != "msgctxt":
                close()
            field = keyword
            entry[field] = ast.literal_eval(literal)
    close()
    return entries


def catalog_keys(entries: list[dict]) -> dict:
    """The (key, translation) pairs GNUTranslations builds from these entries."""
    keys = {}
    for entry in entries:
        if entry["msgid"] == "":
            continue
        msgid = entry["msgid"]
        if "msgctxt" in entry:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if "msgid_plural" in entry:
            for name, value in entry.items():
                match = re.fullmatch(r"msgstr\[(\d+)\]", name)
                if match:
                    keys[(msgid, int(match.group(1)))] = value
        else:
            keys[msgid] = entry["msgstr"]
    return keys


@pytest.fixture(autouse=True)
def default_language_afterwards():
    """LocaleMiddleware leaves the request's language active in the thread; later tests that
    match Chinese messages outside a request must not inherit English."""
    yield
    translation.deactivate()


@pytest.fixture(scope="module")
def po_entries():
    return read_po(PO)


@pytest.fixture(scope="module")
def mo_catalog():
    with MO.open("rb") as fp:
        return gettext.GNUTranslations(fp)


# --- the catalogue itself ---------------------------------------------------------------------


def test_the_po_is_complete_with_no_fuzzy_or_empty_translation(po_entries):
    messages = [entry for entry in po_entries if entry["msgid"] != ""]
    assert len(messages) > 300
    fuzzy = [entry["msgid"] for entry in messages if "fuzzy" in entry["flags"]]
    empty = [
        entry["msgid"]
        for entry in messages
        if any(value == "" for name, value in entry.items() if name.startswith("msgstr"))
    ]
    assert fuzzy == [] and empty == []
    header = next(entry for entry in po_entries if entry["msgid"] == "")
    assert "fuzzy" not in header["flags"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"]


def test_placeholders_survive_translation(po_entries):
    placeholder = re.compile(r"%\([a-z_]+\)[-#0 +]*\d*(?:\.\d+)?[sdf]|\{[a-z_]*\}")
    for entry in po_entries:
        if entry["msgid"] == "":
            continue
        wanted = sorted(placeholder.findall(entry["msgid"]))
        for name, value in entry.items():
            if name.startswith("msgstr"):
                assert sorted(placeholder.findall(value)) == wanted, (entry["msgid"], value)


def test_the_mo_loads_and_is_not_older_than_the_po(po_entries, mo_catalog):
    """A .po edited without compilemessages has keys or translations the .mo lacks."""
    assert mo_catalog.info()["language"] == "en"
    compiled = {key: value for key, value in mo_catalog._catalog.items() if key != ""}
    assert compiled == catalog_keys(po_entries)


# --- representative strings in English --------------------------------------------------------


def test_representative_strings_read_in_english():
    with translation.override("en"):
        assert _("待审稿件") == "Articles needing review"  # the review queue's title
        assert _("报纸档案编辑台") == "Newspaper Archive Desk"
        assert str(Article.Status.NEEDS_REVIEW.label) == "Needs review"
        assert str(Article.Status.PUBLISHED.label) == "Published"
        assert str(Article._meta.verbose_name_plural) == "articles"
        assert _("还没有发布的报纸。") == "No newspapers have been published yet."
        assert _("请求参数有误。") == "The request has invalid parameters."
        assert translation.ngettext("共 %(n)s 篇", "共 %(n)s 篇", 1) % {"n": 1} == "1 article"
        assert translation.ngettext("共 %(n)s 篇", "共 %(n)s 篇", 5) % {"n": 5} == "5 articles"
    with translation.override("zh-hans"):
        assert _("待审稿件") == "待审稿件"
        assert str(Article.Status.NEEDS_REVIEW.label) == "待审"


def test_the_import_summary_reads_in_english():
    from seeds.management.commands.import_seeds import _summary

    with translation.override("en"):
        lines = _summary([], [("page_9.txt", "File not found")], dry_run=True)
    assert lines[0] == "Dry-run summary"
    assert any(line.startswith("Failed files") and line.endswith("1") for line in lines)
    assert any(line.startswith("Page") and "(parsed only" in line for line in lines)


@pytest.mark.django_db
def test_a_command_reports_in_english():
    build_article(headline="“三邻”共治为老年群体送关爱", status=Article.Status.NEEDS_REVIEW)
    out = io.StringIO()
    with translation.override("en"):
        call_command("publish_unflagged", "--dry-run", stdout=out)
    assert "Ready to publish: 1." in out.getvalue()


# --- what a reader and an editor get, by Accept-Language --------------------------------------


@pytest.mark.django_db
def test_the_public_home_page_is_chinese_by_default_and_english_on_request(client):
    chinese = client.get("/").content.decode()
    assert '<html lang="zh-Hans">' in chinese
    assert "还没有发布的报纸。" in chinese and "报纸档案" in chinese

    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in english
    assert "No newspapers have been published yet." in english
    assert "Newspaper Archive" in english and "还没有发布的报纸" not in english


@pytest.mark.django_db
def test_dates_page_labels_and_the_calendar_follow_the_language(client):
    publication = build_publication(name="兴安日报", slug="xarb")
    issue = build_issue(publication=publication, date=datetime.date(2024, 9, 20), number=12)
    article = build_article(page=build_page(issue=issue, number=3, name="要闻"))

    chinese = client.get(f"/articles/{article.pk}/").content.decode()
    assert "2024年9月20日" in chinese and "第3版" in chinese
    english = client.get(f"/articles/{article.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sept. 20, 2024" in english and "Page 3 · 要闻" in english

    url = reverse("articles:publication", args=[publication.slug])
    calendar = client.get(url).content.decode()
    assert "2024年" in calendar and "9月" in calendar and "20日" in calendar
    assert "第12期" in calendar
    calendar = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h3>September</h3>" in calendar and ">20<small>No. 12</small>" in calendar


@pytest.mark.django_db
def test_the_admin_login_page_is_chinese_by_default_and_english_on_request(client):
    chinese = client.get("/admin/login/").content.decode()
    assert "报纸档案编辑台" in chinese

    english = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en"' in english
    assert "Newspaper Archive Desk" in english and "Log in" in english
    assert "报纸档案编辑台" not in english


@pytest.mark.django_db
def test_the_review_queue_reads_in_english(client):
    client.force_login(get_user_model().objects.create_superuser("chief", password="pw-test"))
    html = client.get(
        reverse("admin:articles_reviewqueue_changelist"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Review queue" in html and "Reviewed: an editor has checked the text" in html
    desk = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Open the queue to publish" in desk and "Recent changes by others" in desk


@pytest.mark.django_db
def test_api_errors_follow_accept_language(client):
    cache.clear()  # no throttle counts from other tests
    url = "/api/v1/articles/"
    chinese = client.get(url, {"page_size": "0"}).json()
    assert chinese["detail"] == "请求参数有误。"
    english = client.get(url, {"page_size": "0"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["detail"] == "The request has invalid parameters."
    assert "whole number from 1 to" in str(english["errors"])


@pytest.mark.django_db
def test_the_error_pages_read_in_english_on_request(client):
    chinese = client.get("/no-such-page/").content.decode()
    assert "<h1>找不到这个页面</h1>" in chinese
    english = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in english
    assert "<h1>Page not found</h1>" in english and "Search articles" in english
    cache.clear()  # no throttle counts from other tests
    missing = client.get("/api/v1/articles/999999/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert missing["detail"] == "Article 999999 does not exist or is not published."
