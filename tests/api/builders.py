"""Keyword-only builders of archive rows for the API tests, straight from articles.models.

The texts come from the seed pages (seeds/pages/000_fa48b9cf94c83c8b.txt), read by hand.
"""

import datetime
import itertools

from django.utils import timezone

from articles.models import (
    Article,
    Block,
    Byline,
    Issue,
    Page,
    PhotoCaption,
    PhotoCredit,
    Publication,
    Reporter,
)
from taxonomy.models import ArticlePlace, ArticleTopic, Place, Topic

_sequence = itertools.count(1)


def build_publication(*, name="呼和浩特日报", slug="hhhtrb"):
    publication, _ = Publication.objects.get_or_create(slug=slug, defaults={"name": name})
    return publication


def build_issue(*, publication=None, date=datetime.date(2025, 6, 12), number=None):
    publication = publication or build_publication()
    issue, _ = Issue.objects.get_or_create(
        publication=publication, date=date, defaults={"number": number}
    )
    return issue


def build_page(*, issue=None, number=1, name="要闻", source_name=None, with_issue=True):
    if issue is None and with_issue:
        issue = build_issue()
    return Page.objects.create(
        issue=issue,
        number=number,
        name=name,
        source_name=source_name or f"page_{next(_sequence)}.txt",
        checksum="0" * 64,
        encoding="utf-8",
        text="",
    )


def build_reporter(name):
    reporter, _ = Reporter.objects.get_or_create(name=name)
    return reporter


def build_article(
    *,
    page=None,
    headline="激活社区“微治理”工人南村社区居民幸福指数再升级",
    overline="",
    subtitle="",
    kind=Article.Kind.ARTICLE,
    column="",
    source="",
    status=Article.Status.PUBLISHED,
    position=0,
    body=(),
    bylines=(),
    captions=(),
    topics=(),
    places=(),
    keywords=(),
):
    """An article with its rows; `body` takes texts or (type, text) pairs, `bylines`
    (name, role) pairs, `captions` (text, [(name, role)]) pairs, `topics` (topic, state)
    pairs or topics (accepted), `places` Place rows."""
    page = page or build_page()
    article = Article.objects.create(
        page=page,
        position=position,
        kind=kind,
        column=column,
        overline=overline,
        headline=headline,
        subtitle=subtitle,
        source=source,
        status=status,
        keywords=list(keywords),
        published_at=timezone.now() if status == Article.Status.PUBLISHED else None,
    )
    for number, block in enumerate(body):
        kind_, text = (Block.Type.PARAGRAPH, block) if isinstance(block, str) else block
        Block.objects.create(article=article, position=number, type=kind_, text=text)
    for number, (name, role) in enumerate(bylines):
        Byline.objects.create(
            article=article, reporter=build_reporter(name), role=role, position=number
        )
    for number, (text, credits) in enumerate(captions):
        caption = PhotoCaption.objects.create(article=article, position=number, text=text)
        for credit_number, (name, role) in enumerate(credits):
            PhotoCredit.objects.create(
                caption=caption, reporter=build_reporter(name), role=role, position=credit_number
            )
    for entry in topics:
        topic, state = entry if isinstance(entry, tuple) else (entry, ArticleTopic.State.ACCEPTED)
        ArticleTopic.objects.create(article=article, topic=topic, state=state)
    for place in places:
        ArticlePlace.objects.create(article=article, place=place)
    return article


def build_topic(*, name, slug, parent=None, description=""):
    return Topic.objects.create(name=name, slug=slug, parent=parent, description=description)


def build_place(*, name, kind, level, parent=None):
    return Place.objects.create(name=name, kind=kind, level=level, parent=parent)


def build_seed_article(**overrides):
    """工人南村社区's story from seed page 000, as the importer would store it once reviewed."""
    values = {
        "headline": "激活社区“微治理”工人南村社区居民幸福指数再升级",
        "source": "本报讯",
        "bylines": [("祁晓燕", "reporter"), ("赵东霞", "correspondent")],
        "body": [
            "回民区环河街道办事处工人南村社区积极探索社区治理新模式，坚持用党建引领激发"
            "社区治理效能，以“铁三角”即党支部、网格员、楼栋长联合为切入点，推动服务力量"
            "下沉，激活社区“微治理”，营造和谐美好的社区氛围。",
            ("subhead", "有事共商难题同解"),
            "在无物业管理的好宜佳小区，一场暖心的自治行动正在悄然开展。",
            ("subhead", "网格服务零距离"),
            "在居民吴阿姨家中，网格员小邵正半蹲着，手把手帮助独居老人吴阿姨进行高龄认证。",
        ],
        "captions": [
            (
                "近日，新城区海拉尔路街道公安厅社区在公安厅小区开展了民族政策宣传月主题活动。",
                [("阿柔娜", "photographer")],
            )
        ],
        "keywords": ["网格员", "单元长", "微治理"],
    }
    values.update(overrides)
    return build_article(**values)
