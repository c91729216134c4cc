"""Tools for Chinese text, at the bottom of the project: no Django, no project app.

- :mod:`chinese.han`: what a Han character is (one class for the whole project);
- :mod:`chinese.segmenter`: jieba's tokenizer with its route computed by compiled code;
- :mod:`chinese.tokenizers`: the two tokenizers the project cuts with, jieba's own
  dictionary (the parser's evidence) and the paper's (search and the taxonomy);
- :mod:`chinese.stopwords`: the words too common to weigh;
- :mod:`chinese.idf`: inverse document frequencies, jieba's table or the archive's.

The parser, search and the taxonomy import from here; nothing here imports them
(docs/architecture.md, tests/test_architecture.py).
"""
