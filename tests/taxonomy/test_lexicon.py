"""Segmentation and keywords: the paper's terms and place names stay whole."""

import ast
from pathlib import Path

import pytest

from chinese import tokenizers
from taxonomy import lexicon
from taxonomy.models import Topic

LEXICON_SOURCE = Path(lexicon.__file__).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "text, word",
    [
        ("社区网格员小金接到单元长刘阿姨的反馈", "网格员"),
        ("社区网格员小金接到单元长刘阿姨的反馈", "单元长"),
        ("由党支部、网格员与楼栋长构建的铁三角", "楼栋长"),
        ("现在嘎查红白喜事规模大大缩减", "嘎查"),
        ("辐射7个苏木镇、31个嘎查村", "嘎查村"),
        ("依托区、街道两级党群服务中心设立实训基地", "党群服务中心"),
        ("这是赛罕区党建引领城市基层治理工作成效的一个缩影", "赛罕区"),
        ("在通辽社会工作公众号内嵌入电子地图", "通辽"),
        ("通辽市科左后旗茂道吐苏木高井嘎查", "科左后旗"),
        ("曾使土左旗悠乐城社区内74栋楼3616户居民饱受困扰", "土左旗"),
        ("家住锡林郭勒盟乌拉盖管理区巴彦胡硕镇阳光小区", "乌拉盖管理区"),
    ],
)
def test_terms_and_places_stay_whole(text, word):
    assert word in lexicon.tokenize(text)


def test_tokenize_drops_whitespace_and_handles_nothing():
    assert lexicon.tokenize("") == []
    assert lexicon.tokenize("  \n ") == []
    assert "" not in lexicon.tokenize("服 务 邻 里 帮")


def test_the_tokenizer_is_loaded_once_per_process():
    assert tokenizers.paper_tokenizer() is tokenizers.paper_tokenizer()


def test_lexicon_imports_neither_django_nor_the_slow_jieba_modules():
    imported = set()
    for node in ast.walk(ast.parse(LEXICON_SOURCE)):
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert not {name for name in imported if name.startswith("django")}
    assert not imported & {"jieba.posseg", "jieba.analyse"}


def test_keywords_of_a_grid_story():
    text = (
        "社区网格员联合楼栋长进行结对帮扶，网格员每日巡查，楼栋长及时反映问题。"
        "网格员和楼栋长紧盯安全隐患。"
    )
    assert set(lexicon.keywords(text, 2)) == {"网格员", "楼栋长"}
    weights = lexicon.weigh_words(text)
    assert "安全隐患" in weights
    assert "进行" not in weights and "问题" not in weights  # stopwords


def test_keywords_skip_stopwords_punctuation_and_latin():
    top = lexicon.keywords("近日，记者通过 Wi-Fi 开展工作……2024年", 10)
    assert top == ["2024年"] or top == []
    assert lexicon.keywords("", 5) == []


def test_archive_idf_prefers_words_rare_in_the_archive():
    idf = lexicon.Idf.from_document_frequencies({"社区": 9, "嘎查": 1}, 10)
    assert idf["嘎查"] > idf["社区"]
    assert idf["从未见过"] > idf["嘎查"]
    text = "社区社区嘎查"
    assert lexicon.keywords(text, 1, idf=idf) == ["嘎查"]


@pytest.mark.django_db
def test_every_starting_signal_word_is_one_token():
    split = [
        word
        for topic in Topic.objects.all()
        for word in topic.signal_words
        if lexicon.tokenize(word) != [word]
    ]
    assert split == []
