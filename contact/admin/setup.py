"""The practice's own settings for inquiries: practice admins only."""

from django.contrib import admin

from ..models import InquirySettings, ReplyTemplate, is_practice_admin


class PracticeAdminsOnly(admin.ModelAdmin):
    """Refused to anyone but practice admins, whatever permissions they hold:
    an Editor or a Clinician given a stray permission still cannot change it."""

    def has_module_permission(self, request):
        return is_practice_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_practice_admin(request.user)

    def has_add_permission(self, request):
        return is_practice_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return is_practice_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_practice_admin(request.user)


@admin.register(InquirySettings)
class InquirySettingsAdmin(PracticeAdminsOnly):
    fields = ["recipients", "response_target_business_days"]
    actions = None

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not (
            InquirySettings.objects.exists()
        )

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        # One row: go straight to it.
        from django.shortcuts import redirect

        settings_row = InquirySettings.load()
        if not self.has_view_or_change_permission(request, settings_row):
            return super().changelist_view(request, extra_context)
        return redirect("admin:contact_inquirysettings_change", settings_row.pk)

    def construct_change_message(self, request, form, formsets, add=False):
        # The audit log (the object's history) says what the values were and became:
        # staff addresses, never family data.
        if add or not form.changed_data:
            return super().construct_change_message(request, form, formsets, add)
        return [
            {
                "changed": {
                    "fields": [
                        f"{form.fields[name].label}: "
                        f"{' '.join(str(form.initial.get(name, '')).split())!r} → "
                        f"{' '.join(str(form.cleaned_data[name]).split())!r}"
                        for name in form.changed_data
                    ]
                }
            }
        ]


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(PracticeAdminsOnly):
    list_display = ["title", "language", "subject", "order"]
    list_filter = ["language"]
    list_editable = ["order"]
    search_fields = ["title", "subject"]
