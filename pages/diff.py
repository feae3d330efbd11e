import difflib
import html
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>|<hr\s*/?>", re.I)
TAG = re.compile(r"<[^>]+>")
LABELS = {
    "title": "Title",
    "body": "Text",
    "seo_title": "Title for search engines",
    "meta_description": "Meta description",
    "navigation_label": "Menu text",
    "reviewed_by": "Reviewed by",
    "reviewed_on": "Reviewed on",
    "title_es": "Title in Spanish",
    "body_es": "Text in Spanish",
    "seo_title_es": "Title for search engines in Spanish",
    "meta_description_es": "Meta description in Spanish",
    "navigation_label_es": "Menu text in Spanish",
}
TEXT_FIELDS = {"body", "body_es"}


def text_lines(value):
    """Page text as a reader sees it, one paragraph, heading or list item a line."""
    text = BLOCK_END.sub("\n", str(value or ""))
    lines = (html.unescape(TAG.sub("", line)).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def _words(old, new):
    old_words, new_words = old.split(), new.split()
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(escape(" ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(' '.join(old_words[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(' '.join(new_words[j1:j2]))}</ins>")
    return mark_safe(" ".join(out))


def diff_lines(old, new):
    """Rows of (kind, html): kind is 'same', 'removed', 'added' or 'changed'."""
    rows = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [("same", escape(line)) for line in old[i1:i2]]
            continue
        # Pair changed lines for a word-level diff; the rest were removed or added.
        paired = min(i2 - i1, j2 - j1)
        rows += [("changed", _words(old[i1 + k], new[j1 + k])) for k in range(paired)]
        rows += [("removed", escape(line)) for line in old[i1 + paired : i2]]
        rows += [("added", escape(line)) for line in new[j1 + paired : j2]]
    return rows


def compare(old, new):
    """Field by field differences between two revisions' content."""
    fields = []
    for name, label in LABELS.items():
        before = (
            text_lines(old.get(name))
            if name in TEXT_FIELDS
            else [str(old.get(name) or "")]
        )
        after = (
            text_lines(new.get(name))
            if name in TEXT_FIELDS
            else [str(new.get(name) or "")]
        )
        before, after = [x for x in before if x], [x for x in after if x]
        if before != after:
            fields.append({"label": label, "rows": diff_lines(before, after)})
    return fields
