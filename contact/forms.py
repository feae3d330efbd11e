from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property, lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from pages.forms import CountedCharField

from . import spam, tasks
from .form_layout import OPTIONAL_QUESTIONS, inquiry_layout
from .models import Inquiry

# Asked only when a professional is writing; blank for families.
REFERRAL_FIELDS = [
    "referrer_kind",
    "organisation",
    "family_name",
    "family_phone",
    "family_email",
    "family_agreed",
]


class MessageField(CountedCharField):
    """The family's message: a longer one is sent back whole with its length."""

    default_error_messages = {
        "too_long": _(
            "Please shorten your message to at most 1,000 characters: it has "
            "%(count)s. Everything you wrote is still here."
        )
    }

    def to_python(self, value):
        # Browsers count a line break as one character but send two.
        return super().to_python(value).replace("\r\n", "\n")

    def validate(self, value):
        super().validate(value)
        if len(value) > self.max_length:
            raise forms.ValidationError(
                self.error_messages["too_long"],
                code="too_long",
                # Grouped as the limit is written, in both languages (US usage).
                params={"count": f"{len(value):,}"},
            )


def form_field(model_field, **kwargs):
    """The model field's form field, made once for all instances: radios need no
    blank choice, the earlier form's age band is not offered, and how to reach
    a family is optional (clean() chooses)."""
    if model_field.name == "preferred_contact":
        kwargs["required"] = False
    field = model_field.formfield(**kwargs)
    if model_field.choices:
        field.choices = shared(
            c for c in field.choices if c[0] != "" and c[0] not in Inquiry.LEGACY_AGES
        )
    return field


def shared(choices):
    """`choices` as a callable, so that each form's copy of the field shares
    them rather than deep-copying every (value, label) pair per request."""
    choices = list(choices)
    return lambda: choices


def consent_help_text():
    return format_html(
        '{} <a href="{}">{}</a>',
        _("What we keep, who sees it and for how long:"),
        reverse("privacy"),
        _("our privacy notice"),
    )


class InquiryForm(forms.ModelForm):
    family_agreed = forms.BooleanField(
        label=_("The family agreed that we may contact them"),
        required=False,
    )
    concerns = forms.MultipleChoiceField(
        label=_("What brings you to us? Choose any that fit."),
        choices=shared(Inquiry.Concern.choices),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    message = MessageField(
        label=_("Anything you would like us to know"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(
            attrs={
                "rows": 4,
                # character-count.js's count, once past the limit.
                "data-count-class": "form-text",
                "data-over-text": _(
                    "{over} characters too many: please shorten it a little."
                ),
            }
        ),
        help_text=_(
            "A few words are plenty, at most 1,000 characters. Please leave out "
            "diagnoses and details: we will ask about them privately when we talk."
        ),
    )
    consent = forms.BooleanField(
        # Made when shown, in the language then active (a valid post never is).
        help_text=lazy(consent_help_text, SafeString)(),
        label=_(
            "I understand this form is not for emergencies, and I agree to be "
            "contacted about this inquiry."
        ),
        error_messages={
            "required": _("Please tick this box so that we may contact you.")
        },
    )
    # Hidden from people by CSS; bots fill it in.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    single_line_fields = [
        "name",
        "organisation",
        "family_name",
        "best_times",
        "language",
        "heard_about",
    ]
    referral_fields = REFERRAL_FIELDS

    class Meta:
        model = Inquiry
        formfield_callback = form_field
        fields = [
            "writer",
            "name",
            "phone",
            "email",
            *REFERRAL_FIELDS,
            "child_age",
            *OPTIONAL_QUESTIONS,
        ]
        labels = {
            "writer": _("Who is writing?"),
            "referrer_kind": _("What kind of professional are you?"),
            "organisation": _("Your organization"),
            "family_name": _("The family's name"),
            "family_phone": _("The family's phone number"),
            "family_email": _("The family's email address"),
            "name": _("Your name"),
            "email": _("Your email address"),
            "phone": _("Your phone number"),
            "preferred_contact": _("How would you like us to reach you?"),
            "voicemail_ok": _("It is OK to leave a voicemail"),
            "practice_name_ok": _("It is OK to say our practice's name when we call"),
            "best_times": _("Best days and times to reach you"),
            "child_age": _("How old is the child?"),
            "language": _("Preferred language"),
            "interpreter_needed": _("We would like an interpreter"),
            "heard_about": _("How did you hear about us?"),
        }
        help_texts = {
            "phone": _(
                "Needed if you would like a call or a text. For a number outside "
                "the US, start with + and the country code."
            ),
            "email": _(
                "Needed if you would like an email. We also send a short "
                "confirmation there, without what you wrote."
            ),
            "family_phone": _("With an extension if there is one."),
            "preferred_contact": _(
                "If you do not choose, we call the phone number given (the "
                "family's, if you are referring a family), or else write to the "
                "email address."
            ),
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
            "family_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "family_email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "family_phone": forms.TextInput(
                attrs={"autocomplete": "off", "type": "tel", "inputmode": "tel"}
            ),
        }
        error_messages = {
            "writer": {"required": _("Please tell us who is writing.")},
            "name": {"required": _("Please tell us your name.")},
            "email": {
                "invalid": _("Please enter an email address like name@example.com.")
            },
            "family_email": {
                "invalid": _("Please enter an email address like name@example.com.")
            },
            "child_age": {"required": _("Please choose the child's age.")},
        }

    # The summary lists errors in the order the questions come.
    field_order = [*Meta.fields, "consent"]

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

    @cached_property
    def helper(self):
        # Only a form being shown needs its layout (a valid post never is).
        helper = FormHelper()
        helper.form_tag = False
        helper.layout = inquiry_layout()
        return helper

    def clean(self):
        data = super().clean()
        for name in self.single_line_fields:
            if data.get(name):
                data[name] = " ".join(data[name].split())
        if data.get("writer") == Inquiry.Writer.PROFESSIONAL:
            self.clean_referral(data)
        elif "writer" in data:
            for name in self.referral_fields:
                data[name] = None if name == "family_agreed" else ""
        email, phone = data.get("email"), data.get("phone")
        if "email" in data and "phone" in data and not email and not phone:
            self.add_error(
                "phone", _("Please give a phone number or an email address, or both.")
            )
        self.check_way_to_reach(data)
        self.spam_reason = self.detect_spam(data)
        if spam.at_hard_limit(self.client_ip):
            raise forms.ValidationError(spam.too_many_message(), code="too_many")
        return data

    def check_way_to_reach(self, data):
        """A chosen way needs the writer's phone or email; with none chosen,
        the clinician calls the family, so on a referral the default follows
        the family's phone and email, not the referrer's."""
        email, phone = data.get("email"), data.get("phone")
        preferred = data.get("preferred_contact")
        if not preferred:
            if data.get("writer") == Inquiry.Writer.PROFESSIONAL:
                email, phone = data.get("family_email"), data.get("family_phone")
            data["preferred_contact"] = (
                Inquiry.ContactMethod.EMAIL
                if email and not phone
                else Inquiry.ContactMethod.PHONE
            )
        elif preferred == Inquiry.ContactMethod.EMAIL:
            if "email" in data and not email and phone:
                self.add_error("email", _("Please add an email address to be emailed."))
        elif preferred in {Inquiry.ContactMethod.PHONE, Inquiry.ContactMethod.TEXT}:
            if "phone" in data and not phone and email:
                self.add_error(
                    "phone", _("Please add a phone number to be called or texted.")
                )

    def clean_referral(self, data):
        if not data.get("organisation"):
            self.add_error("organisation", _("Please tell us your organization."))
        if not data.get("family_name"):
            self.add_error("family_name", _("Please tell us the family's name."))
        if (
            "family_phone" in data
            and "family_email" in data
            and not data["family_phone"]
            and not data["family_email"]
        ):
            self.add_error(
                "family_phone",
                _("Please give the family's phone number or email address."),
            )
        if not data.get("family_agreed"):
            self.add_error(
                "family_agreed",
                _(
                    "Please tick this once the family has agreed that we may "
                    "contact them."
                ),
            )

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
        if self.spam_reason:
            inquiry.status = Inquiry.Status.SPAM
            inquiry.spam_reason = self.spam_reason
        inquiry, self.is_repeat = Inquiry.objects.store_once(
            inquiry, self._meta.fields, self.store
        )
        if not self.is_repeat:
            spam.count_stored(self.client_ip)
        return inquiry

    def store(self, inquiry):
        inquiry.held = not self.spam_reason and spam.over_rate_limit(self.client_ip)
        # One INSERT, committed on its own: the inquiry and, in the same row,
        # that its emails are owed (never for spam). The worker makes them.
        inquiry.emails_due = inquiry.status != Inquiry.Status.SPAM
        inquiry.save()
        if inquiry.emails_due:
            transaction.on_commit(tasks.wake)
