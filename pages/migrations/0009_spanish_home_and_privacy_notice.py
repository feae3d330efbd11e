"""The home page in Spanish, and the privacy notice published in both languages.

The Spanish is a faithful translation of the practice's home text, marked for a
Spanish-speaking clinician's review (README). Pages the practice has already
written are left alone: the Spanish is added only while the English is the seed
text and the Spanish empty; the privacy page's words only while it is the seed
placeholder. Reversing takes out exactly what this added."""

import hashlib
import importlib
import json

from django.db import migrations
from django.utils import timezone

HOME_BODY = importlib.import_module("pages.migrations.0002_home_page").HOME_BODY
PLACEHOLDER_START = "<p><strong>[Placeholder for the practice to write.]</strong>"
TRANSLATED_FIELDS = [
    "title",
    "body",
    "seo_title",
    "meta_description",
    "navigation_label",
]
CONTENT_FIELDS = [
    *TRANSLATED_FIELDS,
    "reviewed_by",
    "reviewed_on",
    *(f"{name}_es" for name in TRANSLATED_FIELDS),
    "spanish_source",
]

HOME_SPANISH = {
    "title_es": "¿Qué es la salud mental infantil y de la primera infancia?",
    "navigation_label_es": "Inicio",
    "body_es": """\
<blockquote><p>«La conexión entre padres e hijos es la intervención de salud mental \
más poderosa que conoce la humanidad».</p><p><cite>Bessel van der Kolk</cite></p></blockquote>
<p>Como padres y cuidadores, somos responsables de promover el bienestar relacional, \
social y emocional de nuestros hijos. Una base sólida de estas capacidades asegura la \
mejor trayectoria posible para todo el desarrollo futuro. El aprendizaje cognitivo, las \
habilidades físicas y las relaciones con los compañeros no tendrán, ni de lejos, el mismo \
éxito en los niños sin una base social y emocional sólida, establecida dentro de su \
relación con sus cuidadores.</p>
<p>En una relación terapéutica desde la perspectiva de la salud mental infantil y de la \
primera infancia (IECMH, por sus siglas en inglés), el cuidador aprende a corregular, a \
crear conexión y a comprender mejor las necesidades sociales y emocionales de su hijo. En \
consecuencia, los niños se sienten con más confianza para sentir y manejar toda la gama \
de emociones, explorar su entorno, comprender y crear límites, y aprenderán a \
autorregularse. Al apoyar la relación, y no solo al individuo, creamos un entorno que \
permite que todos se sientan con confianza y seguros, y que establece una base para todos \
los aspectos del desarrollo futuro.</p>
<p>La perspectiva de la salud mental infantil y de la primera infancia dentro de la \
relación terapéutica observa, considera y respeta todo el sistema familiar. IECMH \
significa trabajar dentro de la relación, no solo con el individuo. Significa cuidar al \
cuidador, para que el cuidador pueda ofrecer un entorno amoroso y de apoyo a su(s) \
hijo(s) y, a su vez, establecer la base más sólida para un desarrollo saludable a lo \
largo de toda la vida.</p>
<h2>¿Qué son las competencias sociales y emocionales y por qué son importantes?</h2>
<p>Los seres humanos buscan de forma natural, ante todo, la conexión y la relación. Los \
bebés nacen buscando, y necesitando, la conexión con un cuidador. Esta relación es el \
único medio que tienen los bebés para aprender sobre sus emociones y lo que significan, \
y llegar a tener la capacidad de atravesar esas emociones para relacionarse con los \
demás y convertirse en seres sociales.</p>
<p>Las competencias emocionales y sociales incluyen:</p>
<ul>
<li>Confianza</li>
<li>Seguridad en sí mismo</li>
<li>Curiosidad</li>
<li>Autorregulación</li>
<li>Desarrollo de relaciones con adultos y con compañeros</li>
<li>Perseverancia</li>
<li>Cooperación</li>
<li>Toma de decisiones</li>
</ul>
<p><a href="/es/contact/">Contáctenos</a></p>
""",
}

PRIVACY = {
    "title": "Privacy notice",
    "navigation_label": "Privacy",
    "meta_description": "What this practice's website stores when a family gets "
    "in touch, who can see it, and for how long.",
    "body": "<p>We ask only for what we need to get back to you. What you send "
    "is read only by the people at our practice who answer families, and we never "
    "sell it or share it for advertising.</p>\n<p>Please leave diagnoses and "
    "details out of the contact form: we ask about them privately when we talk."
    "</p>",
    "title_es": "Aviso de privacidad",
    "navigation_label_es": "Privacidad",
    "meta_description_es": "Qué guarda el sitio web de este consultorio cuando una "
    "familia se pone en contacto, quién puede verlo y durante cuánto tiempo.",
    "body_es": "<p>Solo le pedimos lo necesario para responderle. Lo que nos "
    "envía solo lo leen las personas de nuestro consultorio que atienden a las "
    "familias, y nunca lo vendemos ni lo compartimos con fines publicitarios."
    "</p>\n<p>Por favor, no incluya diagnósticos ni detalles en el formulario de "
    "contacto: se los preguntaremos en privado cuando hablemos.</p>",
}


def english_fingerprint(page):
    english = [str(getattr(page, name) or "") for name in TRANSLATED_FIELDS]
    return hashlib.sha256(json.dumps(english).encode()).hexdigest()


def publish(apps, page):
    """Save and publish, as Page.publish() does: one saved row, one revision."""
    Revision = apps.get_model("pages", "Revision")
    page.spanish_source = english_fingerprint(page) if page.title_es else ""
    page.edit_version += 1
    page.save()
    content = {name: getattr(page, name) for name in CONTENT_FIELDS}
    content["reviewed_on"] = page.reviewed_on and page.reviewed_on.isoformat()
    revision = Revision.objects.create(
        page=page, action="published", content=content, created_at=timezone.now()
    )
    type(page).objects.filter(pk=page.pk).update(live_revision=revision)


def add_spanish_home(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug="home", body=HOME_BODY, body_es="").first()
    if page is None or page.live_revision_id is None:
        return
    if page.live_revision.content.get("body") != HOME_BODY:
        return  # the live version differs from the draft: leave both to the practice
    for name, value in HOME_SPANISH.items():
        setattr(page, name, value)
    publish(apps, page)


def remove_spanish_home(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug="home", body_es=HOME_SPANISH["body_es"]).first()
    if page is None:
        return
    for name in HOME_SPANISH:
        setattr(page, name, "")
    publish(apps, page)


def publish_privacy_notice(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    page = Page.objects.filter(slug="privacy").first()
    if page is None:
        page = Page(slug="privacy")
    elif page.live_revision_id or not (
        page.body.startswith(PLACEHOLDER_START) or page.body == PRIVACY["body"]
    ):
        return  # the practice's own words
    for name, value in PRIVACY.items():
        setattr(page, name, value)
    # Linked from the footer and the contact form rather than the menu.
    page.show_in_navigation = False
    publish(apps, page)


def unpublish_privacy_notice(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    Page.objects.filter(slug="privacy", body=PRIVACY["body"]).update(live_revision=None)


class Migration(migrations.Migration):
    dependencies = [("pages", "0008_practice_details_from_environment")]

    operations = [
        migrations.RunPython(add_spanish_home, remove_spanish_home),
        migrations.RunPython(publish_privacy_notice, unpublish_privacy_notice),
    ]
