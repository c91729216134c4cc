"""The desk's structural fixes, called directly: each does its work or refuses and changes nothing."""

import pytest

from articles import editing
from articles.desk.lineage import SourceLineage
from articles.editing import EditError, Scope
from articles.models import Article, Block, Byline, PhotoCaption, PhotoCredit, Reporter
from taxonomy.models import ArticleTopic, Topic
from tests.articles.builders import build_article, build_issue, build_page

pytestmark = pytest.mark.django_db


def texts(article):
    return list(article.blocks.order_by("position").values_list("text", flat=True))


@pytest.fixture
def page():
    return build_page(number=3, name="社区")


@pytest.fixture
def halves(page):
    """One story the parser cut in two: its lead half, and its continuation without a headline."""
    first = build_article(
        page=page,
        position=0,
        headline="激活社区“微治理”",
        body=["回民区工人南村社区积极探索社区治理新模式。"],
        bylines=[("祁晓燕", "reporter")],
        status=Article.Status.NEEDS_REVIEW,
    )
    second = build_article(
        page=page,
        position=1,
        headline="",
        body=["社区网格员小金第一时间赶到小区。", "居民幸福指数再升级。"],
        bylines=[("祁晓燕", "reporter"), ("赵东霞", "correspondent")],
        captions=[("居民参加趣味互动。", [("阿柔娜", "photographer")])],
        status=Article.Status.NEEDS_REVIEW,
    )
    for article, position in ((first, 0), (second, 1)):
        article.extraction = {"headline": article.headline, "position": position}
        article.save()
    return first, second


def test_merge_appends_body_bylines_and_captions_in_the_chosen_order(halves):
    first, second = halves

    kept = editing.merge_articles([first, second])

    assert kept.pk == first.pk
    assert texts(kept) == [
        "回民区工人南村社区积极探索社区治理新模式。",
        "社区网格员小金第一时间赶到小区。",
        "居民幸福指数再升级。",
    ]
    assert [(b.reporter.name, b.role) for b in kept.bylines.order_by("position")] == [
        ("祁晓燕", "reporter"),
        ("赵东霞", "correspondent"),
    ]
    assert [c.text for c in kept.captions.all()] == ["居民参加趣味互动。"]
    assert not Article.objects.filter(pk=second.pk).exists()
    (row,) = SourceLineage.objects.all()
    assert (row.source_position, row.fate, row.article_id) == (1, "merged", first.pk)


def test_merge_in_reverse_order_keeps_the_second_and_takes_the_first_headline(halves):
    first, second = halves

    kept = editing.merge_articles([second, first])

    assert kept.pk == second.pk
    assert kept.headline == "激活社区“微治理”"
    assert texts(kept)[-1] == "回民区工人南村社区积极探索社区治理新模式。"


def test_merge_across_pages_is_refused_and_changes_nothing(halves):
    first, _ = halves
    elsewhere = build_article(page=build_page(number=4), headline="别版稿件", body=["另一版。"])

    with pytest.raises(EditError, match="不同版面"):
        editing.merge_articles([first, elsewhere])

    assert texts(first) == ["回民区工人南村社区积极探索社区治理新模式。"]
    assert Article.objects.filter(pk=elsewhere.pk).exists()
    assert not SourceLineage.objects.exists()


def test_merge_of_one_article_is_refused(halves):
    with pytest.raises(EditError, match="至少两篇"):
        editing.merge_articles([halves[0], halves[0]])


def test_merge_moves_topics_not_already_on_the_kept_article(halves):
    first, second = halves
    grid = Topic.objects.get_or_create(name="网格化管理", defaults={"slug": "grid-test"})[0]
    ArticleTopic.objects.create(article=second, topic=grid, state="accepted")

    editing.merge_articles([first, second])

    assert list(first.topic_links.values_list("topic__name", "state")) == [
        ("网格化管理", "accepted")
    ]


def test_split_makes_a_new_article_from_the_chosen_block_on(halves):
    _, second = halves
    at = second.blocks.get(position=1)

    new = editing.split_article(second, at=at)

    assert texts(second) == ["社区网格员小金第一时间赶到小区。"]
    assert texts(new) == ["居民幸福指数再升级。"]
    assert new.page_id == second.page_id and new.headline == ""
    assert new.status == Article.Status.NEEDS_REVIEW
    assert "missing_headline" in new.flags
    assert not new.extraction  # made by the desk: no parser item of its own
    assert SourceLineage.objects.get(article=new).fate == "split"


def test_split_at_the_first_block_is_refused_and_changes_nothing(halves):
    _, second = halves

    with pytest.raises(EditError, match="第一段"):
        editing.split_article(second, at=second.blocks.get(position=0))

    assert texts(second) == ["社区网格员小金第一时间赶到小区。", "居民幸福指数再升级。"]
    assert Article.objects.count() == 2


def test_split_at_another_articles_block_is_refused(halves):
    first, second = halves
    with pytest.raises(EditError, match="不属于"):
        editing.split_article(first, at=second.blocks.get(position=1))


def test_move_blocks_appends_to_the_target_and_renumbers_the_source(halves):
    first, second = halves

    editing.move_blocks([second.blocks.get(position=0)], to=first)

    assert texts(first) == [
        "回民区工人南村社区积极探索社区治理新模式。",
        "社区网格员小金第一时间赶到小区。",
    ]
    assert list(second.blocks.values_list("position", "text")) == [(0, "居民幸福指数再升级。")]


def test_move_blocks_to_their_own_article_is_refused(halves):
    _, second = halves
    with pytest.raises(EditError, match="相同"):
        editing.move_blocks(list(second.blocks.all()), to=second)
    assert texts(second) == ["社区网格员小金第一时间赶到小区。", "居民幸福指数再升级。"]


def test_detach_caption_makes_a_photo_item(halves):
    _, second = halves
    caption = second.captions.get()

    photo = editing.detach_caption(caption)

    assert photo.kind == Article.Kind.PHOTO
    assert [c.text for c in photo.captions.all()] == ["居民参加趣味互动。"]
    assert [c.reporter.name for c in photo.captions.get().credits.all()] == ["阿柔娜"]
    assert not second.captions.exists()


def test_delete_leaves_a_tombstone_for_parser_items_only(halves):
    first, _ = halves
    made = editing.split_article(halves[1], at=halves[1].blocks.get(position=1))

    assert editing.delete_articles([first, made]) == 2

    assert list(
        SourceLineage.objects.filter(fate="deleted").values_list("source_position", flat=True)
    ) == [0]


def test_publish_refuses_a_selection_with_an_empty_headline_and_changes_nothing(halves):
    first, second = halves

    with pytest.raises(EditError, match="没有标题"):
        editing.set_status([first, second], Article.Status.PUBLISHED)

    assert set(Article.objects.values_list("status", flat=True)) == {"needs_review"}


def test_the_refusal_names_each_untitled_item_and_says_why(page):
    brief = build_article(
        page=page,
        kind=Article.Kind.BRIEF,
        headline="",
        body=["乌海市开展消防演练。"],
        status=Article.Status.REVIEWED,
    )
    photo = build_article(
        page=page,
        kind=Article.Kind.PHOTO,
        headline="",
        body=(),
        captions=[("  ", [])],
        status=Article.Status.REVIEWED,
    )

    with pytest.raises(EditError) as refused:
        editing.set_status([brief, photo], Article.Status.PUBLISHED)

    message = str(refused.value)
    assert f"简讯 #{brief.pk}「乌海市开展消防演练」" in message
    assert f"图片新闻 #{photo.pk}" in message
    assert "要有标题才能发布" in message and "图片说明" in message
    assert not Article.objects.published().exists()


def test_a_long_refusal_names_ten_and_counts_the_rest(page):
    untitled = [
        build_article(page=page, headline="", body=[f"第{n}条。"], status=Article.Status.REVIEWED)
        for n in range(12)
    ]
    with pytest.raises(EditError, match="等 12 篇"):
        editing.set_status(untitled, Article.Status.PUBLISHED)


def test_publish_stamps_the_time_once(halves):
    first, _ = halves

    assert editing.set_status([first], Article.Status.PUBLISHED) == 1

    first.refresh_from_db()
    assert first.status == "published" and first.published_at is not None
    assert editing.set_status([first], Article.Status.PUBLISHED) == 0


def test_a_photo_item_with_a_caption_may_go_out_without_a_headline(page):
    photo = build_article(
        page=page,
        kind="photo",
        headline="",
        body=(),
        captions=[("草原上的那达慕。", [])],
        status=Article.Status.REVIEWED,
    )
    assert editing.set_status([photo], Article.Status.PUBLISHED) == 1


def test_every_change_is_in_the_history(halves):
    first, second = halves
    second_id = second.pk

    editing.merge_articles([first, second])

    assert first.history.first().history_type == "~"
    assert Article.history.filter(id=second_id, history_type="-").exists()
    moved = Block.history.filter(article_id=first.pk, text="居民幸福指数再升级。")
    assert moved.exists()


# --- replace ----------------------------------------------------------------------------


@pytest.fixture
def misread():
    """An OCR error, 徽治理 for 微治理, on two pages of one issue and once in another issue."""
    issue = build_issue()
    one, two = build_page(issue=issue, number=1), build_page(issue=issue, number=2)
    a = build_article(page=one, headline="社区徽治理", body=["推进徽治理。", "无关段落。"])
    b = build_article(page=two, headline="徽治理再升级", captions=[("徽治理现场。", [])])
    other_issue = build_page(issue=build_issue(date=None, number=7))
    c = build_article(page=other_issue, headline="他期徽治理", body=())
    return a, b, c


def test_preview_lists_every_change_in_the_page_and_changes_nothing(misread):
    a, _, _ = misread

    changes = editing.find_replacements(old="徽治理", new="微治理", scope=Scope.PAGE, article=a)

    assert [(c.field, c.before, c.after) for c in changes] == [
        ("headline", "社区徽治理", "社区微治理"),
        ("text", "推进徽治理。", "推进微治理。"),
    ]
    a.refresh_from_db()
    assert a.headline == "社区徽治理"


def test_replace_in_an_issue_reaches_its_pages_only(misread):
    a, b, c = misread
    preview = editing.find_replacements(old="徽治理", new="微治理", scope=Scope.ISSUE, article=a)

    editing.apply_replacements(
        old="徽治理",
        new="微治理",
        scope=Scope.ISSUE,
        article=a,
        expected=editing.fingerprint(preview),
    )

    for row in (a, b, c):
        row.refresh_from_db()
    assert (a.headline, b.headline, c.headline) == ("社区微治理", "微治理再升级", "他期徽治理")
    assert texts(a) == ["推进微治理。", "无关段落。"]
    assert PhotoCaption.objects.get(article=b).text == "微治理现场。"


def test_replace_everywhere(misread):
    editing.apply_replacements(old="徽治理", new="微治理", scope=Scope.ALL)
    assert not Article.objects.filter(headline__contains="徽").exists()


def test_replace_refuses_when_the_texts_changed_since_the_preview(misread):
    a, _, _ = misread
    preview = editing.find_replacements(old="徽治理", new="微治理", scope=Scope.PAGE, article=a)
    Block.objects.create(article=a, position=5, text="又一处徽治理。")

    with pytest.raises(EditError, match="重新预览"):
        editing.apply_replacements(
            old="徽治理",
            new="微治理",
            scope=Scope.PAGE,
            article=a,
            expected=editing.fingerprint(preview),
        )
    a.refresh_from_db()
    assert a.headline == "社区徽治理"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [("", "微", "填写"), ("徽", "徽", "相同"), ("不存在", "x", "没有找到")],
)
def test_replace_bad_input(misread, old, new, message):
    with pytest.raises(EditError, match=message):
        editing.apply_replacements(old=old, new=new, scope=Scope.ARTICLE, article=misread[0])


# --- reporters and topics ---------------------------------------------------------------


def test_merge_reporters_moves_bylines_and_credits_and_drops_duplicates(page):
    story = build_article(page=page, bylines=[("宋爽", "reporter"), ("宋 爽", "reporter")])
    build_article(page=page, bylines=[("宋 爽", "correspondent")])
    build_article(page=page, captions=[("图说。", [("宋 爽", "photographer")])])
    keep, typo = Reporter.objects.get(name="宋爽"), Reporter.objects.get(name="宋 爽")

    moved = editing.merge_reporters(keep=keep, others=[typo])

    assert moved == 2
    assert not Reporter.objects.filter(name="宋 爽").exists()
    assert list(story.bylines.values_list("reporter__name", flat=True)) == ["宋爽"]
    assert Byline.objects.filter(reporter=keep).count() == 2
    assert PhotoCredit.objects.get().reporter == keep


def test_merge_a_reporter_with_itself_is_refused(page):
    keep = Reporter.objects.create(name="宋爽")
    with pytest.raises(EditError, match="两位"):
        editing.merge_reporters(keep=keep, others=[keep])
    assert Reporter.objects.filter(pk=keep.pk).exists()


def test_topics_accept_reject_and_add(halves):
    first, second = halves
    grid = Topic.objects.get_or_create(name="网格化管理", defaults={"slug": "grid-t"})[0]
    rural = Topic.objects.get_or_create(name="乡村振兴", defaults={"slug": "rural-t"})[0]
    suggested = ArticleTopic.objects.create(article=first, topic=grid, score=0.8)
    rejected = ArticleTopic.objects.create(article=first, topic=rural, score=0.3)

    editing.decide_topic(suggested, accept=True)
    editing.decide_topic(rejected, accept=False)
    assert editing.add_topic([first, second], grid) == 1  # already accepted on the first

    states = dict(ArticleTopic.objects.values_list("article_id", "state").filter(topic=grid))
    assert states == {first.pk: "accepted", second.pk: "added"}
    assert ArticleTopic.objects.get(topic=rural).state == "rejected"


def test_attach_an_unassigned_fragment(page):
    page.text = "头条\n（上接第一版）\n"
    page.unassigned = [{"text": "（上接第一版）", "span": [3, 10]}]
    page.save()
    article = build_article(page=page, body=["正文。"])

    editing.attach_fragment(article, index=0)

    page.refresh_from_db()
    assert texts(article) == ["正文。", "（上接第一版）"]
    assert page.unassigned == []
    assert [3, 10] in Article.objects.get(pk=article.pk).spans
    with pytest.raises(EditError, match="已不存在"):
        editing.attach_fragment(article, index=0)
