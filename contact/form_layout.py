"""The contact form's order: the five answers everyone gives, the referral's
questions (shown to professionals only when scripts run), then optional ones."""

from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout, Submit
from django.utils.html import format_html
from django.utils.translation import gettext as _

# Required only when a professional is writing: marked by CSS, checked in clean().
REFERRAL_REQUIRED = "contact-referral-required"
OPTIONAL_QUESTIONS = [
    "preferred_contact",
    "voicemail_ok",
    "practice_name_ok",
    "best_times",
    "concerns",
    "language",
    "interpreter_needed",
    "message",
    "heard_about",
]


def note(text, css_class="contact-note"):
    return HTML(format_html('<p class="{}">{}</p>', css_class, text))


def inquiry_layout():
    return Layout(
        Fieldset(
            _("About you"),
            "writer",
            "name",
            note(
                _("We need a phone number or an email address: whichever you prefer.")
            ),
            "phone",
            "email",
        ),
        Fieldset(
            _("Only for professionals referring a family"),
            note(_("Parents and caregivers can skip this part."), "form-text"),
            Field("organisation", wrapper_class=REFERRAL_REQUIRED),
            "referrer_kind",
            Field("family_name", wrapper_class=REFERRAL_REQUIRED),
            note(_("How can we reach the family? A phone number or an email address.")),
            "family_phone",
            "family_email",
            Field("family_agreed", wrapper_class=REFERRAL_REQUIRED),
            note(
                _(
                    "When we call the family, we follow your answers below about "
                    "voicemail, saying our practice's name and the best times: "
                    "please answer them for the family."
                )
            ),
            css_class="contact-professional",
            css_id="professional-questions",
        ),
        Fieldset(_("About the child"), "child_age"),
        Fieldset(
            _("More, if you like (all optional)"),
            *OPTIONAL_QUESTIONS,
            css_class="contact-optional",
        ),
        "consent",
        Div("website", css_class="contact-hp"),
        "started",
        Submit("send", _("Send"), css_class="btn"),
    )
