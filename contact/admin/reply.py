"""Writing to the family from the inquiry page."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from pages.models import SiteSettings

from ..models import AccessLog, Inquiry, Reply, ReplyTemplate
from ..models.practice import PLACEHOLDER
from .display import person

# The templates' blanks for the clinician, e.g. "[day and time]".
TO_FILL_IN = re.compile(r"\[[^\]\n]{1,40}\]")


class ReplyForm(forms.Form):
    template = forms.ModelChoiceField(
        ReplyTemplate.objects.all(),
        required=False,
        label="Start from",
        empty_label="(a blank email)",
    )
    subject = forms.CharField(max_length=150, required=False)
    body = forms.CharField(
        label="Message",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
    )

    def clean(self):
        cleaned = super().clean()
        for field in ["subject", "body"]:
            if not cleaned.get(field, "").strip():
                self.add_error(field, "Write the email before sending it.")
            elif unknown := PLACEHOLDER.findall(cleaned[field]):
                names = ", ".join(f"{{{name}}}" for name in unknown)
                self.add_error(
                    field, f"Replace {names} with the words the family should read."
                )
            elif blanks := TO_FILL_IN.findall(cleaned[field]):
                names = ", ".join(blanks)
                self.add_error(
                    field, f"Replace {names} with the words the family should read."
                )
        return cleaned


def placeholder_values(inquiry, user):
    site = SiteSettings.load()
    return {
        "family_name": inquiry.family_contact_name,
        "writer_name": inquiry.name,
        "reference": inquiry.reference,
        "practice_name": site.practice_name,
        "practice_phone": str(site.phone or ""),
        "clinician_name": person(user),
    }


def reply_view(model_admin, request, object_id):
    inquiry = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not model_admin.has_change_permission(request, inquiry):
        raise PermissionDenied
    back = inquiry.get_admin_url()
    if not inquiry.family_contact_email:
        messages.error(
            request,
            "This family gave no email address, so there is no one to write to. "
            "Call them instead, and record the call under Contact attempts.",
        )
        return redirect(back)
    form = ReplyForm(request.POST or None)
    form.fields["template"].queryset = ReplyTemplate.objects.order_by(
        # The family's language first.
        "-language" if inquiry.form_language == "es" else "language",
        "order",
        "title",
    )
    if request.method == "POST" and "use_template" in request.POST:
        template = ReplyTemplate.objects.filter(
            pk=request.POST.get("template") or None
        ).first()
        data = request.POST.copy()
        if template is not None:
            data["subject"], data["body"] = template.fill(
                placeholder_values(inquiry, request.user)
            )
        form = ReplyForm(initial=data)
        form.fields["template"].initial = template
    elif request.method == "POST" and form.is_valid():
        Reply.send(
            inquiry,
            form.cleaned_data["subject"].strip(),
            form.cleaned_data["body"],
            by=request.user,
        )
        AccessLog.objects.record(request.user, AccessLog.Action.CHANGE, [inquiry])
        messages.success(
            request,
            "Your email is on its way to the family. Its delivery is shown under "
            "Replies; it was recorded as a contact attempt.",
        )
        return redirect(back)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Write to {inquiry.family_contact_name}",
        "subtitle": None,
        "opts": Inquiry._meta,
        "inquiry": inquiry,
        "original": inquiry,
        "form": form,
        "to": inquiry.family_contact_email,
        "media": model_admin.media,
        "has_templates": ReplyTemplate.objects.exists(),
        "is_nav_sidebar_enabled": False,
        "keeps_typing": True,  # static/js/keep-typing.js
    }
    return TemplateResponse(request, "admin/contact/inquiry/reply.html", context)
