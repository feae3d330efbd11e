from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm as BaseForm
from django.contrib.auth import get_user_model, signals
from django.contrib.auth.forms import PasswordChangeForm
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm

INVALID_LOGIN = (
    "Please enter the correct email address (or username) and password, and the "
    "code from your authenticator app if you have set one up. The password is "
    "case-sensitive."
)


class AdminAuthenticationForm(OTPAdminAuthenticationForm):
    """Password and, for staff who have set up a device, its TOTP code, asked
    together: any wrong part gets the same answer and counts as a failed
    sign-in, so the form never tells that the password was right."""

    error_messages = {**BaseForm.error_messages, "invalid_login": INVALID_LOGIN}
    otp_token = forms.CharField(
        required=False,
        label="Authentication code",
        help_text="Only if you have set up an authenticator app.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Invited colleagues are told to sign in with their email address,
        # which is their username (staff/forms.py).
        self.fields["username"].label = "Email address or username"

    def clean_username(self):
        # AuthenticationForm sets max_length without its validator; django-axes
        # would then try to store an over-long username (a 500 on PostgreSQL).
        username = self.cleaned_data["username"]
        if len(username) > self.fields["username"].max_length:
            raise forms.ValidationError("That username is too long.")
        # An invitation makes the email address, in lower case, the username
        # (staff/forms.py refuses two that differ only in case): an address
        # typed as the invitation shows it signs in too.
        if "@" in username and username != username.lower():
            users = get_user_model().objects
            if not users.filter(username=username).exists():
                username = username.lower()
        return username

    def clean(self):
        self.cleaned_data = BaseForm.clean(self)
        user = self.get_user()
        devices = list(devices_for_user(user)) if user else []
        if devices:
            if not self.cleaned_data.get("otp_device"):
                self.cleaned_data["otp_device"] = devices[0].persistent_id
            try:
                self.clean_otp(user)
            except forms.ValidationError:
                self.user_cache = None
                signals.user_login_failed.send(
                    sender=type(self),
                    credentials={"username": self.cleaned_data["username"]},
                    request=self.request,
                )
                raise self.get_invalid_login_error() from None
        return self.cleaned_data


class GuardedPasswordChangeForm(PasswordChangeForm):
    """Wrong old passwords count as failed sign-ins (django-axes), and after
    STAFF_PASSWORD_CHANGE_ATTEMPTS of them the view signs the session out."""

    FAILURES_KEY = "security:password_change_failures"

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        try:
            return super().clean_old_password()
        except forms.ValidationError:
            session = self.request.session
            session[self.FAILURES_KEY] = session.get(self.FAILURES_KEY, 0) + 1
            signals.user_login_failed.send(
                sender=type(self),
                credentials={"username": self.user.get_username()},
                request=self.request,
            )
            raise
