import pytest
from playwright.sync_api import expect

from bench.servers import admin_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long enough password for tests"
# 172 characters: Spanish runs longer than the English it translates.
LONG = (
    "Cuando su bebé llora por la noche, no siempre es hambre: a veces busca "
    "cercanía. Le contamos cómo responder con calma y cuándo conviene pedir ayuda "
    "profesional sin esperar."
)


@pytest.mark.parametrize("viewport", ["desktop_page", "phone_page"])
def test_the_description_counts_as_typed_and_comes_back_whole_when_too_long(
    request, viewport, editor, home_page, csp_violations_of
):
    page = request.getfixturevalue(viewport)
    violations = csp_violations_of(page)
    admin_sign_in(page, "maria", PASSWORD)
    page.goto(f"/admin/pages/page/{home_page.pk}/change/")

    box = page.get_by_label("Description for search engines in Spanish")
    box.fill(LONG[:100])
    count = page.locator("#id_meta_description_es_count")
    expect(count).to_have_text("100 / 160")
    box.fill(LONG)
    expect(count).to_have_text("172 / 160 · 12 too many for search results")
    expect(box).to_have_value(LONG)

    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_text("this has 172. Please shorten it")).to_be_visible()
    box = page.get_by_label("Description for search engines in Spanish")
    expect(box).to_have_value(LONG)
    expect(count).to_have_text("172 / 160 · 12 too many for search results")
    assert violations == []


@pytest.fixture
def csp_violations_of():
    def watch(page):
        seen = []
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and seen.append(message.text)
            ),
        )
        return seen

    return watch
