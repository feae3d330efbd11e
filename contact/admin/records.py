from django.contrib import admin

from ..models import AccessLog, InquiryStat, Resource


class ViewOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ViewOnlyAdmin):
    list_display = ["at", "reference", "username", "action"]
    list_filter = ["action", "at"]
    search_fields = ["=reference", "username"]
    date_hierarchy = "at"
    fields = ["at", "reference", "inquiry", "username", "action"]
    readonly_fields = fields
    actions = None


@admin.register(InquiryStat)
class InquiryStatAdmin(ViewOnlyAdmin):
    list_display = ["month", "dimension", "value_label", "count"]
    list_filter = ["dimension", "month"]
    actions = None


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "phone", "is_active", "order"]
    list_editable = ["is_active", "order"]
    search_fields = ["title", "description"]
