"""An article's body blocks as HTML or as plain text, for the JSON and ninjs outputs."""

from django.utils.html import escape

from articles.models import Block

# A subhead (小标题) is a heading inside the story; the headline itself is the page's <h1>.
BLOCK_TAGS = {Block.Type.PARAGRAPH: "p", Block.Type.SUBHEAD: "h2"}


def body_html(blocks):
    """``<p>…</p>`` per paragraph and ``<h2>…</h2>`` per subhead, text escaped."""
    parts = []
    for block in blocks:
        tag = BLOCK_TAGS.get(block.type, "p")
        parts.append(f"<{tag}>{escape(block.text)}</{tag}>")
    return "\n".join(parts)


def body_text(blocks):
    """The blocks' text, one blank line between blocks."""
    return "\n\n".join(block.text for block in blocks)
