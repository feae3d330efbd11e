import difflib
import itertools
from html.parser import HTMLParser

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from .models import Page

# What an editor writes and a revision keeps (not the fingerprint of the English).
DIFFED = [name for name in Page.CONTENT_FIELDS if Page._meta.get_field(name).editable]
TEXT_FIELDS = {"body", "body_es"}
BLOCK_KINDS = {
    "h2": "Heading",
    "h3": "Subheading",
    "h4": "Small heading",
    "li": "List item",
    "blockquote": "Quote",
}
LINE_ENDS = {"p", "h2", "h3", "h4", "li", "blockquote", "br", "hr", "img"}
MARKS = {"strong", "b", "em", "i", "u", "s", "sub", "sup", "cite", "a"}
SAME_AS = {"b": "strong", "i": "em"}


class _Lines(HTMLParser):
    """Text as a reader sees it, one block a line; each word keeps its formatting
    (bold, link and where to, quote attribution…), so "Show changes" shows it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.words, self.blocks, self.marks = [], [], [], {}

    def _end_line(self):
        if self.words:
            kind = next((b for b in reversed(self.blocks) if b in BLOCK_KINDS), "")
            self.lines.append((kind, tuple(self.words)))
        self.words = []

    def handle_starttag(self, tag, attrs):
        tag = SAME_AS.get(tag, tag)
        attrs = dict(attrs)
        if tag in LINE_ENDS:
            self._end_line()
        if tag == "img":
            self.lines.append(("image", ((attrs.get("alt") or "(decorative)", ()),)))
        elif tag in MARKS:
            if tag == "cite":
                # The site puts a dash before a credit; here it is a word, so a
                # credit shows it once however its words are split up.
                self.handle_data("—")
            self.marks[tag] = attrs.get("href") if tag == "a" else tag
        elif tag in BLOCK_KINDS or tag in ("p", "ul", "ol"):
            self.blocks.append(tag)

    def handle_endtag(self, tag):
        tag = SAME_AS.get(tag, tag)
        if tag in MARKS:
            self.marks.pop(tag, None)
        elif tag in LINE_ENDS or tag in ("ul", "ol"):
            self._end_line()
            if tag in self.blocks:
                self.blocks.remove(tag)

    def handle_data(self, data):
        marks = tuple(sorted(self.marks.items()))
        self.words += [(word, marks) for word in data.split()]


def text_lines(value):
    parser = _Lines()
    parser.feed(str(value or ""))
    parser.close()
    parser._end_line()
    return parser.lines


def _marked(html, marks):
    for name, value in marks:
        if name == "a":
            html = format_html(
                '<u class="diff-link" title="link to {}">{}</u>', value, html
            )
        else:
            html = format_html("<{}>{}</{}>", name, html, name)
    return html


def _words(words):
    # Neighbouring words with the same formatting share one element: one link,
    # one credit, not one per word.
    runs = itertools.groupby(words, key=lambda word: word[1])
    return mark_safe(
        " ".join(
            _marked(mark_safe(" ".join(escape(text) for text, _ in run)), marks)
            for marks, run in runs
        )
    )


def _line(line):
    kind, words = line
    label = BLOCK_KINDS.get(kind) or ("Image" if kind == "image" else "")
    prefix = format_html('<span class="diff-kind">{}:</span> ', label) if label else ""
    return mark_safe(prefix + _words(words))


def _changed(old, new):
    (old_kind, old_words), (new_kind, new_words) = old, new
    out = []
    if old_kind != new_kind:
        out.append(
            format_html(
                '<span class="diff-kind"><del>{}</del> <ins>{}</ins>:</span>',
                BLOCK_KINDS.get(old_kind, "Paragraph"),
                BLOCK_KINDS.get(new_kind, "Paragraph"),
            )
        )
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(_words(old_words[i1:i2]))
            continue
        if i2 > i1:
            out.append(format_html("<del>{}</del>", _words(old_words[i1:i2])))
        if j2 > j1:
            out.append(format_html("<ins>{}</ins>", _words(new_words[j1:j2])))
    return mark_safe(" ".join(out))


def diff_lines(old, new):
    """Rows of (kind, html): kind is 'same', 'removed', 'added' or 'changed'."""
    rows = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [("same", _line(line)) for line in old[i1:i2]]
            continue
        # Pair changed lines for a word-level diff; the rest were removed or added.
        paired = min(i2 - i1, j2 - j1)
        rows += [("changed", _changed(old[i1 + k], new[j1 + k])) for k in range(paired)]
        rows += [("removed", _line(line)) for line in old[i1 + paired : i2]]
        rows += [("added", _line(line)) for line in new[j1 + paired : j2]]
    return rows


def _plain(value):
    text = str(value or "")
    return [("", tuple((word, ()) for word in text.split()))] if text else []


def compare(old, new):
    """Field by field differences between two revisions' content."""
    fields = []
    for name in DIFFED:
        label = capfirst(Page._meta.get_field(name).verbose_name)
        lines = text_lines if name in TEXT_FIELDS else _plain
        before, after = lines(old.get(name)), lines(new.get(name))
        if before != after:
            fields.append({"label": label, "rows": diff_lines(before, after)})
    return fields
