from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite as BaseAdminSite
from django.contrib.auth import logout
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET
from django_otp import user_has_device
from django_otp.admin import OTPAdminSite

from . import signin
from .forms import AdminAuthenticationForm, GuardedPasswordChangeForm


def admin_csp(view):
    # The admin marks its few inline <style>/<script> tags with a nonce; public
    # pages get the stricter SECURE_CSP, without one.
    return csp_override(settings.SECURE_CSP_ADMIN)(view)


class AdminSite(OTPAdminSite):
    """The admin, where staff who have a TOTP device must also give its code."""

    login_form = AdminAuthenticationForm
    login_template = "admin/otp_login.html"

    def __init__(self, name="admin"):
        super().__init__(name)

    def each_context(self, request):
        from pages.models import SiteSettings

        context = super().each_context(request)
        name = SiteSettings.load().practice_name
        context["site_header"] = f"{name} · staff area"
        context["site_title"] = name
        context["staff_session_idle_minutes"] = settings.STAFF_SESSION_IDLE_MINUTES
        return context

    def get_urls(self):
        # Not through admin_view: a script asks, so no redirect to the sign-in page.
        session = path("session/", self.session_view, name="session")
        return [session, *super().get_urls()]

    @method_decorator(never_cache)
    @method_decorator(require_GET)
    def session_view(self, request):
        """Asked by static/js/keep-typing.js while someone types in a form and
        before it is saved: 204 while the staff session lasts. The request is
        activity like any other (StaffIdleTimeoutMiddleware), and the answer
        carries a CSRF token valid for this session, which is new after
        signing in again in another tab."""
        if not request.user.is_authenticated:
            return HttpResponse(status=401)
        if not self.has_permission(request):
            return HttpResponse(status=403)
        response = HttpResponse(status=204)
        response["X-CSRFToken"] = get_token(request)
        return response

    def has_permission(self, request):
        return BaseAdminSite.has_permission(self, request) and (
            request.user.is_verified() or not user_has_device(request.user)
        )

    def admin_view(self, view, cacheable=False):
        return admin_csp(super().admin_view(view, cacheable))

    @method_decorator(admin_csp)
    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        if request.method == "POST" and request.user.is_authenticated:
            signin.remember_device(request, response, request.user.get_username())
        return response

    def password_change(self, request, extra_context=None):
        request.current_app = self.name
        return GuardedPasswordChangeView.as_view(
            success_url=reverse("admin:password_change_done", current_app=self.name),
            extra_context={**self.each_context(request), **(extra_context or {})},
        )(request)


class GuardedPasswordChangeView(PasswordChangeView):
    """Signs the session out after a few wrong current passwords: someone at an
    unattended, signed-in computer cannot go on guessing the password."""

    form_class = GuardedPasswordChangeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form):
        failures = self.request.session.get(form.FAILURES_KEY, 0)
        if failures >= settings.STAFF_PASSWORD_CHANGE_ATTEMPTS:
            logout(self.request)
            messages.error(
                self.request,
                "You were signed out after too many wrong current passwords. "
                "Please sign in again.",
            )
            return redirect("admin:login")
        return super().form_invalid(form)

    def form_valid(self, form):
        self.request.session.pop(form.FAILURES_KEY, None)
        return super().form_valid(form)
