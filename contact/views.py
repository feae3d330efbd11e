from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import CreateView, DetailView, TemplateView

from pages.models import Page
from pages.models.kept import PRIVACY_SLUG
from security.client import client_ip

from . import blank_form
from .forms import InquiryForm
from .models import Resource

# The thank-you page's reference travels in a short-lived signed cookie, not
# the session: a family gets no session row (and keeps the cached pages).
THANKS_COOKIE = "contact_thanks"
THANKS_SALT = "contact.thanks"
THANKS_MAX_AGE = 600


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class InquiryCreateView(CreateView):
    form_class = InquiryForm
    template_name = "contact/inquiry_form.html"
    extra_context = {"crisis_shown": True}
    success_url = reverse_lazy("contact:inquiry-thanks")

    def get(self, request, *args, **kwargs):
        return blank_form.response(self, request) or super().get(
            request, *args, **kwargs
        )

    def get_form_kwargs(self):
        # The CSRF secret tells this browser's retries; a first visit gets one.
        if "CSRF_COOKIE" not in self.request.META:
            get_token(self.request)
        return {
            **super().get_form_kwargs(),
            "client_ip": client_ip(self.request),
            "browser_secret": self.request.META["CSRF_COOKIE"],
        }

    def form_invalid(self, form):
        if not form.has_error(NON_FIELD_ERRORS, "too_many"):
            return super().form_invalid(form)
        # Past CONTACT_HARD_LIMIT (contact/spam.py): shown once, above the form.
        message = form.errors.pop(NON_FIELD_ERRORS)[0]
        context = self.get_context_data(form=form, too_many=message)
        return self.render_to_response(context, status=429)

    def form_valid(self, form):
        response = super().form_valid(form)
        # PRG without the reference in the address: a signed cookie carries it.
        if form.is_repeat and not form.from_issuing_browser:
            # A replay from elsewhere learns nothing about the stored inquiry.
            thanks = {"reference": "", "out_of_scope": False, "referral": False}
        else:
            thanks = {
                "reference": self.object.reference,
                "out_of_scope": self.object.is_out_of_scope,
                "referral": self.object.is_referral,
            }
        response.set_cookie(
            THANKS_COOKIE,
            signing.dumps(thanks, salt=THANKS_SALT),
            max_age=THANKS_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response


@method_decorator(never_cache, name="dispatch")
class InquiryThanksView(TemplateView):
    template_name = "contact/inquiry_thanks.html"
    extra_context = {"crisis_shown": True}

    def get(self, request, *args, **kwargs):
        try:
            thanks = signing.loads(
                request.COOKIES.get(THANKS_COOKIE, ""),
                salt=THANKS_SALT,
                max_age=THANKS_MAX_AGE,
            )
        except signing.BadSignature:
            return redirect("contact:inquiry-create")
        out_of_scope = thanks["out_of_scope"]
        resources = Resource.objects.filter(is_active=True) if out_of_scope else []
        response = self.render_to_response(
            self.get_context_data(
                reference=thanks["reference"],
                out_of_scope=out_of_scope,
                referral=thanks.get("referral", False),
                resources=[r.localized() for r in resources],
            )
        )
        # Shown once: on a shared tablet the next person must not see it.
        response.delete_cookie(THANKS_COOKIE, samesite="Lax")
        return response


class PrivacyNoticeView(DetailView):
    """The practice's privacy page (a page edited in the admin) with the facts
    this site's own configuration makes true, so the two cannot drift apart."""

    # A page at its own address: pages.addresses leaves /privacy/ to it.
    model = Page
    template_name = "contact/privacy_notice.html"
    context_object_name = "page"

    def get_object(self, queryset=None):
        page = get_object_or_404(Page.objects.published(), slug=PRIVACY_SLUG)
        return page.live_version().localized()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            retention_closed_days=settings.INQUIRY_RETENTION_CLOSED_DAYS,
            retention_spam_days=settings.INQUIRY_RETENTION_SPAM_DAYS,
            **kwargs,
        )
