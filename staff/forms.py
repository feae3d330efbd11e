from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.html import format_html

from .roles import ROLE_LABELS, role_of

User = get_user_model()


class StaffForm(forms.ModelForm):
    """A colleague in plain words: name, email and one role."""

    role = forms.ChoiceField(
        choices=list(ROLE_LABELS.items()),
        widget=forms.RadioSelect,
        help_text="What they can open in the admin. You can change it later.",
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["email"].required = True
        self.fields[
            "email"
        ].help_text = "Their invitation is sent here; they sign in with it."
        if self.instance.pk:
            self.fields["role"].choices = [("", "No access"), *ROLE_LABELS.items()]
            self.fields["role"].required = False
            self.fields["role"].initial = role_of(self.instance)
            self.fields["role"].help_text = (
                "What they can open in the admin. With no access they cannot sign in "
                "to the admin; their name stays in the records."
            )

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        others = User.objects.exclude(pk=self.instance.pk)
        existing = others.filter(Q(email__iexact=email) | Q(username__iexact=email))
        if existing.exists():
            person = existing.first()
            raise forms.ValidationError(
                format_html(
                    "{} already uses this address. To change their role, open "
                    "their name in the staff list.",
                    person.get_full_name() or person.get_username(),
                )
            )
        return email

    def save(self, commit=True):
        user = super().save(commit=False)
        if user._state.adding:
            user.username = user.email.lower()
            user.set_unusable_password()
        if commit:
            user.save()
        return user
