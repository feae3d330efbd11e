import pytest
from django.core import mail
from django.urls import reverse

from contact.models import Inquiry, Notification, Resource

from ..spanish import english_left_in
from .conftest import form_data, wait_for

URL = "/es/contact/"


@pytest.mark.django_db
def test_the_spanish_form_has_no_english_left(client, site_settings):
    body = client.get(URL).content.decode()

    assert '<html lang="es">' in body
    assert "<h1>Contáctenos</h1>" in body
    assert "¿Quién escribe?" in body
    assert "Madre, padre o persona que cuida al niño" in body
    assert 'value="Enviar"' in body
    assert english_left_in(body) == []


@pytest.mark.django_db
def test_errors_come_back_in_spanish(client, site_settings):
    body = client.post(URL, form_data(name="", writer=None, email="x")).content.decode()

    assert "Por favor, revise 3 respuestas" in body
    assert "Por favor, díganos su nombre." in body
    assert "Por favor, díganos quién escribe." in body
    assert "Por favor, escriba un correo electrónico como nombre@ejemplo.com." in body
    assert english_left_in(body) == []


@pytest.mark.django_db
def test_django_s_own_messages_are_in_spanish_too(client, site_settings):
    body = client.post(URL, form_data(name="x" * 101)).content.decode()

    assert "Asegúrese de que este valor tenga menos de 100 caracteres" in body


@pytest.mark.django_db
def test_a_spanish_inquiry_records_its_language_and_thanks_in_spanish(
    client, site_settings
):
    response = client.post(URL, form_data())

    assert response["Location"] == "/es/contact/thanks/"
    assert Inquiry.objects.get().form_language == "es"
    body = client.get(response["Location"]).content.decode()
    assert "Gracias. Recibimos su mensaje." in body
    assert "Le respondemos en un plazo de 2 días hábiles." in body
    assert english_left_in(body) == []


@pytest.mark.django_db
def test_an_english_inquiry_records_english(client, site_settings):
    client.post("/contact/", form_data())

    assert Inquiry.objects.get().form_language == "en"


@pytest.mark.django_db
def test_resources_show_their_spanish_and_fall_back_to_english(client, site_settings):
    Resource.objects.create(
        title="Family help line",
        title_es="Línea de ayuda para familias",
        description="Free advice for parents.",
    )

    client.post(URL, form_data(child_age="6+"))
    body = client.get("/es/contact/thanks/").content.decode()

    assert "Ayuda para niños mayores" in body
    assert "Línea de ayuda para familias" in body
    assert "Free advice for parents." in body  # no Spanish description yet


@pytest.mark.django_db
def test_clinicians_can_filter_inquiries_by_language(
    admin_client, client, site_settings
):
    client.post(URL, form_data(name="Ana"))
    client.post("/contact/", form_data(name="Bob"))
    spanish = Inquiry.objects.get(form_language="es")

    listing = admin_client.get(
        reverse("admin:contact_inquiry_changelist") + "?form_language__exact=es"
    ).content.decode()

    assert spanish.reference in listing
    assert Inquiry.objects.get(form_language="en").reference not in listing


@pytest.mark.django_db
def test_sent_at_once_the_practice_still_reads_english(
    client, site_settings, smtp_mailers, django_capture_on_commit_callbacks
):
    # The immediate backend sends during the family's Spanish request.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, form_data())

    messages = {
        tuple(rcpts): message for rcpts, message in smtp_mailers.mailbox.messages
    }
    practice = messages[("intake@practice.example", "clinician@practice.example")]
    family = messages[("rosalind.family@example.net",)]
    assert practice["Subject"].startswith("New inquiry ")
    assert "Language of the form: Spanish" in practice.get_content()
    assert "Child's age: 1–2 years" in practice.get_content()
    assert family["Subject"].startswith("Recibimos su mensaje (referencia ")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_family_s_confirmation_in_spanish(
    client, site_settings, smtp_server, start_worker
):
    start_worker(smtp_server.url)

    client.post(URL, form_data())

    wait_for(
        lambda: Notification.objects.filter(sent_at__isnull=False).count() == 2,
        message="both emails delivered",
    )
    reference = Inquiry.objects.get().reference
    family = next(
        message
        for rcpts, message in smtp_server.mailbox.messages
        if rcpts == ["rosalind.family@example.net"]
    )
    body = family.get_content()
    assert family["Subject"] == f"Recibimos su mensaje (referencia {reference})"
    assert "Gracias por comunicarse con nosotros. Recibimos su mensaje." in body
    assert f"Su número de referencia: {reference}" in body
    assert "Qué pasa ahora: Le respondemos en un plazo de 2 días hábiles." in body
    assert "Si usted o su hijo o hija están en peligro, llame al 911." in body
    assert english_left_in(body) == []
    assert not mail.outbox
