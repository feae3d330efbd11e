"""Staff in plain words: people by name, one role each, invited by email,
deactivated rather than deleted (the audit log keeps their names)."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group

from .forms import StaffForm
from .invitations import invite
from .roles import SHORT_LABELS, role_of, set_role

User = get_user_model()

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    """Roles are chosen on each person; the raw groups are for superusers."""

    search_fields = ["name"]
    filter_horizontal = ["permissions"]

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser


class RoleFilter(admin.SimpleListFilter):
    title = "role"
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return list(SHORT_LABELS.items())

    def queryset(self, request, queryset):
        from .roles import ROLES

        if self.value() in ROLES:
            return queryset.filter(groups__name=ROLES[self.value()])
        return queryset


@admin.register(User)
class StaffAdmin(UserAdmin):
    list_display = ["full_name", "email", "role", "is_active", "last_login"]
    list_display_links = ["full_name"]
    list_filter = [RoleFilter, "is_active"]
    search_fields = ["first_name", "last_name", "email", "username"]
    ordering = ["first_name", "last_name"]
    readonly_fields = ["last_login", "date_joined"]
    actions = ["deactivate", "invite_again"]
    add_form_template = None
    filter_horizontal = ["groups", "user_permissions"]

    def get_form(self, request, obj=None, **kwargs):
        # Not UserAdmin's username-and-password forms: StaffForm for everyone.
        kwargs["form"] = StaffForm
        return admin.ModelAdmin.get_form(self, request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        person = (None, {"fields": ["first_name", "last_name", "email", "role"]})
        if obj is None:
            return [person]
        status = (
            "Access",
            {
                "fields": ["is_active", "last_login", "date_joined"],
                "description": "Untick “Active” when someone leaves: they can no "
                "longer sign in, and the records keep their name.",
            },
        )
        if not request.user.is_superuser:
            return [person, status]
        return [
            person,
            status,
            (
                "Superusers only",
                {
                    "fields": [
                        "username",
                        "is_staff",
                        "is_superuser",
                        "groups",
                        "user_permissions",
                    ],
                    "classes": ["collapse"],
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def has_change_permission(self, request, obj=None):
        # A superuser's record is changed by a superuser only.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        adding = not change
        super().save_model(request, obj, form, change)
        if "role" in form.cleaned_data:
            set_role(obj, form.cleaned_data["role"])
        if adding:
            invite(obj, invited_by_name=request.user.get_full_name())
            self.message_user(
                request,
                f"An invitation is on its way to {obj.email}. The link in it works "
                "once, for a few days.",
            )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "role" in form.cleaned_data:
            # Superusers' form also saves groups: the role wins.
            set_role(form.instance, form.cleaned_data["role"])

    @admin.display(description="name", ordering="first_name")
    def full_name(self, obj):
        return obj.get_full_name() or obj.get_username()

    @admin.display(description="role")
    def role(self, obj):
        return SHORT_LABELS.get(role_of(obj), "No access")

    @admin.action(description="Deactivate: they can no longer sign in")
    def deactivate(self, request, queryset):
        count = queryset.exclude(pk=request.user.pk).update(is_active=False)
        if queryset.filter(pk=request.user.pk).exists():
            self.message_user(
                request, "You cannot deactivate yourself.", messages.WARNING
            )
        self.message_user(request, f"{count} deactivated.")

    @admin.action(description="Send the invitation again")
    def invite_again(self, request, queryset):
        waiting = [user for user in queryset if user.last_login is None]
        for user in waiting:
            invite(user, invited_by_name=request.user.get_full_name())
        self.message_user(
            request,
            f"{len(waiting)} invitation{'s' if len(waiting) != 1 else ''} sent. "
            "Those who have signed in before use “Forgotten your password?” "
            "with a practice admin instead.",
        )
