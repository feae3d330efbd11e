import importlib

import pytest

from contact.models import Inquiry

content = importlib.import_module(
    "pages.migrations.0009_spanish_home_and_privacy_notice"
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_family_switches_to_spanish_and_sees_the_home_page_in_spanish(
    desktop_page, home_page, assert_accessible
):
    # The Spanish migration 0009 adds, published through today's model.
    for name, value in content.HOME_SPANISH.items():
        setattr(home_page, name, value)
    home_page.publish()
    page = desktop_page
    page.goto("/")
    page.get_by_role("link", name="Español").click()

    page.wait_for_url("**/es/")
    assert page.locator("html").get_attribute("lang") == "es"
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == (
        "¿Qué es la salud mental infantil y de la primera infancia?"
    )
    assert heading.get_attribute("lang") is None
    assert "aún no está disponible" not in page.locator("main").inner_text()
    nav = page.get_by_role("navigation", name="Principal")
    assert nav.get_by_role("link", name="Inicio").is_visible()
    assert "llame al 911" in page.get_by_role("contentinfo").inner_text()
    assert page.get_by_role("link", name="English").get_attribute("hreflang") == "en"
    assert_accessible(page)


def test_a_page_without_spanish_says_so_in_spanish(desktop_page, assert_accessible):
    from pages.models import Page

    Page.objects.create(
        title="Sleep", slug="sleep", body="<p>Words about sleep.</p>"
    ).publish()
    page = desktop_page
    page.goto("/es/sleep/")

    assert page.locator("html").get_attribute("lang") == "es"
    assert "aún no está disponible en español" in page.locator("main").inner_text()
    assert page.get_by_role("heading", level=1).get_attribute("lang") == "en"
    assert_accessible(page)


def test_the_spanish_skip_link_is_first_and_moves_focus_to_main(phone_page, home_page):
    phone_page.goto("/es/")

    phone_page.keyboard.press("Tab")
    skip = phone_page.get_by_role("link", name="Saltar al contenido principal")
    assert skip.evaluate("element => element === document.activeElement")


def test_a_family_sends_the_form_in_spanish_with_a_mistake_then_thanks(
    phone_page, contact_practice, assert_accessible
):
    page = phone_page
    page.goto("/es/contact/")
    assert page.get_by_role("heading", level=1).inner_text() == "Contáctenos"
    assert_accessible(page)

    page.get_by_role("radio", name="Madre, padre o persona que cuida al niño").check()
    page.get_by_label("Su nombre").fill("Ana Pérez")
    page.get_by_role("textbox", name="Su correo electrónico").fill("ana@example.net")
    page.get_by_role("radio", name="Mensaje de texto").check()
    page.get_by_role("radio", name="6 años o más").check()
    page.get_by_role("checkbox", name="Sueño").check()
    page.get_by_role("button", name="Enviar").click()  # no phone for a text

    page.wait_for_selector("#form-errors")
    assert page.title().startswith("Error: Contáctenos")
    errors = page.locator("#form-errors").inner_text()
    assert "Por favor, revise 2 respuestas" in errors
    assert "Por favor, marque esta casilla" in errors
    assert "agregue un número de teléfono" in errors
    assert page.get_by_label("Su nombre").input_value() == "Ana Pérez"
    assert_accessible(page)

    page.get_by_label("Su número de teléfono").fill("212 555 0147")
    page.get_by_role("checkbox", name="Entiendo que este formulario").check()
    page.get_by_role("button", name="Enviar").click()

    page.wait_for_url("**/es/contact/thanks/")
    inquiry = Inquiry.objects.get()
    assert inquiry.form_language == "es"
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Gracias. Recibimos su mensaje."
    )
    assert inquiry.reference in page.locator(".contact-reference").inner_text()
    assert page.get_by_role(
        "link", name="Línea de ayuda para niños mayores"
    ).is_visible()
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/es/no-such-page/", "/es/contact/"])
def test_spanish_pages_have_no_axe_violations_on_a_desktop(
    desktop_page, contact_practice, assert_accessible, path
):
    desktop_page.goto(path)

    assert desktop_page.locator("html").get_attribute("lang") == "es"
    assert_accessible(desktop_page)
