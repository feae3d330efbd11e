"""What a Spanish page must and must not contain."""

import html
import re
from pathlib import Path

import polib
from django.conf import settings

CATALOG = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)s|<[^>]+>")


def english_ui_fragments():
    """Pieces of the catalog's English long enough not to occur in Spanish."""
    fragments = set()
    for entry in polib.pofile(str(CATALOG)):
        if entry.msgstr == entry.msgid or entry.msgctxt:
            continue
        for text in (entry.msgid, entry.msgid_plural):
            fragments.update(
                part.strip()
                for part in PLACEHOLDER.split(text)
                if len(part.strip()) >= 12
            )
    return fragments


def visible_text(markup):
    """The text of the page's body, leaving out elements marked lang="en"."""
    markup = re.sub(r"<(head|script|style)\b.*?</\1>", " ", markup, flags=re.S)
    markup = re.sub(
        r'<(?!html)(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", markup, flags=re.S
    )
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def english_left_in(markup):
    text = visible_text(markup)
    return sorted(fragment for fragment in english_ui_fragments() if fragment in text)
