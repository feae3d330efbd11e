import pytest

from pages.sanitize import clean_html


@pytest.mark.parametrize(
    ("stored", "editor_shape"),
    [
        ("<p>a</p>\n<p>b</p>", "<p>a</p><p>b</p>"),
        ("<ul>\n<li>Trust</li>\n</ul>", "<ul><li><p>Trust</p></li></ul>"),
        (
            "<blockquote>Quote<cite>Who</cite></blockquote>",
            "<blockquote><p>Quote<cite>Who</cite></p></blockquote>",
        ),
        (
            "loose <b>bold</b> <i>it</i>",
            "<p>loose <strong>bold</strong> <em>it</em></p>",
        ),
        (
            "<ol><li>a<ul><li>b</li></ul></li></ol>",
            "<ol><li><p>a</p><ul><li><p>b</p></li></ul></li></ol>",
        ),
        ('<p>1 &lt; 2 &amp; "3"</p>', '<p>1 &lt; 2 &amp; "3"</p>'),
        ("<p>a<br>b</p>", "<p>a<br>b</p>"),
        (
            '<p><a href="/x/" data-page="4">x</a></p>',
            '<p><a href="/x/" data-page="4">x</a></p>',
        ),
        ("<p onclick='x()'>a<script>b</script></p>", "<p>a</p>"),
    ],
)
def test_stored_markup_takes_the_editors_shape(stored, editor_shape):
    assert clean_html(stored) == editor_shape
    assert clean_html(editor_shape) == editor_shape
