"""Reading names and roles from bylines, credits, leads, briefs and source notes."""

import pytest

from seeds.parser import credits
from seeds.parser.records import Role

R, C, T, P, A, K = (
    Role.REPORTER,
    Role.CORRESPONDENT,
    Role.TRAINEE,
    Role.PHOTOGRAPHER,
    Role.AUTHOR,
    Role.CONTRIBUTOR,
)


def pairs(found):
    return None if found is None else [(c.name, c.role) for c in found]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("□本报记者 宋爽 通讯员 许文彬", [("宋爽", R), ("许文彬", C)]),
        ("●本报实习记者 刘艳霞", [("刘艳霞", T)]),
        ("■本报见习记者 高辉", [("高辉", T)]),
        ("□本报记者 宋爽 实习生 刘蔚", [("宋爽", R), ("刘蔚", T)]),
        ("本报记者 张三、李四", [("张三", R), ("李四", R)]),
        ("记者梁婧婧 通讯员潘磊", [("梁婧婧", R), ("潘磊", C)]),
        ("●孟祥夫", [("孟祥夫", A)]),
        ("◇阿拉坦·其其格", [("阿拉坦·其其格", A)]),
    ],
)
def test_bylines(line, expected):
    assert pairs(credits.parse_byline(line)) == expected


@pytest.mark.parametrize(
    "line",
    [
        "社区工作者有编制、有待遇、",  # 作者 inside 工作者 is not a role word
        "赛马场北路社区",
        "小事小节见党性",
        "本报记者 阿柔娜 摄",  # a photo credit, not a byline
        "记者了解到，今年以来该旗持续推进",
        "",
    ],
)
def test_not_bylines(line):
    assert credits.parse_byline(line) is None


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("王玮 摄", ["王玮"]),
        ("■本报记者 阿柔娜 摄", ["阿柔娜"]),
        ("见习记者 高辉 通讯员 刘党 摄", ["高辉", "刘党"]),
        ("□本报记者 宋爽 通讯员 朱涛 摄", ["宋爽", "朱涛"]),
    ],
)
def test_photo_credits_name_photographers(line, names):
    found = credits.parse_photo_credit(line)
    assert [c.name for c in found] == names
    assert {c.role for c in found} == {P}


def test_photo_credit_needs_names():
    assert credits.parse_photo_credit("摄") is None
    assert credits.parse_photo_credit("群众在现场拍摄") is None


@pytest.mark.parametrize(
    ("text", "names", "rest"),
    [
        (
            "本报讯（记者 祁晓燕 通讯员 赵东霞）回民区环河街道",
            [("祁晓燕", R), ("赵东霞", C)],
            "回民区环河街道",
        ),
        ("本报讯(记者刘沙沙)近年来，新城区", [("刘沙沙", R)], "近年来，新城区"),
        ("本报呼和浩特讯（记者 阿柔娜）去年以来", [("阿柔娜", R)], "去年以来"),
        ("本报讯 近日，某社区", [], "近日，某社区"),
    ],
)
def test_leads(text, names, rest):
    lead = credits.parse_lead(text)
    assert pairs(lead.credits) == names
    assert text[lead.text_start :] == rest


def test_lead_with_unclosed_bracket_is_not_a_lead():
    assert credits.parse_lead("本报讯（记者 祁晓燕 通讯员 赵") is None


def test_plain_paragraph_is_not_a_lead():
    assert credits.parse_lead("通讯员队伍不断壮大，今年以来") is None


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("（据《人民日报》）", "人民日报"),
        ("(来源：共产党员网)", "共产党员网"),
        ("（来源:新华社）", "新华社"),
    ],
)
def test_source_lines(line, source):
    assert credits.source_line(line) == source


def test_trailing_source_and_where_it_starts():
    text = "——2023年5月17日,习近平在听取工作汇报时发表重要讲话(来源:共产党员网)"
    source, start = credits.trailing_source(text)
    assert source == "共产党员网"
    assert text[start:] == "(来源:共产党员网)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("赛出乡村振兴新气象。(本报记者 宋爽)", [("宋爽", R)]),
        ("带富一方百姓。(青哈斯)", [("青哈斯", K)]),
        ("有编制、有待遇、有保障。（王龙）", [("王龙", K)]),
    ],
)
def test_brief_signatures(text, expected):
    names, _ = credits.trailing_names(text)
    assert pairs(names) == expected


def test_brief_without_signature():
    assert credits.trailing_names("各族群众共同参与（见图）。") is None


def test_inline_credit_after_caption():
    text = "图为车队志愿者搀扶老人上车。王玮 摄"
    names, start = credits.inline_credit(text)
    assert pairs(names) == [("王玮", P)]
    assert text[:start] == "图为车队志愿者搀扶老人上车。"


def test_slash_bylines_name_writer_and_photographer():
    assert pairs(credits.parse_byline("文/本报记者 张三 图/李四")) == [("张三", R), ("李四", P)]


def test_photo_report_credit():
    assert pairs(credits.parse_photo_credit("本报记者 张三 摄影报道")) == [("张三", P)]


def test_wire_lead_with_date():
    lead = credits.parse_lead("新华社北京1月5日电（记者 王五）今天")
    assert pairs(lead.credits) == [("王五", R)]


# Habits of other papers' pages: names set in three cells, outlets before role words,
# agencies after credits, illustrations and supplied pictures, dateline leads.
@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("□本报记者  张  洋  何昭宇", [("张洋", R), ("何昭宇", R)]),
        ("●邹  翔", [("邹翔", A)]),
        ("□人民网记者 王小明", [("王小明", R)]),
        ("南方日报记者 李明 通讯员 陈红", [("李明", R), ("陈红", C)]),
        ("记者 李明", [("李明", R)]),
        # Column labels that open with a role word.
        ("记者手记", None),
        ("记者观察", None),
    ],
)
def test_bylines_of_other_habits(line, expected):
    assert pairs(credits.parse_byline(line)) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("范晖 摄（人民视觉）", [("范晖", P)]),
        ("季春鹏摄（新华社发）", [("季春鹏", P)]),
        ("新华社记者  季春鹏摄", [("季春鹏", P)]),
        ("以上图片均为本报记者刘洪超摄", [("刘洪超", P)]),
        ("杨  迅  郭远程摄影报道", [("杨迅", P), ("郭远程", P)]),
        ("洪  琥绘", [("洪琥", K)]),
        ("洪琥 绘（人民视觉）", [("洪琥", K)]),
        ("尚志市委宣传部供图", [("尚志市委宣传部", K)]),
        # Sentences that end in the same verbs are not credits.
        ("他用画笔精心描绘", None),
        ("社区给我们这些老年人供图", None),
        ("群众在现场拍摄", None),
    ],
)
def test_picture_credits_of_other_habits(line, expected):
    assert pairs(credits.parse_photo_credit(line)) == expected


def test_dateline_lead_carries_the_byline():
    text = "本报北京7月1日电  （记者张璁）记者从最高人民法院获悉"
    lead = credits.parse_lead(text)
    assert pairs(lead.credits) == [("张璁", R)]
    assert text[lead.text_start :] == "记者从最高人民法院获悉"
    lead = credits.parse_lead("本报呼和浩特3月5日讯（记者 李娜 通讯员 王强）近日")
    assert pairs(lead.credits) == [("李娜", R), ("王强", C)]
