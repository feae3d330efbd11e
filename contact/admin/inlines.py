from django import forms
from django.contrib import admin
from django.contrib.admin.utils import display_for_value
from django.utils import timezone
from django.utils.text import capfirst

from ..models import (
    AccessLog,
    ContactAttempt,
    InternalNote,
    Notification,
    Reply,
    StatusChange,
)
from .display import person


def colleague(inline, user):
    """A colleague's name as text: a link would lead clinicians to the user
    pages, which only practice admins may open."""
    return person(user) or inline.admin_site.empty_value_display


class NamesColleague:
    """An inline whose rows name the colleague in `colleague_field`, loaded
    with the rows (one query, not one per row)."""

    colleague_field = None

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.colleague_field)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NotificationInline(ReadOnlyInline):
    model = Notification
    fields = [
        "kind",
        "sent_at",
        "attempts",
        "last_attempt_at",
        "last_error",
        "next_attempt",
    ]

    @admin.display(description="next attempt")
    def next_attempt(self, notification):
        # A sent email is not tried again.
        value = None if notification.sent_at else notification.next_attempt_at
        return display_for_value(value, self.admin_site.empty_value_display)


class StatusChangeInline(NamesColleague, ReadOnlyInline):
    colleague_field = "changed_by"
    model = StatusChange
    fields = ["changed_at", "from_status", "to_status", "changed_by_name"]
    verbose_name_plural = "status history"

    @admin.display(description="changed by")
    def changed_by_name(self, change):
        return colleague(self, change.changed_by)


class AddOnlyInline(admin.TabularInline):
    """Rows are added, never edited or removed: the record of what was done."""

    extra = 1
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A tabular inline labels its inputs by column header only, which screen
        # readers do not announce: name each input.
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None:
            field.widget.attrs["aria-label"] = capfirst(db_field.verbose_name)
        return field


class ContactAttemptForm(forms.ModelForm):
    def save(self, commit=True):
        # The time is filled in when the page opens (Django keeps that value in
        # a hidden initial): left as it was, the attempt happened at saving, not
        # when the page was opened before a session.
        if self.instance._state.adding and "attempted_at" not in self.changed_data:
            self.instance.attempted_at = timezone.now()
        return super().save(commit)


class ContactAttemptInline(NamesColleague, AddOnlyInline):
    colleague_field = "attempted_by"
    form = ContactAttemptForm
    model = ContactAttempt
    fields = ["attempted_at", "method", "outcome", "attempted_by_name"]
    readonly_fields = ["attempted_by_name"]
    verbose_name_plural = "contact attempts"

    @admin.display(description="by")
    def attempted_by_name(self, attempt):
        return colleague(self, attempt.attempted_by)


class InternalNoteInline(NamesColleague, AddOnlyInline):
    colleague_field = "written_by"
    model = InternalNote
    fields = ["text", "when", "written_by_name"]
    readonly_fields = ["when", "written_by_name"]
    verbose_name_plural = "internal notes (never emailed)"

    @admin.display(description="by")
    def written_by_name(self, note):
        return colleague(self, note.written_by)

    @admin.display(description="when")
    def when(self, note):
        # The blank row for a new note has no time yet: only saved notes do.
        value = note.written_at if note.pk else None
        return display_for_value(value, self.admin_site.empty_value_display)


class AccessLogInline(ReadOnlyInline):
    model = AccessLog
    fields = ["at", "who", "action"]
    verbose_name_plural = "access log"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    @admin.display(description="who")
    def who(self, log):
        # The colleague's name and the username recorded (names can repeat).
        name = person(log.user)
        if name and name != log.username:
            return f"{name} ({log.username})"
        return log.username or "the system"

    def has_view_permission(self, request, obj=None):
        # Whoever may open the inquiry sees who else has.
        return request.user.has_perm("contact.view_inquiry")


class ReplyInline(ReadOnlyInline):
    model = Reply
    fields = ["written_at", "sent_by_name", "subject", "body", "delivery"]
    readonly_fields = ["delivery"]
    verbose_name_plural = "emails written to the family"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("sent_by", "notification")

    @admin.display(description="by")
    def sent_by_name(self, reply):
        return colleague(self, reply.sent_by)

    def has_view_permission(self, request, obj=None):
        # Kept with the inquiry: whoever may open it reads what was written.
        return request.user.has_perm("contact.view_inquiry")

    @admin.display(description="delivery")
    def delivery(self, obj):
        return obj.delivery()
