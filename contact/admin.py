from django.contrib import admin, messages
from django.db.models import Count, Q

from . import tasks
from .models import Inquiry, Notification, Resource


class NotificationInline(admin.TabularInline):
    model = Notification
    fields = [
        "kind",
        "sent_at",
        "attempts",
        "last_attempt_at",
        "last_error",
        "next_attempt_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DeliveryFilter(admin.SimpleListFilter):
    title = "email delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("pending", "Not yet delivered"), ("failing", "Failing (retrying)")]

    def queryset(self, request, queryset):
        undelivered = Notification.objects.undelivered()
        if self.value() == "pending":
            return queryset.filter(notifications__in=undelivered).distinct()
        if self.value() == "failing":
            return queryset.filter(
                notifications__in=undelivered.exclude(last_error="")
            ).distinct()
        return queryset


@admin.register(Inquiry)
class InquiryAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "created_at",
        "status",
        "child_age",
        "writer",
        "out_of_scope",
        "emails_sent",
    ]
    list_filter = ["status", "child_age", "writer", DeliveryFilter, "spam_reason"]
    list_filter += ["form_language"]  # Spanish or English (issue 8)
    search_fields = ["=reference", "name", "email", "phone"]
    date_hierarchy = "created_at"
    actions = ["mark_not_spam"]
    inlines = [NotificationInline]
    readonly_fields = [
        "reference",
        "created_at",
        "spam_reason",
        "consented",
        "concern_list",
        "out_of_scope",
    ]
    fieldsets = [
        (None, {"fields": ["reference", "created_at", "status", "spam_reason"]}),
        (
            "Who is writing",
            {
                "fields": [
                    "writer",
                    "referrer_kind",
                    "organisation",
                    "family_agreed",
                    "name",
                ]
            },
        ),
        (
            "How to reach them",
            {
                "fields": [
                    "email",
                    "phone",
                    "preferred_contact",
                    "voicemail_ok",
                    "practice_name_ok",
                    "best_times",
                ]
            },
        ),
        (
            "The child",
            {
                "fields": [
                    "child_age",
                    "out_of_scope",
                    "concern_list",
                    "language",
                    "interpreter_needed",
                ]
            },
        ),
        ("Their words", {"fields": ["message", "heard_about", "consented"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                emails=Count("notifications"),
                emails_delivered=Count(
                    "notifications", filter=Q(notifications__sent_at__isnull=False)
                ),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        # What the family sent is a record: staff change only the status.
        if obj is None:
            return self.readonly_fields
        editable = {"status"}
        return [
            *self.readonly_fields,
            *(f.name for f in Inquiry._meta.fields if f.name not in editable),
        ]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        was_spam = form.initial.get("status") == Inquiry.Status.SPAM
        super().save_model(request, obj, form, change)
        if was_spam and obj.status != Inquiry.Status.SPAM:
            tasks.create_for(obj)

    @admin.display(boolean=True, description="out of scope")
    def out_of_scope(self, obj):
        return obj.is_out_of_scope

    @admin.display(description="what brings them")
    def concern_list(self, obj):
        return ", ".join(obj.concern_labels()) or "—"

    @admin.display(description="emails sent")
    def emails_sent(self, obj):
        return f"{obj.emails_delivered} of {obj.emails}"

    @admin.action(description="Not spam: mark as new and send the notifications")
    def mark_not_spam(self, request, queryset):
        count = tasks.mark_not_spam(queryset)
        self.message_user(
            request, f"{count} inquiries marked as not spam.", messages.SUCCESS
        )


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "phone", "is_active", "order"]
    list_editable = ["is_active", "order"]
    search_fields = ["title", "description"]
