import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import spam, tasks
from .models import Inquiry

PHONE_CHARACTERS = re.compile(r"^[0-9+().\- ]+$")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class MessageField(forms.CharField):
    def to_python(self, value):
        # Browsers count a line break as one character against maxlength but send two.
        return super().to_python(value).replace("\r\n", "\n")


class InquiryForm(forms.ModelForm):
    family_agreed = forms.TypedChoiceField(
        label=_("Has the family agreed to be contacted by us?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    concerns = forms.MultipleChoiceField(
        label=_("What brings you to us? Choose any that fit."),
        choices=Inquiry.Concern.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = MessageField(
        label=_("Anything you would like us to know (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "A few words are plenty, at most 1,000 characters. Please leave out "
            "diagnoses and details: we will ask about them privately when we talk."
        ),
    )
    consent = forms.BooleanField(
        label=_(
            "I understand this form is not for emergencies, and I agree to be "
            "contacted about this inquiry."
        ),
        error_messages={
            "required": _("Please tick this box so that we may contact you.")
        },
    )
    # Hidden from people by CSS; bots fill it in.
    website = forms.CharField(label=_("Leave this empty"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    single_line_fields = [
        "name",
        "organisation",
        "best_times",
        "language",
        "heard_about",
    ]

    class Meta:
        model = Inquiry
        fields = [
            "writer",
            "referrer_kind",
            "organisation",
            "family_agreed",
            "name",
            "email",
            "phone",
            "preferred_contact",
            "voicemail_ok",
            "practice_name_ok",
            "best_times",
            "child_age",
            "concerns",
            "language",
            "interpreter_needed",
            "message",
            "heard_about",
        ]
        labels = {
            "writer": _("Who is writing?"),
            "referrer_kind": _("What kind of professional are you?"),
            "organisation": _("Your organisation"),
            "name": _("Your name"),
            "email": _("Email address"),
            "phone": _("Phone number"),
            "preferred_contact": _("How would you like us to reach you?"),
            "voicemail_ok": _("It is OK to leave a voicemail"),
            "practice_name_ok": _("It is OK to say our practice's name when we call"),
            "best_times": _("Best days and times to reach you (optional)"),
            "child_age": _("How old is the child?"),
            "language": _("Preferred language (optional)"),
            "interpreter_needed": _("We would like an interpreter"),
            "heard_about": _("How did you hear about us? (optional)"),
        }
        help_texts = {
            "email": _("We need an email address or a phone number."),
            "phone": _("Optional if you give an email address."),
            "best_times": _("For example: weekday mornings, after 6pm."),
        }
        widgets = {
            "writer": forms.RadioSelect,
            "referrer_kind": forms.RadioSelect,
            "preferred_contact": forms.RadioSelect,
            "child_age": forms.RadioSelect,
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(
                attrs={"autocomplete": "tel", "type": "tel", "inputmode": "tel"}
            ),
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        error_messages = {
            "writer": {"required": _("Please tell us who is writing.")},
            "name": {"required": _("Please tell us your name.")},
            "email": {
                "invalid": _("Please enter an email address like name@example.com.")
            },
            "preferred_contact": {
                "required": _("Please choose how you would like us to reach you.")
            },
            "child_age": {"required": _("Please choose the child's age.")},
        }

    def __init__(self, *args, client_ip="", browser_secret="", **kwargs):
        super().__init__(*args, **kwargs)
        self.client_ip = client_ip
        self.browser_secret = browser_secret
        self.spam_reason = Inquiry.SpamReason.NONE
        self.token = None
        # Set by save(): this token's inquiry was already stored.
        self.is_repeat = False
        if not self.is_bound:
            self.initial["started"] = spam.start_token(browser_secret)
        for name in ("writer", "preferred_contact", "child_age", "referrer_kind"):
            self.fields[name].choices = [
                c for c in self.fields[name].choices if c[0] != ""
            ]
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(_("About you"), "writer", "name"),
            Fieldset(
                _("Only if you are a professional referring a family"),
                "referrer_kind",
                "organisation",
                "family_agreed",
                css_class="contact-professional",
            ),
            Fieldset(
                _("How to reach you"),
                "email",
                "phone",
                "preferred_contact",
                "voicemail_ok",
                "practice_name_ok",
                "best_times",
            ),
            Fieldset(
                _("About the child"),
                "child_age",
                "concerns",
                "language",
                "interpreter_needed",
            ),
            Fieldset(_("Anything else"), "message", "heard_about"),
            HTML('{% include "contact/includes/crisis.html" %}'),
            "consent",
            Div("website", css_class="contact-hp"),
            "started",
            Submit("send", _("Send"), css_class="btn"),
        )

    def clean(self):
        data = super().clean()
        for name in self.single_line_fields:
            if data.get(name):
                data[name] = " ".join(data[name].split())
        if data.get("writer") == Inquiry.Writer.PROFESSIONAL:
            if not data.get("referrer_kind"):
                self.add_error(
                    "referrer_kind", _("Please choose what kind of professional.")
                )
            if not data.get("organisation"):
                self.add_error("organisation", _("Please tell us your organisation."))
            if data.get("family_agreed") is None:
                self.add_error(
                    "family_agreed", _("Please tell us whether the family agreed.")
                )
        email, phone = data.get("email"), data.get("phone")
        if "email" in data and "phone" in data and not email and not phone:
            self.add_error(
                "email", _("Please give an email address or a phone number, or both.")
            )
        preferred = data.get("preferred_contact")
        if preferred == Inquiry.ContactMethod.EMAIL and "email" in data and not email:
            if phone:
                self.add_error("email", _("Please add an email address to be emailed."))
        elif preferred in {Inquiry.ContactMethod.PHONE, Inquiry.ContactMethod.TEXT}:
            if "phone" in data and not phone and email:
                self.add_error(
                    "phone", _("Please add a phone number to be called or texted.")
                )
        self.spam_reason = self.detect_spam(data)
        return data

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if not phone:
            return phone
        digits = sum(character.isdigit() for character in phone)
        if not PHONE_CHARACTERS.match(phone) or not 7 <= digits <= 15:
            raise forms.ValidationError(
                _("Please enter a phone number using digits, like 555 123 4567.")
            )
        return phone

    def detect_spam(self, data):
        self.token = spam.read_token(data.get("started") or "")
        if data.get("website"):
            return Inquiry.SpamReason.HONEYPOT
        if self.token is None:
            return Inquiry.SpamReason.BAD_TOKEN
        if self.token.elapsed < settings.CONTACT_MIN_FILL_SECONDS:
            return Inquiry.SpamReason.TOO_FAST
        return Inquiry.SpamReason.NONE

    @property
    def from_issuing_browser(self):
        return self.token is not None and self.token.issued_to(self.browser_secret)

    def save(self, commit=True):
        inquiry = super().save(commit=False)
        inquiry.consented = True
        inquiry.form_language = translation.get_language()
        inquiry.form_nonce = self.token.nonce if self.token else None
        if repeat := self.repeat_of(inquiry):
            return repeat
        over_limit = spam.over_rate_limit(self.client_ip)
        if not self.spam_reason and over_limit:
            self.spam_reason = Inquiry.SpamReason.RATE_LIMIT
        if self.spam_reason:
            inquiry.status = Inquiry.Status.SPAM
            inquiry.spam_reason = self.spam_reason
        try:
            self.store(inquiry)
        except IntegrityError:
            # A concurrent post of the same token may have won the race.
            nonce = inquiry.form_nonce
            if not nonce or not Inquiry.objects.filter(form_nonce=nonce).exists():
                raise
            if repeat := self.repeat_of(inquiry):
                return repeat
            inquiry.reference = ""
            self.store(inquiry)
        return inquiry

    def store(self, inquiry):
        with transaction.atomic():
            inquiry.save()
            if inquiry.status != Inquiry.Status.SPAM:
                tasks.create_for(inquiry, new=True)

    def repeat_of(self, inquiry):
        """The inquiry already stored from this form token with the same answers.

        Other answers under a used token (a form restored from the browser's
        history and changed) are stored anew, without the nonce: nothing is lost."""
        if not inquiry.form_nonce:
            return None
        stored = Inquiry.objects.filter(form_nonce=inquiry.form_nonce).first()
        if stored is None:
            return None
        if any(getattr(stored, f) != getattr(inquiry, f) for f in self._meta.fields):
            inquiry.form_nonce = None
            return None
        self.is_repeat = True
        return stored
