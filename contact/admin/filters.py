from django.contrib import admin
from django.db.models import Q

from ..models import Inquiry, Notification


class DeliveryFilter(admin.SimpleListFilter):
    title = "email delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("pending", "Not yet delivered"), ("failing", "Failing (retrying)")]

    def queryset(self, request, queryset):
        undelivered = Notification.objects.undelivered()
        if self.value() == "pending":
            return queryset.filter(
                Q(notifications__in=undelivered) | Q(emails_due=True)
            ).distinct()
        if self.value() == "failing":
            return queryset.filter(
                notifications__in=undelivered.exclude(last_error="")
            ).distinct()
        return queryset


class AssignedFilter(admin.SimpleListFilter):
    title = "assigned to"
    parameter_name = "assigned"

    def lookups(self, request, model_admin):
        return [("me", "Me"), ("nobody", "Nobody yet")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = "response target"
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", "Overdue")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        return queryset


class ConcernFilter(admin.SimpleListFilter):
    title = "what brings them"
    parameter_name = "concern"

    def lookups(self, request, model_admin):
        return Inquiry.Concern.choices

    def queryset(self, request, queryset):
        if self.value() in Inquiry.Concern.values:
            # A JSON list of codes: matching the quoted code works on both databases.
            return queryset.filter(concerns__icontains=f'"{self.value()}"')
        return queryset


class SpamFilter(admin.SimpleListFilter):
    """Spam is hidden unless asked for, or unless a status is chosen."""

    title = "spam"
    parameter_name = "spam"

    def lookups(self, request, model_admin):
        return [("only", "Suspected spam only"), ("include", "Include spam")]

    def choices(self, changelist):
        choices = list(super().choices(changelist))
        choices[0]["display"] = "Hide spam"
        return choices

    def queryset(self, request, queryset):
        if self.value() == "only":
            return queryset.filter(status=Inquiry.Status.SPAM)
        if self.value() == "include" or "status__exact" in request.GET:
            return queryset
        return queryset.exclude(status=Inquiry.Status.SPAM)


class FollowUpFilter(admin.SimpleListFilter):
    title = "next step"
    parameter_name = "next_step"

    def lookups(self, request, model_admin):
        return [
            ("due", "Due today or overdue"),
            ("today", "Due today"),
            ("overdue", "Overdue"),
        ]

    def queryset(self, request, queryset):
        if self.value() in ("today", "overdue"):
            return queryset.follow_ups(self.value())
        if self.value() == "due":
            return queryset.follow_ups("today") | queryset.follow_ups("overdue")
        return queryset
