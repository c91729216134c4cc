"""Assembly on small pages written for these tests, typeset the ways these papers are.

Each page is short and plain so that what it should yield can be read off it.
"""

import pytest

from seeds.parser.pipeline import parse_text
from seeds.parser.records import ItemKind, Role


def parse(text):
    return parse_text(text, source="test.txt")


def titles(extraction):
    return [(i.overline, i.headline, i.subtitle) for i in extraction.items]


HEADLINE_FIRST = """\
党建前沿

乌兰察布：

“红色驿站”温暖新就业群体

——记集宁区新业态党建工作

□本报记者 张三 通讯员 李四

今年以来，集宁区在商圈、园区建成“红色驿站”32处，为外卖骑手、快递员提供歇脚、充电、饮水等服务。

“以前送餐间隙没地方休息，现在驿站里有热水有充电宝。”外卖骑手王师傅说。

下一步，集宁区将继续完善驿站布局，让新就业群体感受到城市温度。

◆近日，察右前旗组织开展党员志愿服务活动，为群众提供义诊、理发等服务。(本报记者 张三)

◆今年以来，丰镇市持续推进基层减负，精简会议文件三成以上。(赵五)
"""


def test_headline_first_page_with_overline_subtitle_byline_and_briefs():
    page = parse(HEADLINE_FIRST)
    article, first_brief, second_brief = page.items
    assert article.kind is ItemKind.ARTICLE
    assert article.column == "党建前沿"
    assert (article.overline, article.headline, article.subtitle) == (
        "乌兰察布：",
        "“红色驿站”温暖新就业群体",
        "——记集宁区新业态党建工作",
    )
    assert [(c.name, c.role) for c in article.bylines] == [
        ("张三", Role.REPORTER),
        ("李四", Role.CORRESPONDENT),
    ]
    assert len(article.body) == 3
    assert article.body[-1].text.endswith("感受到城市温度。")
    assert first_brief.kind is second_brief.kind is ItemKind.BRIEF
    assert [(c.name, c.role) for c in first_brief.bylines] == [("张三", Role.REPORTER)]
    assert [(c.name, c.role) for c in second_brief.bylines] == [("赵五", Role.CONTRIBUTOR)]
    assert first_brief.body[0].text.endswith("理发等服务。")
    assert not page.unassigned


HEADLINES_AFTER_BODIES = """\
本报讯（记者 王小明）今年以来，和林格尔县
盛乐镇围绕种植业发展，组织农技人员深入田
间地头，为农户讲解玉米密植、节水灌溉等技
术，全镇玉米单产明显提高。

农技人员还建立了微信服务群，农户遇到病
虫害问题可以随时拍照求助。

盛乐镇农技服务进田间

本报讯（记者 刘芳）清水河县老牛湾镇依托
黄河风光发展乡村旅游，今年接待游客人数
同比增长两成，农家乐经营户收入稳步增加。

老牛湾镇还举办了黄河文化旅游节，吸引周
边游客前来观光。

老牛湾镇乡村旅游旺起来
"""


def test_headlines_printed_after_their_articles_go_back_to_them():
    page = parse(HEADLINES_AFTER_BODIES)
    assert [i.headline for i in page.items] == ["盛乐镇农技服务进田间", "老牛湾镇乡村旅游旺起来"]
    first, second = page.items
    assert first.body[0].text.startswith("今年以来，和林格尔县盛乐镇围绕种植业发展")
    assert "组织农技人员深入田间地头" in first.body[0].text
    assert first.body[-1].text.endswith("随时拍照求助。")
    assert second.body[-1].text.endswith("前来观光。")
    assert "missing_headline" not in first.flags + second.flags


PHOTO_AND_STACKED_KICKERS = """\
学思践悟

党建前沿

护林员的巡山路

□本报记者 陈明

清晨六点，护林员老赵背上水壶出发，沿着熟悉的山路开始一天的巡护。

二十年来，他走坏了三十多双鞋，守护的林区没有发生一起火情。



林区新绿

近日，大青山林区的护林员正在巡查补植的樟子松幼苗。

张丽 摄
"""


def test_stacked_kickers_label_nothing_and_photo_takes_title_caption_credit():
    page = parse(PHOTO_AND_STACKED_KICKERS)
    article, photo = page.items
    assert article.column is None
    assert "uncertain_column" in article.flags
    assert [f.text for f in page.unassigned] == ["学思践悟", "党建前沿"]
    assert photo.kind is ItemKind.PHOTO
    assert photo.headline == "林区新绿"
    assert photo.body == ()
    (caption,) = photo.captions
    assert caption.text == "近日，大青山林区的护林员正在巡查补植的樟子松幼苗。"
    assert [(c.name, c.role) for c in caption.credits] == [("张丽", Role.PHOTOGRAPHER)]


COLUMN_BREAK_AND_SUBHEADS = """\
“小院议事”解民忧

□本报记者 孙强

近年来，土右旗萨拉齐镇在各村推行“小院议事”，把群众的烦心事搬到

院子里商量解决。

搭平台 议事有场所

各村利用党员中心户的院落，设立议事点58个，每月固定召开议事会。

建机制 办事有回音

议事会收集的问题由村党支部逐条登记，限时办结并公开结果。
"""


def test_column_break_is_joined_and_subheads_stay_subheads():
    page = parse(COLUMN_BREAK_AND_SUBHEADS)
    (article,) = page.items
    assert article.headline == "“小院议事”解民忧"
    texts = [(b.type.value, b.text) for b in article.body]
    assert texts[0] == (
        "paragraph",
        "近年来，土右旗萨拉齐镇在各村推行“小院议事”，把群众的烦心事搬到院子里商量解决。",
    )
    assert [t for kind, t in texts if kind == "subhead"] == [
        "搭平台 议事有场所",
        "建机制 办事有回音",
    ]
    assert texts[-1][1].startswith("议事会收集的问题")


def test_an_article_starting_mid_sentence_and_one_ending_mid_sentence_are_flagged():
    page = parse(
        "第一篇的标题\n\n□本报记者 甲乙\n\n化建设不断推进，群众满意度持续提高。\n\n"
        "第二篇的标题\n\n□本报记者 丙丁\n\n今年以来，该镇持续推进人居环境整治，全面\n"
    )
    first, second = page.items
    assert "starts_mid_sentence" in first.flags
    assert "continues_elsewhere" in second.flags


def test_commentary_signed_with_a_glyph_and_a_source_note():
    page = parse(
        "守住小节\n\n●王一民\n\n小事小节是一面镜子，照出党员干部的作风。\n\n"
        "党员干部要从小事做起，从小节抓起。\n\n（据《光明日报》）\n"
    )
    (commentary,) = page.items
    assert commentary.kind is ItemKind.COMMENTARY
    assert (commentary.column, commentary.headline) == (None, "守住小节")
    assert [(c.name, c.role) for c in commentary.bylines] == [("王一民", Role.AUTHOR)]
    assert commentary.source == "光明日报"
    assert all("光明日报" not in b.text for b in commentary.body)


def test_an_unmarked_four_character_kicker_labels_the_item_below():
    page = parse(
        "支部风采\n\n老党员的“红色课堂”\n\n□本报记者 赵明\n\n"
        "每周三下午，退休党员李大爷都会在社区活动室给孩子们讲党史故事。\n"
    )
    (article,) = page.items
    assert article.column == "支部风采"
    assert (article.overline, article.headline) == (None, "老党员的“红色课堂”")


def test_a_place_line_above_a_headline_stays_an_overline():
    page = parse(
        "达拉特旗\n\n“点单式”服务暖民心\n\n□本报记者 赵明\n\n"
        "今年以来，达拉特旗推行“群众点单、党员接单”服务模式，累计办结民生实事300余件。\n"
    )
    (article,) = page.items
    assert article.column is None
    assert (article.overline, article.headline) == ("达拉特旗", "“点单式”服务暖民心")


def test_a_page_is_parsed_afresh_whatever_came_before():
    """The words of earlier pages are forgotten: the same result, and one page's memory."""
    from seeds.parser import lexicon

    first = parse(HEADLINE_FIRST)
    parse("另一版面\n\n这是另外一篇稿件的正文，讲的是完全不同的事情。\n")
    assert parse(HEADLINE_FIRST) == first
    parse("另一版面\n\n这是另外一篇稿件的正文，讲的是完全不同的事情。\n")
    remembered = lexicon.words.cache_info().currsize
    assert 0 < remembered <= 3


def test_photo_inside_an_article_stays_with_it():
    """A caption and its credit under the byline, then the text: one article with a photo."""
    page = "\n\n".join(
        [
            "城市绿道装点美好生活",
            "□本报记者 施钰",
            "图为福州市鼓楼区福山郊野公园内蜿蜒的绿道。",
            "谢贵明摄（影像中国）",
            "依托山区、海湾、江河、生态廊道等，福州市建成绿道一千余公里。",
            "市民在绿道上健身、休闲，生活更美好。",
        ]
    )
    extraction = parse_text(page, source="t")
    assert [i.kind for i in extraction.items] == ["article"]
    item = extraction.items[0]
    assert item.headline == "城市绿道装点美好生活"
    assert [(c.name, str(c.role)) for c in item.bylines] == [("施钰", "reporter")]
    assert [c.text for c in item.captions] == ["图为福州市鼓楼区福山郊野公园内蜿蜒的绿道。"]
    assert [(c.name, str(c.role)) for c in item.captions[0].credits] == [("谢贵明", "photographer")]
    assert "".join(b.text for b in item.body).startswith("依托山区")


def test_signature_line_closes_its_item():
    """（郭  帅） under a text signs it; the next title starts the next item."""
    page = "\n\n".join(
        [
            "如此犒劳，要不得",
            "前不久，某县纪委监委查处了一起违规吃喝问题。",
            "（郭  帅）",
            "私占会费，吐出来",
            "近日，某市纪委监委通报一起侵占会费问题。",
        ]
    )
    items = parse_text(page, source="t").items
    assert [i.headline for i in items] == ["如此犒劳，要不得", "私占会费，吐出来"]
    assert [(c.name, str(c.role)) for c in items[0].bylines] == [("郭帅", "contributor")]
    assert not items[1].bylines


def test_author_note_closes_its_text_and_box_labels_are_not_titles():
    """（作者为…） ends the text above it; 【执纪者说】 opens a part of the same text."""
    page = "\n\n".join(
        [
            "坚决筑牢安全基石",
            "●梁言顺",
            "我们要坚持总体国家安全观，统筹发展和安全。",
            "【执纪者说】",
            "此案警示我们，纪律规矩不能松。",
            "（作者为中共某省委书记）",
            "崇尚英雄志  振兴正当时",
            "□本报记者 祝大伟",
            "尚志市是一座以英雄名字命名的城市。",
        ]
    )
    items = parse_text(page, source="t").items
    assert [i.headline for i in items] == ["坚决筑牢安全基石", "崇尚英雄志 振兴正当时"]
    body = "".join(b.text for b in items[0].body)
    assert "【执纪者说】" in body and body.endswith("（作者为中共某省委书记）")
    assert items[1].overline is None


def test_signature_run_in_after_the_last_sentence():
    page = "\n\n".join(
        [
            "如此犒劳，要不得",
            "前不久，某县纪委监委查处了一起违规吃喝问题。涉事干部丢了“饭碗”。（郭  帅）",
            "私占会费，吐出来",
            "近日，某市纪委监委通报一起侵占会费问题。",
        ]
    )
    items = parse_text(page, source="t").items
    assert [(c.name, str(c.role)) for c in items[0].bylines] == [("郭帅", "contributor")]
    assert "".join(b.text for b in items[0].body).endswith("丢了“饭碗”。")


def test_pull_quote_under_the_byline_is_text():
    page = "\n\n".join(
        [
            "评论员观察",
            "以好作风凝聚正能量",
            "●李斌",
            "狠刹“四风”成为巩固党心民心的重要途径，重塑了党在人民心中的形象",
            "党的纪律是“安全防护栏”，党员干部自觉修枝剪叶、正心明德。",
        ]
    )
    (item,) = parse_text(page, source="t").items
    assert (item.column, item.overline, item.headline) == ("评论员观察", None, "以好作风凝聚正能量")
    assert item.body[0].text.startswith("狠刹“四风”")


def test_a_long_column_label_over_an_overline_is_the_column():
    page = "\n\n".join(
        [
            "党旗在基层一线高高飘扬",
            "云南省怒江傈僳族自治州以党建引领建设“家门口的务工车间”——",
            "小棒球拓宽就业路",
            "□本报记者 张驰",
            "在怒江州泸水市的一个易地搬迁安置点，棒球车间里机器声声。",
        ]
    )
    (item,) = parse_text(page, source="t").items
    assert item.column == "党旗在基层一线高高飘扬"
    assert item.overline == "云南省怒江傈僳族自治州以党建引领建设“家门口的务工车间”——"
    assert item.headline == "小棒球拓宽就业路"


@pytest.mark.parametrize(
    ("first", "second", "parts"),
    [
        # The commoner case: an overline over its headline.
        ("最高法持续深化司法公开", "去年裁判文书上网数量同比增长超九成", "overline"),
        ("四川眉山东坡区永丰村持续推动人居环境整治", "家门口更美  幸福感更足", "overline"),
        # A headline asks its question, or is set as two phrases; a subtitle has figures.
        ("如何安全回收一部旧手机？", "中国资环创新完成手机安全回收利用第一单", "subtitle"),
        ("用地用林  一次办好", "做好自然资源要素保障工作", "subtitle"),
        ("公安交管改革服务群众出行", "已为1亿多名车主核发电子行驶证", "subtitle"),
    ],
)
def test_two_plain_title_lines(first, second, parts):
    page = "\n\n".join(
        [first, second, "□本报记者 魏哲哲", "记者从有关部门获悉，这项工作进展顺利。"]
    )
    (item,) = parse_text(page, source="t").items
    if parts == "overline":
        assert (item.overline, item.headline, item.subtitle) == (
            first,
            " ".join(second.split()),
            None,
        )
    else:
        assert (item.overline, item.headline, item.subtitle) == (
            None,
            " ".join(first.split()),
            second,
        )


def test_pictures_under_a_title_group_head_the_lead_that_follows_them():
    page = "\n\n".join(
        [
            "年节严把“廉洁关”",
            "广西灵川县干部帮农民群众运送农产品。\n刘教清 摄",
            "浙江淳安县纪委监委开展流动接访。\n谢航凯 摄",
            "本报讯（记者 张洋 何昭宇）近日，中纪委印发通知，要求做好元旦春节期间正风肃纪工作。",
        ]
    )
    (item,) = parse_text(page, source="t").items
    assert (str(item.kind), item.headline) == ("article", "年节严把“廉洁关”")
    assert [c.text for c in item.captions] == [
        "广西灵川县干部帮农民群众运送农产品。",
        "浙江淳安县纪委监委开展流动接访。",
    ]
    assert [c.name for c in item.bylines] == ["张洋", "何昭宇"]


def test_a_dash_subtitle_over_the_byline_belongs_to_the_headline():
    page = "\n\n".join(
        [
            "评论员观察",
            "稳企业，全力以赴纾困解难",
            "——以高质量发展的确定性应对外部环境急剧变化的不确定性②",
            "●邹翔",
            "企业稳，就业稳、经济稳。当前外部环境复杂多变，不少企业面临新的困难。",
        ]
    )
    (item,) = parse_text(page, source="t").items
    assert (item.column, item.headline) == ("评论员观察", "稳企业，全力以赴纾困解难")
    assert item.subtitle == "——以高质量发展的确定性应对外部环境急剧变化的不确定性②"
    assert str(item.kind) == "commentary"
