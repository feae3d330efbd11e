import pytest
from playwright.sync_api import expect

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
    desktop_page.goto("/admin/login/")
    desktop_page.get_by_label("Username").fill("maria")
    desktop_page.get_by_label("Password").fill(PASSWORD)
    desktop_page.get_by_role("button", name="Log in").click()
    return desktop_page


def test_changing_one_word_of_the_home_page_changes_only_that_word(
    signed_in, home_page
):
    page = signed_in
    before = home_page.body
    assert "<cite>Bessel van der Kolk</cite>" in before
    page.goto(f"/admin/pages/page/{home_page.pk}/change/")

    editor = page.locator(".fieldBox.field-body .tiptap.ProseMirror")
    editor.locator("p", has_text="As parents and caregivers").click(
        position={"x": 1, "y": 5}
    )
    page.keyboard.press("Shift+Control+ArrowRight")
    page.keyboard.type("When")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    home_page.refresh_from_db()
    expected = before.replace("<p>As parents", "<p>When parents", 1)
    assert home_page.body == expected


def test_saving_the_home_page_untouched_stores_it_unchanged(signed_in, home_page):
    page = signed_in
    before, revisions = home_page.body, home_page.revisions.count()
    page.goto(f"/admin/pages/page/{home_page.pk}/change/")
    expect(page.locator(".fieldBox.field-body .tiptap.ProseMirror")).to_be_visible()

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()

    home_page.refresh_from_db()
    assert home_page.body == before
    assert home_page.revisions.count() == revisions
    assert home_page.status == Page.Status.LIVE
