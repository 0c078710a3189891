"""A flatpage's HTML as the Editor.js document Saleor serves in ``Page.content``.

Staff write pages once, in HTML, for the Django shop; Saleor clients render Editor.js blocks. Headings
``<h1>``–``<h6>`` become header blocks, ``<ul>``/``<ol>`` list blocks (items as strings, which
editorjs-html renders), ``<p>`` and bare text paragraphs (bare text split at blank lines and its
single line breaks kept, as a plain-text page is written). Inside a block only inline markup Editor.js keeps survives (bold,
italic, links with a web or mail address, line breaks); everything else is dropped, text escaped.
"""
import html
from html.parser import HTMLParser

from marketplace.graphql.core.content import EDITORJS_VERSION, _PARAGRAPHS

HEADINGS = {f"h{level}": level for level in range(1, 7)}
INLINE = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "mark": "mark", "code": "code", "a": "a"}
SAFE_LINKS = ("http://", "https://", "mailto:", "tel:", "/")
HIDDEN = {"script", "style", "template", "noscript"}  # their text is not content


class _Blocks(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.text, self.open_inline = [], [], []
        self.heading = None  # the level of the heading being read
        self.items = None  # the items of the list being read
        self.style = "unordered"
        self.hidden = 0  # depth inside elements whose text is not shown
        self.in_paragraph = False  # inside <p>: line breaks in the source are spaces, as a browser shows them

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        if tag in HEADINGS or tag in ("p", "ul", "ol", "div", "section", "article", "blockquote"):
            self._end_block()
        if tag in HEADINGS:
            self.heading = HEADINGS[tag]
        elif tag == "p":
            self.in_paragraph = True
        elif tag in ("ul", "ol"):
            self.items, self.style = [], "ordered" if tag == "ol" else "unordered"
        elif tag == "li":
            self._end_item()
        elif tag == "br":
            self.text.append("<br>")
        elif tag in INLINE:
            self._open_inline(tag, dict(attrs))

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.open_inline:
            self.text.append(f"</{INLINE[tag]}>")
            self.open_inline.remove(tag)
        elif tag == "li":
            self._end_item()
        elif tag in ("ul", "ol"):
            self._end_item()
            if self.items:
                self.blocks.append({"type": "list", "data": {"style": self.style, "items": self.items}})
            self.items = None
        elif tag in HEADINGS or tag in ("p", "div", "section", "article", "blockquote"):
            self._end_block()

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(html.escape(data, quote=False))

    def _open_inline(self, tag, attrs):
        if tag == "a":
            href = (attrs.get("href") or "").strip()
            if not href.lower().startswith(SAFE_LINKS):
                return  # a link without a safe address keeps its text only
            self.text.append(f'<a href="{html.escape(href)}">')
        else:
            self.text.append(f"<{INLINE[tag]}>")
        self.open_inline.append(tag)

    def _take_text(self) -> str:
        self.text += [f"</{INLINE[tag]}>" for tag in reversed(self.open_inline)]
        self.open_inline = []
        taken, self.text = "".join(self.text), []
        return taken

    def _end_item(self):
        text = " ".join(self._take_text().split())
        if self.items is not None and text:
            self.items.append(text)

    def _end_block(self):
        if self.items is not None:
            self._end_item()
            return
        text = self._take_text()
        if self.heading is not None:
            if text.strip():
                self.blocks.append({"type": "header", "data": {"text": " ".join(text.split()), "level": self.heading}})
            self.heading = None
            return
        if self.in_paragraph:
            self.in_paragraph = False
            text = " ".join(text.split())
        for paragraph in _PARAGRAPHS.split(text):
            paragraph = paragraph.strip()
            if paragraph:
                self.blocks.append({"type": "paragraph", "data": {"text": paragraph.replace("\n", "<br>")}})


def editorjs_from_html(markup, updated=None):
    """The Editor.js document of ``markup`` (None when it holds no text)."""
    parser = _Blocks()
    parser.feed(markup or "")
    parser.close()
    parser._end_block()
    if not parser.blocks:
        return None
    for number, block in enumerate(parser.blocks, start=1):
        block["id"] = f"b{number}"
    return {"time": int(updated.timestamp() * 1000) if updated else 0, "blocks": parser.blocks,
            "version": EDITORJS_VERSION}
