import re

import pytest
from playwright.sync_api import expect

from bench.servers import admin_sign_in
from pages.models import Page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "a long enough password for tests"


@pytest.fixture
def signed_in(desktop_page, django_user_model, editors_group):
    user = django_user_model.objects.create_user(
        "maria", password=PASSWORD, is_staff=True, first_name="Maria"
    )
    user.groups.add(editors_group)
    admin_sign_in(desktop_page, "maria", PASSWORD)
    return desktop_page


def select_first_word(page, home_page, paragraph):
    """Open the home page's editor, click into a paragraph, select its first word.

    Just after it gains focus, ProseMirror puts back the selection it last
    knew, so keys pressed before it has taken the click would be undone: wait
    until its selection is in the paragraph first, as a person always does.
    """
    page.goto(f"/admin/pages/page/{home_page.pk}/change/")
    editor = page.locator(".fieldBox.field-body .tiptap.ProseMirror")
    editor.locator("p", has_text=paragraph).click(position={"x": 1, "y": 5})
    page.wait_for_function(
        "([el, text]) => el.editor.state.selection.$from.parent"
        ".textContent.startsWith(text)",
        arg=[editor.element_handle(), paragraph],
    )
    page.keyboard.press("Shift+Control+ArrowRight")
    expect(
        page.locator(".fieldBox.field-body .prose-menubar [title='insert link']")
    ).not_to_have_class(re.compile(r"\bdisabled\b"))
    return editor


def test_changing_one_word_of_the_home_page_changes_only_that_word(
    signed_in, home_page
):
    page = signed_in
    before = home_page.body
    assert "<cite>Bessel van der Kolk</cite>" in before
    select_first_word(page, home_page, "As parents and caregivers")
    page.keyboard.type("When")
    # What the form will send: the editor writes it back as it reads the typing.
    expect(page.locator("textarea[name='body']")).to_have_value(
        re.compile(r"<p>When parents")
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    home_page.refresh_from_db()
    expected = before.replace("<p>As parents", "<p>When parents", 1)
    assert home_page.body == expected


def test_saving_the_home_page_untouched_stores_it_unchanged(signed_in, home_page):
    page = signed_in
    before, revisions = home_page.body, home_page.revisions.count()
    page.goto(f"/admin/pages/page/{home_page.pk}/change/")
    expect(page.locator(".fieldBox.field-body .tiptap.ProseMirror")).to_be_visible()

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()

    home_page.refresh_from_db()
    assert home_page.body == before
    assert home_page.revisions.count() == revisions
    assert home_page.status == Page.Status.LIVE


def test_an_editor_links_to_a_page_from_the_picker_and_inserts_a_picture(
    signed_in, home_page, live_server, browser
):
    from pages.models import Image
    from tests.pages.test_images import photo

    about = Page.objects.create(title="About the practice", slug="about-us")
    about.publish()
    image = Image(title="Reading together", alt_text="A parent reading to a toddler")
    from django.core.files.uploadedfile import SimpleUploadedFile

    image.store(SimpleUploadedFile("p.jpg", photo(1200, 800)))
    image.save()
    page = signed_in
    editor = select_first_word(page, home_page, "Emotional and social competencies")
    menu = page.locator(".fieldBox.field-body .prose-menubar")
    menu.locator("[title='insert link']").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.get_by_label("A page of this site").select_option(
        "About the practice (/about-us/)"
    )
    dialog.get_by_role("button", name="Save link").click()
    # The editor tags a link to a site page in words, not a symbol fonts lack.
    tag = editor.locator("a[data-page]").evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert tag == '"site page"'

    editor.locator("h2").click()
    page.keyboard.press("Home")
    menu.locator("[title='insert a picture']").click()
    dialog.get_by_label("Picture").select_option(f"Reading together (no. {image.pk})")
    dialog.get_by_role("button", name="Insert").click()
    expect(editor.locator("img[data-image]")).to_be_visible()
    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("is published")).to_be_visible()

    home_page.refresh_from_db()
    assert f'<a href="/about-us/" data-page="{about.pk}">Emotional</a>' in (
        home_page.body
    )
    assert f'data-image="{image.pk}"' in home_page.body
    about.slug = "who-we-are"
    about.save()
    context = browser.new_context(base_url=live_server.url)
    visitor = context.new_page()
    visitor.goto("/")
    expect(visitor.get_by_role("link", name="Emotional")).to_have_attribute(
        "href", "/who-we-are/"
    )
    picture = visitor.get_by_role("img", name="A parent reading to a toddler")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.naturalWidth") > 0
    context.close()
