import pytest

pytestmark = pytest.mark.browser


def test_accessibility_check_fails_on_a_wcag_violation(browser, assert_accessible):
    page = browser.new_page()
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main>')

    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
    page.close()
