from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm as BaseForm
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm


class AdminAuthenticationForm(OTPAdminAuthenticationForm):
    """Password, then a TOTP code only for staff who have set up a device."""

    otp_token = forms.CharField(
        required=False,
        label="Authentication code",
        help_text="Only if you have set up an authenticator app.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def clean_username(self):
        # AuthenticationForm sets max_length without its validator; django-axes
        # would then try to store an over-long username (a 500 on PostgreSQL).
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise forms.ValidationError("That username is too long.")
        return username

    def clean(self):
        self.cleaned_data = BaseForm.clean(self)
        user = self.get_user()
        devices = list(devices_for_user(user)) if user else []
        if devices:
            if not self.cleaned_data.get("otp_device"):
                self.cleaned_data["otp_device"] = devices[0].persistent_id
            self.clean_otp(user)
        return self.cleaned_data
