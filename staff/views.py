from base64 import b64encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.views import (
    INTERNAL_RESET_SESSION_TOKEN,
    PasswordResetConfirmView,
)
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse, reverse_lazy
from django.views import defaults
from django.views.generic import RedirectView
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from security.sites import admin_csp

from .invitations import invitation_tokens


class AdminLookMixin:
    """Pages outside the admin's URLs that still look like the admin."""

    def get_context_data(self, **kwargs):
        return {
            **admin.site.each_context(self.request),
            **super().get_context_data(**kwargs),
        }


class InvitationView(AdminLookMixin, PasswordResetConfirmView):
    template_name = "admin/staff/invitation.html"
    token_generator = invitation_tokens
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("staff:second-factor")
    title = "Choose your password"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None


invitation = admin_csp(InvitationView.as_view())


class InvitationLinkView(RedirectView):
    """The emailed link: its token goes into the session, as PasswordResetConfirmView
    does, and the visitor on to the token-free "set-password" address."""

    # A real token is about 40 characters.
    longest_token = 100

    def get_redirect_url(self, uidb64):
        token = self.request.GET.get("token", "")
        if len(token) > self.longest_token:
            token = ""
        self.request.session[INTERNAL_RESET_SESSION_TOKEN] = token
        return reverse(
            "staff:invitation",
            kwargs={"uidb64": uidb64, "token": InvitationView.reset_url_token},
        )


class CodeForm(forms.Form):
    token = forms.CharField(
        label="The 6-digit code your app shows",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


def qr_code(url):
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + b64encode(buffer.getvalue()).decode()


@admin_csp
@staff_member_required
def second_factor(request):
    """Offered once the password is set: an authenticator app, or later."""
    home = reverse("admin:index")
    if user_has_device(request.user):
        return redirect(home)
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"].replace(" ", "")):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(
                request,
                "Your second factor is set up: you will be asked for a code "
                "when you sign in.",
            )
            return redirect(home)
        form.add_error("token", "That code is not right. Check the app and try again.")
    context = {
        **admin.site.each_context(request),
        "title": "Add a second factor (recommended)",
        "form": form,
        "qr": qr_code(device.config_url),
        "key": device.key,
        "home": home,
    }
    return TemplateResponse(request, "admin/staff/second_factor.html", context)


def permission_denied(request, exception=None):
    """In the admin, a refusal looks like the admin and offers a way back."""
    if not request.path.startswith(reverse("admin:index")):
        return defaults.permission_denied(request, exception)
    context = {**admin.site.each_context(request), "title": "You cannot open this page"}
    response = TemplateResponse(request, "admin/403.html", context, status=403)
    return response.render()
