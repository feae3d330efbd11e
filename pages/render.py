import re
from html.parser import HTMLParser

from django.utils.html import strip_tags
from django.utils.safestring import mark_safe

from .sanitize import clean_html

PAGE_LINK = re.compile(r'<a ([^>]*?)\s*data-page="(\d+)"([^>]*)>(.*?)</a>', re.S)
HREF = re.compile(r'href="[^"]*"')
# A paragraph that is one link and nothing else is a call to action (a button).
LONE_LINK = re.compile(r"<p>(<a [^>]*>[^<]*</a>)</p>")
IMAGE = re.compile(r'<img [^>]*?data-image="(\d+)"[^>]*>')
OTHER_IMAGE = re.compile(r'<img (?![^>]*data-image=")[^>]*>')
# An image after less text than this is likely on a phone's first screen: it is
# fetched at once; later ones load lazily.
FIRST_SCREEN_CHARACTERS = 300


# Blocks of text: each ends a sentence in plain text.
TEXT_BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "ul", "ol", "hr"}
SENTENCE_ENDS = tuple(".!?…:;")


class _PlainText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sentences, self.block = [], ""

    def _end_block(self):
        text = " ".join(self.block.split())
        if text:
            self.sentences.append(text if text.endswith(SENTENCE_ENDS) else text + ".")
        self.block = ""

    def handle_starttag(self, tag, attrs):
        if tag in TEXT_BLOCKS:
            self._end_block()
        elif tag == "br":
            self.block += " "
        elif tag == "cite":
            self.block += " — "  # as the site shows a quote's credit

    def handle_endtag(self, tag):
        if tag in TEXT_BLOCKS:
            self._end_block()

    def handle_data(self, data):
        self.block += data


def plain_text(html):
    """The text as sentences, for search engines: a heading, paragraph, list
    item or quote's credit each ends in a full stop, not run into the next."""
    parser = _PlainText()
    parser.feed(str(html or ""))
    parser.close()
    parser._end_block()
    return " ".join(parser.sentences)


def linked_page_ids(html):
    return {int(match[2]) for match in PAGE_LINK.finditer(html or "")}


def page_links(html, now=None):
    """Links to the site's pages at their current address; a link to a page that
    is not on the site is left out, keeping its words."""
    ids = linked_page_ids(html)
    if not ids:
        return html
    from .models import Page  # models -> render

    live = {
        page.pk: page.get_absolute_url()
        for page in Page.objects.published(now).filter(pk__in=ids)
    }

    def link(match):
        before, page_id, after, words = match.groups()
        url = live.get(int(page_id))
        if url is None:
            return words
        return f"<a {HREF.sub(f'href="{url}"', before + after).strip()}>{words}</a>"

    return PAGE_LINK.sub(link, html)


def pictures(html):
    """Images from the site's library as responsive <picture>s; any other <img>
    (pasted from elsewhere, or deleted from the library) is left out."""
    html = OTHER_IMAGE.sub("", html)
    ids = {int(match[1]) for match in IMAGE.finditer(html)}
    if not ids:
        return html
    from .models import Image  # models -> render

    library = Image.objects.in_bulk(ids)

    def picture(match):
        image = library.get(int(match[1]))
        if image is None:
            return ""
        before = len(strip_tags(match.string[: match.start()]))
        return image.picture_html(eager=before < FIRST_SCREEN_CHARACTERS)

    return IMAGE.sub(picture, html)


def body_html(html, now=None):
    html = pictures(page_links(clean_html(html), now))
    return mark_safe(LONE_LINK.sub(r'<p class="call-to-action">\1</p>', html))
