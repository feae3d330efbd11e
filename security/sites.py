from django.conf import settings
from django.contrib.admin import AdminSite as BaseAdminSite
from django.utils.decorators import method_decorator
from django.views.decorators.csp import csp_override
from django_otp import user_has_device
from django_otp.admin import OTPAdminSite

from .forms import AdminAuthenticationForm


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
        context["site_header"] = f"{name} · practice admin"
        context["site_title"] = name
        return context

    def has_permission(self, request):
        return BaseAdminSite.has_permission(self, request) and (
            request.user.is_verified() or not user_has_device(request.user)
        )

    def admin_view(self, view, cacheable=False):
        return admin_csp(super().admin_view(view, cacheable))

    @method_decorator(admin_csp)
    def login(self, request, extra_context=None):
        return super().login(request, extra_context)
