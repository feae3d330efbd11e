"""Starting reply texts, in English and Spanish, that practice admins then edit.

The Spanish texts are a first translation, to be reviewed by a Spanish-speaking
clinician like the interface strings."""

from django.db import migrations

TEMPLATES = [
    ("en", 1, "We tried to call you", "We tried to call you ({reference})",
     "Hello {family_name},\n\n"
     "Thank you for contacting {practice_name}. We tried to call you today but could "
     "not reach you. Please call us at {practice_phone}, or reply to this email with "
     "a few times that suit you, and we will call then.\n\n"
     "{clinician_name}\n{practice_name}"),
    ("en", 2, "Screening call booked", "Your screening call ({reference})",
     "Hello {family_name},\n\n"
     "Thank you for speaking with us. Your screening call is booked for [day and "
     "time]. We will call you at the number you gave. If that time no longer works, "
     "reply to this email or call {practice_phone}.\n\n"
     "{clinician_name}\n{practice_name}"),
    ("en", 3, "Referred elsewhere", "Other services that can help ({reference})",
     "Hello {family_name},\n\n"
     "Thank you for contacting {practice_name}. We are not the right service for "
     "your family at the moment, and we do not want you to wait. These services may "
     "help: [services]. You are welcome to contact us again at any time.\n\n"
     "{clinician_name}\n{practice_name}"),
    ("es", 1, "Intentamos llamarle", "Intentamos llamarle ({reference})",
     "Hola, {family_name}:\n\n"
     "Gracias por comunicarse con {practice_name}. Hoy intentamos llamarle pero no "
     "pudimos comunicarnos. Llámenos al {practice_phone} o responda a este correo con "
     "algunos horarios que le convengan, y le llamaremos entonces.\n\n"
     "{clinician_name}\n{practice_name}"),
    ("es", 2, "Llamada de evaluación programada",
     "Su llamada de evaluación ({reference})",
     "Hola, {family_name}:\n\n"
     "Gracias por hablar con nosotros. Su llamada de evaluación está programada para "
     "[día y hora]. Le llamaremos al número que nos dio. Si ese horario ya no le "
     "conviene, responda a este correo o llame al {practice_phone}.\n\n"
     "{clinician_name}\n{practice_name}"),
    ("es", 3, "Derivación a otro servicio", "Otros servicios que pueden ayudar ({reference})",
     "Hola, {family_name}:\n\n"
     "Gracias por comunicarse con {practice_name}. En este momento no somos el "
     "servicio adecuado para su familia y no queremos que espere. Estos servicios "
     "pueden ayudar: [servicios]. Puede volver a comunicarse con nosotros cuando "
     "quiera.\n\n"
     "{clinician_name}\n{practice_name}"),
]  # fmt: skip


def add_templates(apps, schema_editor):
    ReplyTemplate = apps.get_model("contact", "ReplyTemplate")
    if ReplyTemplate.objects.exists():
        return
    ReplyTemplate.objects.bulk_create(
        ReplyTemplate(
            language=language, order=order, title=title, subject=subject, body=body
        )  # fmt: skip
        for language, order, title, subject, body in TEMPLATES
    )


def remove_unchanged_templates(apps, schema_editor):
    ReplyTemplate = apps.get_model("contact", "ReplyTemplate")
    for language, _, title, subject, body in TEMPLATES:
        ReplyTemplate.objects.filter(
            language=language, title=title, subject=subject, body=body
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("contact", "0010_settings_replies_follow_ups")]

    operations = [migrations.RunPython(add_templates, remove_unchanged_templates)]
