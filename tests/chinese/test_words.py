"""The tokenizers, stopwords and IDF tables, each one per process, shared by their users."""

from chinese import idf, stopwords, tokenizers
from seeds.parser import lexicon as parser_lexicon
from taxonomy import lexicon as taxonomy_lexicon


def test_jiebas_idf_table_is_read_once_for_the_parser_and_the_taxonomy():
    table = idf.jieba_idf()
    assert table is idf.jieba_idf() is taxonomy_lexicon.default_idf()
    _, values, default = parser_lexicon._jieba()
    assert values is table.values and default == table.default
    # An unseen word weighs the table's median: neither the rarest nor the commonest.
    assert min(table.values.values()) < table["从未见过的词语"] < max(table.values.values())


def test_the_parser_cuts_with_jiebas_own_dictionary_and_search_with_the_papers():
    assert parser_lexicon._jieba()[0] is tokenizers.jieba_tokenizer()
    assert "网格员" in tokenizers.paper_tokenizer().FREQ
    assert "网格员" not in tokenizers.jieba_tokenizer().FREQ
    assert "网格员" in tokenizers.tokenize("社区网格员上门服务")


def test_the_two_stopword_lists():
    news = stopwords.news_copy()
    assert {"记者", "近日", "开展"} <= news
    # The parser's list leaves 记者 and 近日 to its rules and adds words every piece of a
    # regional page shares.
    assert "记者" not in stopwords.PAGE_EVIDENCE
    assert {"今年", "发展", "建设"} <= stopwords.PAGE_EVIDENCE - news
