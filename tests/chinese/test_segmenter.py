"""The compiled route cuts text into exactly jieba's words, with jieba's dictionary or the paper's.

jieba itself is the oracle: each text is cut by a plain ``jieba.Tokenizer`` loaded with the
same words, and the two lists must be equal. The tests cut inside ``compiled_routes()``
(the ``compiled_routes_on`` fixture) unless they say otherwise.
"""

from pathlib import Path

import jieba
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chinese import segmenter, tokenizers
from chinese.segmenter import Tokenizer, compiled_routes

PAGES = sorted((Path(__file__).resolve().parents[2] / "seeds" / "pages").glob("*.txt"))
LINES = [
    line for page in PAGES for line in page.read_text(encoding="utf-8").splitlines() if line.strip()
]

# What news copy and OCR throw at a segmenter besides plain sentences.
EDGE_TEXTS = [
    "",
    " ",
    "\n\t",
    "增长5%-10%，达到3.5亿元",
    "2024年1月12日9:30",
    "COVID-19疫苗Ａｂｃ１２３",
    "請先註冊帳號",  # traditional characters: the HMM has no emission for some of them
    "龘靐齉爩",  # rare characters, unknown to the dictionary and to the HMM
    "□本报记者 宋爽 通讯员 许文彬",
    "本报讯（记者 祁晓燕）",
    "土左旗悠乐城社区、幸福里社区联合开展志愿服务活动。",
    "中华人民共和国中央人民政府",
    "的的的的的的的的的的的的的的的的的的的",
    "a" * 300 + "网格员" * 50,
]

CHINESE = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
TEXTS = st.text(
    alphabet=st.one_of(
        CHINESE,
        st.sampled_from(list("网格员社区嘎查党群服务中心呼和浩特赛罕区本报记者讯摄")),
        st.sampled_from(list("，。、；：？！“”（）《》—…□■ \n0123456789abcXYZ.-%+#&_")),
    ),
    max_size=60,
)


@pytest.fixture(autouse=True)
def compiled_routes_on():
    with compiled_routes():
        yield


@pytest.fixture
def tries_built(monkeypatch):
    """One entry for each trie built while the test runs."""
    built = []
    trie = segmenter.PrefixDict

    def counted(freq, total):
        built.append(total)
        return trie(freq, total)

    monkeypatch.setattr(segmenter, "PrefixDict", counted)
    return built


@pytest.fixture(scope="module")
def plain():
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


@pytest.fixture(scope="module")
def compiled():
    tokenizer = Tokenizer()
    tokenizer.initialize()
    return tokenizer


@pytest.fixture(scope="module")
def plain_with_paper_words():
    """jieba's own tokenizer given the same user dictionaries as the project's."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizers.add_paper_words(tokenizer)
    return tokenizer


@pytest.mark.parametrize("hmm", [True, False], ids=["hmm", "no-hmm"])
def test_seed_pages_cut_into_jiebas_words(plain, compiled, hmm):
    for line in LINES:
        assert compiled.lcut(line, HMM=hmm) == plain.lcut(line, HMM=hmm), line


@pytest.mark.parametrize("text", EDGE_TEXTS)
def test_edge_texts_cut_into_jiebas_words(plain, compiled, text):
    assert compiled.lcut(text) == plain.lcut(text)
    assert compiled.lcut(text, HMM=False) == plain.lcut(text, HMM=False)
    assert compiled.lcut_for_search(text) == plain.lcut_for_search(text)


def test_the_papers_tokenizer_cuts_as_jieba_with_the_same_dictionaries(plain_with_paper_words):
    papers = tokenizers.paper_tokenizer()
    assert isinstance(papers, Tokenizer)
    for line in LINES + EDGE_TEXTS:
        assert list(papers.cut(line)) == list(plain_with_paper_words.cut(line)), line


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TEXTS)
def test_any_text_cuts_into_jiebas_words(plain, compiled, text):
    assert compiled.lcut(text) == plain.lcut(text)
    assert compiled.lcut(text, HMM=False) == plain.lcut(text, HMM=False)


def test_a_word_added_after_the_first_cut_is_kept_whole():
    tokenizer = Tokenizer()
    text = "悠乐城社区开展活动"
    assert "悠乐城" not in tokenizer.lcut(text, HMM=False)

    tokenizer.add_word("悠乐城", 1000, "ns")
    assert tokenizer.lcut(text, HMM=False)[0] == "悠乐城"

    tokenizer.del_word("悠乐城")
    assert "悠乐城" not in tokenizer.lcut(text, HMM=False)


def test_words_added_without_frequency_build_the_trie_once_after_the_last(tries_built):
    tokenizer = Tokenizer()
    tokenizer.initialize()
    tokenizer.lcut("社区", HMM=False)
    assert len(tries_built) == 1

    # Each word without a frequency is cut to suggest one; that must not rebuild the trie.
    for word in ("悠乐城", "幸福里", "网格员", "楼栋长", "党群服务中心"):
        tokenizer.add_word(word)
    assert len(tries_built) == 1
    assert tokenizer.lcut("幸福里社区的楼栋长", HMM=False)[:1] == ["幸福里"]
    assert len(tries_built) == 2


def test_a_new_dictionary_replaces_the_route(tmp_path):
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("网格员 10 n\n社区楼 10 n\n", encoding="utf-8")
    tokenizer = Tokenizer()
    tokenizer.initialize()
    assert tokenizer.lcut("网格员社区楼", HMM=False) != ["网格员", "社区楼"]

    tokenizer.tmp_dir = str(tmp_path)
    tokenizer.set_dictionary(str(dictionary))
    assert tokenizer.lcut("网格员社区楼", HMM=False) == ["网格员", "社区楼"]


def test_full_mode_is_refused_rather_than_cut_wrongly(compiled):
    with pytest.raises(NotImplementedError):
        compiled.lcut("网格员社区", cut_all=True)


def test_outside_compiled_routes_jiebas_own_route_serves_and_no_trie_is_built(
    tries_built, plain, monkeypatch
):
    monkeypatch.setattr(segmenter, "_compiled_routes", False)  # as outside the fixture's block
    tokenizer = Tokenizer()
    tokenizer.initialize()
    for line in LINES[:50]:
        assert tokenizer.lcut(line) == plain.lcut(line)
    assert tries_built == []

    with compiled_routes():
        assert tokenizer.lcut(LINES[0]) == plain.lcut(LINES[0])
    assert len(tries_built) == 1

    # The block has ended: jieba's route again, with the trie kept for the next block.
    assert tokenizer.lcut(LINES[1]) == plain.lcut(LINES[1])
    assert len(tries_built) == 1


def test_no_character_starts_more_words_than_the_trie_keeps():
    # jieba-next's trie keeps at most 12 words starting at one character; jieba keeps all.
    # Past 12, some routes would differ. With jieba's dictionary and the paper's the most
    # words along one prefix chain is far below that.
    frequencies = tokenizers.paper_tokenizer().FREQ
    most = max(
        sum(1 for end in range(1, len(word) + 1) if frequencies.get(word[:end]))
        for word, frequency in frequencies.items()
        if frequency
    )
    assert most <= 12
