from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .diff import compare
from .forms import PageAdminForm
from .models import Page, Redirect, SiteSettings


class ReviewFilter(admin.SimpleListFilter):
    title = "clinical review"
    parameter_name = "review"

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Review overdue"),
            ("soon", "Due within 30 days"),
            ("unset", "No review date"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "overdue":
                return queryset.review_overdue(today)
            case "soon":
                return queryset.filter(
                    review_due__gte=today,
                    review_due__lte=today + timezone.timedelta(days=30),
                )
            case "unset":
                return queryset.filter(review_due__isnull=True)
        return queryset


class SpanishFilter(admin.SimpleListFilter):
    title = "Spanish version"
    parameter_name = "spanish"

    def lookups(self, request, model_admin):
        return [("outdated", "Out of date"), ("none", "None yet")]

    def queryset(self, request, queryset):
        # Both need the page's content, so they are worked out in Python.
        if self.value() == "outdated":
            keep = [page.pk for page in queryset if page.spanish_out_of_date]
        elif self.value() == "none":
            keep = [page.pk for page in queryset if not page.has_spanish]
        else:
            return queryset
        return queryset.filter(pk__in=keep)


class LiveFilter(admin.SimpleListFilter):
    title = "on the site"
    parameter_name = "live"

    def lookups(self, request, model_admin):
        return [("yes", "Published"), ("no", "Draft only")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(live_revision__isnull=self.value() == "no")
        return queryset


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageAdminForm
    change_form_template = "admin/pages/page/change_form.html"
    list_display = [
        "title",
        "slug",
        "status",
        "spanish",
        "review_due",
        "updated_at",
        "updated_by",
    ]
    list_filter = [LiveFilter, ReviewFilter, SpanishFilter, "show_in_navigation"]
    list_select_related = ["live_revision", "updated_by"]
    search_fields = ["title", "slug", "body", "title_es", "body_es"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    fieldsets = [
        (
            "English and Spanish, side by side",
            {
                "fields": [
                    ("title", "title_es"),
                    ("body", "body_es"),
                    "spanish_checked",
                    "loaded_version",
                ],
                "description": "Without a Spanish title and text, Spanish visitors "
                "see the English page with a short note in Spanish.",
            },
        ),
        ("Clinical review", {"fields": ["reviewed_by", "reviewed_on", "review_due"]}),
        (
            "Search engines",
            {
                "fields": [
                    ("seo_title", "seo_title_es"),
                    ("meta_description", "meta_description_es"),
                ]
            },
        ),
        (
            "Address, menu and schedule (these apply as soon as you save)",
            {
                "fields": [
                    "slug",
                    ("show_in_navigation", "navigation_order"),
                    ("navigation_label", "navigation_label_es"),
                    ("go_live_at", "expire_at"),
                ]
            },
        ),
        (
            "Record",
            {"fields": [("created_at", "created_by"), ("updated_at", "updated_by")]},
        ),
    ]

    @admin.display(description="status")
    def status(self, page):
        if not page.live_revision_id:
            return "Draft"
        now = timezone.now()
        if page.go_live_at and page.go_live_at > now:
            return "Scheduled"
        if page.expire_at and page.expire_at <= now:
            return "Expired"
        if page.has_unpublished_changes:
            return "Published, with unpublished changes"
        return "Published"

    @admin.display(description="Spanish")
    def spanish(self, page):
        if not page.has_spanish:
            return "None yet"
        return "Out of date" if page.spanish_out_of_date else "Up to date"

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(request, obj)

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def _after_save(self, request, obj):
        change_url = reverse("admin:pages_page_change", args=[obj.pk])
        if "_publish" in request.POST:
            obj.publish(user=request.user)
            messages.success(request, f"“{obj}” is published: the site shows it now.")
            return redirect(change_url)
        if "_unpublish" in request.POST:
            obj.unpublish(user=request.user)
            messages.success(request, f"“{obj}” is off the site. Its draft is kept.")
            return redirect(change_url)
        if "_preview" in request.POST:
            return redirect("admin:pages_page_preview", obj.pk)
        return None

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/preview/", view(self.preview_view), name="pages_page_preview"
            ),
            path(
                "<int:pk>/revisions/<int:revision_pk>/",
                view(self.compare_view),
                name="pages_page_compare",
            ),
            path(
                "<int:pk>/revisions/<int:revision_pk>/revert/",
                view(self.revert_view),
                name="pages_page_revert",
            ),
            *super().get_urls(),
        ]

    def _page(self, request, pk, *, change=False):
        page = get_object_or_404(Page.objects.select_related("live_revision"), pk=pk)
        allowed = (
            self.has_change_permission(request, page)
            if change
            else self.has_view_or_change_permission(request, page)
        )
        if not allowed:
            raise PermissionDenied
        return page

    @method_decorator(never_cache)
    def preview_view(self, request, pk):
        page = self._page(request, pk)
        language = "es" if request.GET.get("language") == "es" else "en"
        with translation.override(language):
            response = TemplateResponse(
                request,
                "pages/page_detail.html",
                {"page": page.localized(), "preview": True},
            ).render()
        response["X-Robots-Tag"] = "noindex"
        return response

    def history_view(self, request, object_id, extra_context=None):
        page = self._page(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "page": page,
            "title": f"History of “{page}”",
            "revisions": page.revisions.select_related("created_by"),
            "has_change_permission": self.has_change_permission(request, page),
        }
        return TemplateResponse(request, "admin/pages/page/revisions.html", context)

    def compare_view(self, request, pk, revision_pk):
        page = self._page(request, pk)
        revision = get_object_or_404(page.revisions, pk=revision_pk)
        base = page.live_revision.content if page.live_revision else page.content()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "page": page,
            "revision": revision,
            "title": f"Changes in “{page}”",
            "against": "the live page" if page.live_revision else "the current draft",
            "fields": compare(base, revision.content),
            "has_change_permission": self.has_change_permission(request, page),
        }
        return TemplateResponse(request, "admin/pages/page/compare.html", context)

    @method_decorator(require_POST)
    def revert_view(self, request, pk, revision_pk):
        page = self._page(request, pk, change=True)
        revision = get_object_or_404(page.revisions, pk=revision_pk)
        page.revert_to(revision, user=request.user)
        messages.success(
            request,
            f"The draft now has the content saved on "
            f"{timezone.localtime(revision.created_at):%B %-d, %Y at %H:%M}. "
            "Check it, then press Publish to put it on the site.",
        )
        return redirect("admin:pages_page_change", page.pk)


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "page", "created_at"]
    search_fields = ["old_slug", "page__title", "page__slug"]
    list_select_related = ["page"]
    autocomplete_fields = ["page"]


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
