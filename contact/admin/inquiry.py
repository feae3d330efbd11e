from django.contrib import admin, messages
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.urls import path
from django.utils.html import format_html

from security.admin import PrivateSearchMixin, private_values_filter

from .. import phones
from ..models import CLINICIANS_GROUP, AccessLog, ContactAttempt, Inquiry
from ..names import fold, language_group
from . import display
from .export import export_csv
from .filters import (
    AssignedFilter,
    ConcernFilter,
    DeliveryFilter,
    FollowUpFilter,
    OverdueFilter,
    SpamFilter,
)
from .inlines import (
    AccessLogInline,
    ContactAttemptInline,
    InternalNoteInline,
    NotificationInline,
    ReplyInline,
    StatusChangeInline,
)
from .merge import InquiryAdminForm
from .reply import reply_view

REFERRAL_SECTION = "The family (referrals)"


def last_attempt():
    """The latest call, text or email to each inquiry, for the list: a colleague
    sees it was tried this morning before calling again."""
    latest = ContactAttempt.objects.filter(inquiry=OuterRef("pk")).order_by(
        "-attempted_at", "-pk"
    )
    return {
        f"last_attempt_{name}": Subquery(latest.values(name)[:1])
        for name in ["outcome", "attempted_at"]
    }


# Fields staff may change; everything else is what the family sent.
WORK_FIELDS = {
    "status",
    "assigned_to",
    "legal_hold",
    "next_step_on",
    "next_step_note",
}


@admin.register(Inquiry)
class InquiryAdmin(PrivateSearchMixin, admin.ModelAdmin):
    form = InquiryAdminForm
    list_display = [
        "who_to_call",
        "how_to_reach",
        "child_age",
        "waiting",
        "status_badge",
        "assigned_name",
        "next_step",
    ]
    list_display_links = ["who_to_call"]
    list_filter = [
        "status",
        AssignedFilter,
        OverdueFilter,
        FollowUpFilter,
        "child_age",
        ConcernFilter,
        private_values_filter("language", group=language_group),
        "interpreter_needed",
        "form_language",
        SpamFilter,
        DeliveryFilter,
        "legal_hold",
        "held",
    ]
    search_fields = [
        "=reference",
        "name",
        "email",
        "phone",
        "family_name",
        "family_email",
        "family_phone",
    ]
    list_select_related = ["assigned_to"]
    list_per_page = 50
    actions = ["assign_to_me", "mark_not_spam", "export", "export_with_message"]
    inlines = [
        ReplyInline,
        ContactAttemptInline,
        StatusChangeInline,
        InternalNoteInline,
        NotificationInline,
        AccessLogInline,
    ]
    readonly_fields = [
        "contact_card",
        "reference",
        "created_at",
        "spam_reason",
        "held",
        "consented",
        "concern_list",
        "out_of_scope",
        "waiting",
    ]
    fieldsets = [
        (None, {"fields": ["contact_card"], "classes": ["inquiry-contact"]}),
        (
            "Next step",
            {
                "fields": [
                    "status",
                    "assigned_to",
                    "next_step_on",
                    "next_step_note",
                    "loaded",
                ],
                "classes": ["inquiry-next-step"],
            },
        ),
        (
            "Triage",
            {
                "fields": [
                    "reference",
                    "created_at",
                    "waiting",
                    "spam_reason",
                    # "held" is said above the name when it is so (contact_card).
                    "legal_hold",
                ]
            },
        ),
        (
            "Who is writing",
            {
                "fields": [
                    "writer",
                    "referrer_kind",
                    "organisation",
                    "family_agreed",
                    "name",
                    # The writer's own: on a referral, the professional's.
                    "email",
                    "phone",
                ],
                "classes": ["collapse"],
            },
        ),
        (
            REFERRAL_SECTION,
            {
                "fields": ["family_name", "family_phone", "family_email"],
                "classes": ["collapse"],
            },
        ),
        (
            "How they prefer to be reached",
            {
                "fields": [
                    "preferred_contact",
                    "voicemail_ok",
                    "practice_name_ok",
                    "best_times",
                ],
                "classes": ["collapse"],
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
                ],
                "classes": ["collapse"],
            },
        ),
        (
            "Their words",
            {
                "fields": ["message", "heard_about", "consented"],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        css = {"all": ["css/inquiry-admin.css"]}

    def get_urls(self):
        return [
            path(
                "<path:object_id>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="contact_inquiry_reply",
            ),
            *super().get_urls(),
        ]

    def reply_view(self, request, object_id):
        return reply_view(self, request, object_id)

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        # Numbers are stored normalised (tel:+1-212-555-0147): find them as typed.
        number = phones.normalise(self.private_search_term(request))
        if number.startswith("tel:"):
            results |= queryset.filter(
                Q(phone__startswith=number) | Q(family_phone__startswith=number)
            )
        return results | self.names_without_accents(request, queryset), duplicates

    def names_without_accents(self, request, queryset):
        """Names found whatever their accents ("gomez" finds "Gómez"): folded
        here, as SQLite cannot and PostgreSQL only with an extension. A few
        thousand short names at most, kept for a year (retention)."""
        term = fold(self.private_search_term(request))
        if not term:
            return queryset.none()
        # The rows the list may show, without its annotations and ordering.
        names = Inquiry.objects.filter(pk__in=queryset.values("pk")).values_list(
            "pk", "name", "family_name"
        )
        found = [
            pk
            for pk, name, family_name in names.iterator()
            if term in fold(name) or term in fold(family_name)
        ]
        return queryset.filter(pk__in=found)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                emails=Count("notifications"),
                emails_delivered=Count(
                    "notifications", filter=Q(notifications__sent_at__isnull=False)
                ),
                is_overdue=Exists(Inquiry.objects.overdue().filter(pk=OuterRef("pk"))),
                **last_attempt(),
            )
        )

    def get_ordering(self, request):
        # Families still waiting come first, the longest waiting at the top.
        still_open = Case(
            When(status__in=Inquiry.OPEN_STATUSES, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return [still_open.asc(), "created_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        editable = set(WORK_FIELDS)
        if not request.user.has_perm("contact.hold_inquiry"):
            editable.discard("legal_hold")
        return [
            *self.readonly_fields,
            *(f.name for f in Inquiry._meta.fields if f.name not in editable),
        ]

    def get_fieldsets(self, request, obj=None):
        # The card above says what a call needs; the rest of what they sent is
        # folded ("collapse"), so the records to fill in come soon after.
        left_out = set()
        if not self.has_change_permission(request, obj):
            # Someone who may only look has nothing to merge (see merge.py).
            left_out.add("loaded")
        parent = obj is not None and not obj.is_referral
        if parent:
            left_out.update(["referrer_kind", "organisation", "family_agreed"])
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in left_out],
                },
            )
            for name, options in self.fieldsets
            if not (parent and name == REFERRAL_SECTION)
        ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.editor = request.user
        return form

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Inquiries leave only through the retention rules (purge_inquiries).
        return False

    def has_export_permission(self, request):
        return request.user.has_perm("contact.export_inquiry")

    def changelist_view(self, request, extra_context=None):
        # The list needs the width: the page tree is one click away (Home).
        extra_context = {
            "title": "Inquiries: who to call",
            "is_nav_sidebar_enabled": False,
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            "title": "Inquiry",
            "is_nav_sidebar_enabled": False,
            **(extra_context or {}),
        }
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            inquiry = response.context_data["original"]
            AccessLog.objects.record(request.user, AccessLog.Action.VIEW, [inquiry])
        return response

    def save_model(self, request, obj, form, change):
        # Only the form's fields, as merged (merge.py): the rest of the row, read
        # when the request began, may be older than a colleague's save. The
        # status goes through set_status(), which records the change and queues
        # what follows it.
        if fields := [name for name in form.names if name != "status"]:
            obj.save(update_fields=fields)
        obj.set_status(obj.status, by=request.user)
        AccessLog.objects.record(request.user, AccessLog.Action.CHANGE, [obj])

    def save_formset(self, request, form, formset, change):
        attempted = False
        for instance in formset.save(commit=False):
            if hasattr(instance, "attempted_by_id") and instance._state.adding:
                instance.attempted_by = request.user
                attempted = True
            if hasattr(instance, "written_by_id") and instance._state.adding:
                instance.written_by = request.user
            instance.save()
        formset.save_m2m()
        inquiry = form.instance
        if attempted and inquiry.status == Inquiry.Status.NEW:
            # A first call, text or email: no longer "new, not yet contacted".
            inquiry.set_status(Inquiry.Status.CONTACTED, by=request.user)
            self.message_user(
                request, "Status set to “Contacted”: a first attempt is recorded."
            )

    @admin.display(description="waiting", ordering="created_at")
    def waiting(self, obj):
        if obj.status not in Inquiry.OPEN_STATUSES:
            return "—"
        days = obj.waiting_business_days()
        text = f"{days} business day{'s' if days != 1 else ''}"
        if getattr(obj, "is_overdue", False):
            return format_html(
                '<span class="inquiry-overdue">{} · overdue</span>', text
            )
        return text

    @admin.display(description="status", ordering="status")
    def status_badge(self, obj):
        badge = format_html(
            '<span class="inquiry-status inquiry-status--{}">{}</span>',
            obj.status,
            obj.get_status_display(),
        )
        if obj.held:
            badge += format_html(
                '<span class="inquiry-held">{}</span>', "held: check it is genuine"
            )
        badge = format_html("{}{}", badge, display.last_attempt_line(obj))
        if obj.emails_due:
            badge += format_html(
                '<span class="inquiry-undelivered">{}</span>', "emails: being queued"
            )
        elif obj.emails_delivered < obj.emails:
            badge += format_html(
                '<span class="inquiry-undelivered">emails: {} of {} sent</span>',
                obj.emails_delivered,
                obj.emails,
            )
        return badge

    @admin.display(description="who to call", ordering="name")
    def who_to_call(self, obj):
        return display.who_to_call(obj)

    @admin.display(description="how to reach them")
    def how_to_reach(self, obj):
        return display.how_to_reach(obj)

    @admin.display(description="assigned to", ordering="assigned_to__first_name")
    def assigned_name(self, obj):
        return display.person(obj.assigned_to) or display.NOTHING

    @admin.display(description="next step", ordering="next_step_on")
    def next_step(self, obj):
        return display.next_step(obj)

    @admin.display(description="")
    def contact_card(self, obj):
        return display.contact_card(obj)

    @admin.display(boolean=True, description="out of scope")
    def out_of_scope(self, obj):
        return obj.is_out_of_scope

    @admin.display(description="what brings them")
    def concern_list(self, obj):
        return ", ".join(obj.concern_labels()) or "—"

    @admin.action(description="Assign to me", permissions=["change"])
    def assign_to_me(self, request, queryset):
        # Only clinicians can be chosen on the form; anyone else would be wiped
        # out, unseen, by the next save of the inquiry.
        if not request.user.groups.filter(name=CLINICIANS_GROUP).exists():
            self.message_user(
                request,
                "Only members of the Clinicians group can be assigned inquiries.",
                messages.WARNING,
            )
            return
        count = 0
        for inquiry in queryset.exclude(assigned_to=request.user):
            inquiry.assigned_to = request.user
            inquiry.save(update_fields=["assigned_to"])
            # Named in the admin's log, as a change on the inquiry page is.
            self.log_change(
                request, inquiry, [{"changed": {"fields": ["Assigned to"]}}]
            )
            count += 1
        AccessLog.objects.record(request.user, AccessLog.Action.CHANGE, queryset)
        self.message_user(request, f"{count} inquiries assigned to you.")

    @admin.action(
        description="Not spam: mark as new and send the notifications",
        permissions=["change"],
    )
    def mark_not_spam(self, request, queryset):
        # Read once: the list's spam filter no longer finds them once changed.
        spam = list(queryset.filter(status=Inquiry.Status.SPAM))
        count = sum(
            inquiry.set_status(Inquiry.Status.NEW, by=request.user) for inquiry in spam
        )
        AccessLog.objects.record(request.user, AccessLog.Action.CHANGE, spam)
        self.message_user(
            request, f"{count} inquiries marked as not spam.", messages.SUCCESS
        )

    @admin.action(
        description="Export to CSV (without messages)", permissions=["export"]
    )
    def export(self, request, queryset):
        return export_csv(request, queryset, with_message=False)

    @admin.action(
        description="Export to CSV, including the family's messages",
        permissions=["export"],
    )
    def export_with_message(self, request, queryset):
        return export_csv(request, queryset, with_message=True)
