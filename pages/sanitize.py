from html import escape
from html.parser import HTMLParser

import nh3
from django.utils.safestring import mark_safe

# What the editor can produce, and nothing else: no script, style, event handler,
# inline style or javascript: URL survives, whatever was stored.
ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "cite",
    "hr",
    "sub",
    "sup",
    "img",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "data-page"},
    "img": {"src", "alt", "data-image"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

# The editor's (ProseMirror's) shape of the same markup, so that a page saved
# untouched from the editor is stored unchanged: blocks hold no loose text,
# list items and quotes hold paragraphs, no whitespace between blocks.
CONTAINERS = {None, "blockquote", "ul", "ol", "li"}
BLOCKS = {"p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "hr"}
VOID = {"br", "hr", "img"}
RENAMED = {"b": "strong", "i": "em"}


class _Canonical(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.stack, self.open_p = [], [None], False

    def _container(self):
        return self.stack[-1] in CONTAINERS and not self.open_p

    def _start_p(self):
        if self._container() and self.stack[-1] not in ("ul", "ol"):
            self.out.append("<p>")
            self.open_p = True
            self.stack.append("p*")

    def _end_p(self):
        if self.open_p:
            while self.stack[-1] != "p*":
                self.out.append(f"</{self.stack.pop()}>")
            self.stack.pop()
            self.out.append("</p>")
            self.open_p = False

    def handle_starttag(self, tag, attrs):
        tag = RENAMED.get(tag, tag)
        if tag in BLOCKS:
            self._end_p()
        elif tag != "img":
            self._start_p()
        text = "".join(
            f' {name}="{escape(value or "", quote=True)}"' for name, value in attrs
        )
        self.out.append(f"<{tag}{text}>")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        tag = RENAMED.get(tag, tag)
        if tag in VOID or tag not in self.stack:
            return
        if tag in BLOCKS:
            self._end_p()
        while self.stack[-1] != tag:
            closing = self.stack.pop()
            if closing == "p*":
                self.open_p = False
                closing = "p"
            self.out.append(f"</{closing}>")
        self.out.append(f"</{self.stack.pop()}>")

    def handle_data(self, data):
        if self._container():
            if not data.strip():
                return
            self._start_p()
        self.out.append(escape(data, quote=False).replace("\xa0", "&nbsp;"))

    def result(self):
        self._end_p()
        while len(self.stack) > 1:
            self.out.append(f"</{self.stack.pop()}>")
        return "".join(self.out)


def canonical_html(html):
    parser = _Canonical()
    parser.feed(html)
    parser.close()
    return parser.result()


def clean_html(html):
    return canonical_html(
        nh3.clean(
            html or "",
            tags=ALLOWED_TAGS,
            clean_content_tags={"script", "style"},
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=None,
            strip_comments=True,
        )
    )


def safe_html(html):
    return mark_safe(clean_html(html))
