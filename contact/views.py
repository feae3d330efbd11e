from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import CreateView, TemplateView

from security.client import client_ip

from . import blank_form
from .forms import InquiryForm
from .models import Resource

THANKS_SESSION_KEY = "contact:thanks"


@method_decorator([never_cache, sensitive_post_parameters()], name="dispatch")
class InquiryCreateView(CreateView):
    form_class = InquiryForm
    template_name = "contact/inquiry_form.html"
    success_url = reverse_lazy("contact:inquiry-thanks")

    def get(self, request, *args, **kwargs):
        return blank_form.response(self, request) or super().get(
            request, *args, **kwargs
        )

    def get_form_kwargs(self):
        get_token(self.request)  # the CSRF secret tells this browser's retries
        return {
            **super().get_form_kwargs(),
            "client_ip": client_ip(self.request),
            "browser_secret": self.request.META["CSRF_COOKIE"],
        }

    def form_valid(self, form):
        response = super().form_valid(form)
        # PRG without the reference in the address: the session carries it.
        if form.is_repeat and not form.from_issuing_browser:
            # A replay from elsewhere learns nothing about the stored inquiry.
            thanks = {"reference": "", "out_of_scope": False}
        else:
            thanks = {
                "reference": self.object.reference,
                "out_of_scope": self.object.is_out_of_scope,
            }
        self.request.session[THANKS_SESSION_KEY] = thanks
        return response


@method_decorator(never_cache, name="dispatch")
class InquiryThanksView(TemplateView):
    template_name = "contact/inquiry_thanks.html"

    def get(self, request, *args, **kwargs):
        thanks = request.session.get(THANKS_SESSION_KEY)
        if not thanks:
            return redirect("contact:inquiry-create")
        resources = [r.localized() for r in Resource.objects.filter(is_active=True)]
        return self.render_to_response(
            self.get_context_data(
                reference=thanks["reference"],
                out_of_scope=thanks["out_of_scope"],
                resources=resources if thanks["out_of_scope"] else [],
            )
        )
