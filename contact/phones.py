"""Phone numbers: parsed by libphonenumber, stored as an RFC 3966 `tel:` URI.

RFC 3966 is the E.164 number with its extension ("tel:+1-212-555-0100;ext=14"):
plain E.164 would drop the extension a referring office needs."""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from phonenumber_field import formfields, modelfields
from phonenumber_field.phonenumber import to_python

Reason = phonenumbers.ValidationResult
PROBLEMS = {
    Reason.TOO_SHORT: _(
        "This phone number has too few digits. Please check it, with the area code."
    ),
    Reason.TOO_LONG: _(
        "This phone number has too many digits. Put an extension after “ext”, "
        "like 212 555 0100 ext 14."
    ),
    Reason.INVALID_COUNTRY_CODE: _(
        "We could not tell the country of this number. For a number outside the "
        "US, start with + and the country code."
    ),
}
NOT_IN_USE = _(
    "This is not a phone number in use: please check the area code and digits."
)
NOT_A_NUMBER = _(
    "Please enter a phone number using digits, like 212 555 0100. "
    "An extension can follow “ext”."
)


def dialable(number):
    """Valid, or of a right length: a family's real number is never refused because
    libphonenumber's area-code list is older than their number. Such a number is
    stored as typed (the library normalises only the numbers it knows)."""
    return number.is_valid() or (
        phonenumbers.is_possible_number_with_reason(number) == Reason.IS_POSSIBLE
    )


def validate_phone(number):
    """A message saying what is wrong with a number the family typed."""
    if not number or dialable(number):
        return
    if not number.national_number:
        raise ValidationError(unparsable(number.raw_input), code="phone_problem")
    reason = phonenumbers.is_possible_number_with_reason(number)
    raise ValidationError(PROBLEMS.get(reason, NOT_IN_USE), code="phone_problem")


def unparsable(text):
    Error = phonenumbers.NumberParseException
    try:
        phonenumbers.parse(text, settings.PHONENUMBER_DEFAULT_REGION)
    except Error as error:
        reasons = {
            Error.TOO_LONG: Reason.TOO_LONG,
            Error.TOO_SHORT_NSN: Reason.TOO_SHORT,
            Error.TOO_SHORT_AFTER_IDD: Reason.TOO_SHORT,
            Error.INVALID_COUNTRY_CODE: Reason.INVALID_COUNTRY_CODE,
        }
        if error.error_type in reasons:
            return PROBLEMS[reasons[error.error_type]]
    return NOT_A_NUMBER


class PhoneNumberField(modelfields.PhoneNumberField):
    default_validators = [validate_phone]

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneNumberFormField, **kwargs})


class PhoneNumberFormField(formfields.PhoneNumberField):
    default_validators = [validate_phone]

    def to_python(self, value):
        # The region is read now, not when the form class was built.
        self.region = settings.PHONENUMBER_DEFAULT_REGION
        return super().to_python(" ".join((value or "").split()))


def normalise(text, region=None):
    """The stored form of `text`, or `text` itself when it is not a valid number."""
    number = to_python(text, region=region or settings.PHONENUMBER_DEFAULT_REGION)
    if not number or not number.is_valid():
        return text
    return number.format_as(phonenumbers.PhoneNumberFormat.RFC3966)


def phone_link(value):
    """A stored number as staff see it: a tap-to-call link (the one place that knows
    its type)."""
    from pages.templatetags.seo import tel_href

    if not value:
        return ""
    return format_html('<a class="tel-link" href="{}">{}</a>', tel_href(value), value)


def sms_link(value):
    """A link that opens a text message to a stored number (no extension: a
    text cannot reach one)."""
    number = to_python(value, region=settings.PHONENUMBER_DEFAULT_REGION)
    if not number or not number.is_valid():
        return ""
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return format_html('<a class="sms-link" href="sms:{}">Text</a>', e164)
