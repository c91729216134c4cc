"""Heuristics as data: the marks, words and thresholds the parser decides by.

Each rule says which page showed the need for it; they follow from how Chinese
newspapers are typeset and how OCR fails, not from one file.
"""

# decode: a text page has almost no control characters; binary files have many.
MAX_CONTROL_CHAR_RATIO = 0.01
