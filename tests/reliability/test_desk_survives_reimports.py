"""One page through five imports by a changing parser, with the desk at work in between.

Seed page 001 is imported with `import_seeds`; editors fix a headline, a paragraph and
a caption, publish, review, tag, merge, split and delete. Then the parser changes
(every headline and first paragraph read differently), is rolled back, finds an extra
item and finally loses two. After every import all of the desk's work is still there;
only what no editor touched follows the parser. Single re-import rules are tested one
by one in tests/seeds/test_reimport.py.
"""

from __future__ import annotations

import dataclasses
import io
import shutil

import pytest
from django.core.management import call_command

from articles import editing
from articles.desk.lineage import SourceLineage
from articles.extraction import REIMPORT_CONFLICT
from articles.models import Article, Block
from seeds.importer import files as importer_files
from seeds.parser import parse_page as real_parse_page
from taxonomy.models import ArticleTopic, Topic
from tests.reliability.conftest import ROOT

pytestmark = pytest.mark.django_db

SEED = ROOT / "seeds" / "pages" / "001_316b9db19c1266fd.txt"

HEADLINE = "编辑改定：“红色引擎”提升基层治理效能"
PARAGRAPH = "编辑核对原报后改正的一段。"
CAPTION = "编辑重写的图片说明"
SPLIT_HEADLINE = "编辑拆出的新稿"
GIVEN_HEADLINE = "编辑补上的标题"


def _reread(item):
    """The changed parser: every headline and first paragraph read a little differently."""
    changes = {}
    if item.headline:
        changes["headline"] = item.headline + "·新读法"
    if item.body:
        first = dataclasses.replace(item.body[0], text=item.body[0].text + "·新读法")
        changes["body"] = (first, *item.body[1:])
    return dataclasses.replace(item, **changes)


def v1(extraction):
    return extraction


def v2(extraction):
    return dataclasses.replace(extraction, items=tuple(_reread(i) for i in extraction.items))


def v4(extraction):
    """One more item found at the end of the page."""
    extra = dataclasses.replace(extraction.items[-1], headline="新找到的一篇", captions=())
    return dataclasses.replace(extraction, items=(*extraction.items, extra))


def v5(extraction):
    """The last two items are no longer found."""
    return dataclasses.replace(extraction, items=extraction.items[:-2])


@pytest.fixture
def page_file(tmp_path):
    path = tmp_path / SEED.name
    shutil.copyfile(SEED, path)
    return path


def run_import(monkeypatch, path, version):
    monkeypatch.setattr(
        importer_files,
        "parse_page",
        lambda data, *, source: version(real_parse_page(data, source=source)),
    )
    out, err = io.StringIO(), io.StringIO()
    call_command("import_seeds", str(path), stdout=out, stderr=err)
    return out.getvalue()


def at(position) -> Article:
    return Article.objects.exclude(extraction={}).get(position=position)


def texts(article) -> list[str]:
    return list(article.blocks.order_by("position").values_list("text", flat=True))


def desk_work():
    """What the editors do after the first import; returns what must survive."""
    assert [a.position for a in Article.objects.order_by("position")] == list(range(13))
    lead = at(0)
    lead.headline = HEADLINE
    lead.save()
    editing.set_status([lead], Article.Status.PUBLISHED)

    quote = at(1)
    block = quote.blocks.get(position=0)
    block.text = PARAGRAPH
    block.save()

    story = at(2)
    tail = editing.split_article(story, at=story.blocks.get(position=4))
    tail.headline = SPLIT_HEADLINE
    tail.save()

    editing.merge_articles([at(3), at(4)])
    editing.delete_articles([at(5)])

    photo = at(8)
    caption = photo.captions.get()
    caption.text = CAPTION
    caption.save()

    reviewed = at(9)
    editing.set_status([reviewed], Article.Status.REVIEWED)
    editing.add_topic([reviewed], Topic.objects.create(name="重读测试主题", slug="chongdu"))

    untitled = at(10)
    assert not untitled.headline
    untitled.headline = GIVEN_HEADLINE
    untitled.save()

    return {
        "story_head": texts(story)[:4],
        "story_tail": texts(tail),
        "merged": texts(at(3)),
        "tail_pk": tail.pk,
    }


def assert_desk_work_survives(kept):
    lead = at(0)
    assert lead.headline == HEADLINE and lead.status == Article.Status.PUBLISHED
    assert texts(at(1))[0] == PARAGRAPH
    assert texts(at(2)) == kept["story_head"]
    tail = Article.objects.get(pk=kept["tail_pk"])
    assert tail.headline == SPLIT_HEADLINE and texts(tail) == kept["story_tail"]
    assert texts(at(3)) == kept["merged"]
    assert not Article.objects.exclude(extraction={}).filter(position__in=(4, 5)).exists()
    assert at(8).captions.get().text == CAPTION
    reviewed = at(9)
    assert reviewed.status == Article.Status.REVIEWED
    assert ArticleTopic.objects.filter(article=reviewed, topic__slug="chongdu").exists()
    assert at(10).headline == GIVEN_HEADLINE
    # One article per parser position, never two.
    positions = list(Article.objects.exclude(extraction={}).values_list("position", flat=True))
    assert len(positions) == len(set(positions))
    assert SourceLineage.objects.filter(fate__in=("merged", "deleted")).count() == 2


def test_the_desks_work_survives_five_imports_by_a_changing_parser(monkeypatch, page_file):
    run_import(monkeypatch, page_file, v1)
    kept = desk_work()
    assert_desk_work_survives(kept)

    # 2: the parser reads every headline and first paragraph differently.
    run_import(monkeypatch, page_file, v2)
    assert_desk_work_survives(kept)
    assert REIMPORT_CONFLICT in at(0).flags  # headline: editor and parser both changed it
    assert REIMPORT_CONFLICT in at(1).flags  # the first paragraph likewise
    untouched = at(11)
    assert untouched.headline.endswith("·新读法")  # nobody's edit: follows the parser
    assert texts(untouched)[0].endswith("·新读法")
    assert Article.objects.count() == 12  # 13 items, one merged away, one deleted, one split off

    # 3: the parser is rolled back.
    run_import(monkeypatch, page_file, v1)
    assert_desk_work_survives(kept)
    assert not at(11).headline.endswith("·新读法")
    assert not Block.objects.filter(text__endswith="·新读法").exists()

    # 4: the parser finds one more item; twice, and the second run changes nothing.
    run_import(monkeypatch, page_file, v4)
    assert_desk_work_survives(kept)
    assert at(13).headline == "新找到的一篇"
    assert "未变 1" in run_import(monkeypatch, page_file, v4)
    assert Article.objects.count() == 13

    # 5: the parser loses the last items: those nobody touched go; the desk's stay.
    run_import(monkeypatch, page_file, v5)
    assert_desk_work_survives(kept)
    assert not Article.objects.exclude(extraction={}).filter(position__gte=11).exists()
    assert Article.objects.count() == 10
