import dataclasses

from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import image_admin  # noqa: F401  (registers the image library)
from .diff import compare
from .forms import PageAdminForm
from .models import Page, Redirect, SiteSettings
from .models.kept import (
    address_is_fixed,
    cannot_be_deleted,
    cannot_be_unpublished,
)


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


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Page.Status.choices

    def queryset(self, request, queryset):
        # The status is the model's rule (Page.status_at), so it is asked page by page.
        if self.value():
            now = timezone.now()
            keep = [p.pk for p in queryset if p.status_at(now) == self.value()]
            return queryset.filter(pk__in=keep)
        return queryset


SCHEDULE_SECTION = "Address, menu and schedule"


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageAdminForm
    change_form_template = "admin/pages/page/change_form.html"
    list_display = [
        "title",
        "status",
        "show_in_navigation",
        "navigation_order",
        "spanish",
        "last_saved",
    ]
    list_editable = ["show_in_navigation", "navigation_order"]
    list_filter = [StatusFilter, ReviewFilter, SpanishFilter, "show_in_navigation"]
    list_select_related = ["live_revision", "scheduled_revision", "updated_by"]
    search_fields = ["title", "slug", "body", "title_es", "body_es"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]

    class Media:
        css = {"all": ["css/page-admin.css"]}

    fieldsets = [
        (
            "English and Spanish",
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
            SCHEDULE_SECTION,
            {
                "fields": [
                    "slug",
                    ("show_in_navigation", "navigation_order"),
                    ("navigation_label", "navigation_label_es"),
                    "publish_at",
                    "expire_at",
                ],
                "description": "The address, the menu and “Take offline at” apply "
                "as soon as you save. “Publish at” is used when you press Publish.",
            },
        ),
        (
            "Record",
            {"fields": [("created_at", "created_by"), ("updated_at", "updated_by")]},
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = self.fieldsets
        if obj is not None and obj.is_kept:
            # Its address and offline time are locked: say only what applies.
            fieldsets = [
                (
                    name,
                    {
                        **options,
                        "description": "The menu applies as soon as you "
                        "save. “Publish at” is used when you press Publish.",
                    }
                    if name == SCHEDULE_SECTION
                    else options,
                )
                for name, options in fieldsets
            ]
        if obj is not None and obj.has_spanish:
            return fieldsets
        # Nothing to check against: the Spanish is new, and saving it marks it current.
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f != "spanish_checked"],
                },
            )
            for name, options in fieldsets
        ]

    @admin.display(description="status")
    def status(self, page):
        return page.status_text()

    @admin.display(description="last saved", ordering="updated_at")
    def last_saved(self, page):
        # Date and time each stay whole, so the column can be two lines narrow.
        moment = timezone.localtime(page.updated_at)
        return format_html(
            '<span class="nowrap">{},</span> <span class="nowrap">{}</span>',
            date_format(moment, "DATE_FORMAT"),
            time_format(moment, "TIME_FORMAT"),
        )

    @admin.display(description="Spanish")
    def spanish(self, page):
        if not page.has_spanish:
            return "None yet"
        return "Out of date" if page.spanish_out_of_date else "Up to date"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        root = request.build_absolute_uri("/")
        slug = form.base_fields.get("slug")
        if slug:
            slug.label = "Address"  # "Slug" is a word only developers know.
        if slug and obj is not None and obj.is_home:
            slug.help_text = (
                f"This is the home page: its address is {root} (and {root}es/ in "
                "Spanish). It cannot be changed, so that the site's front door "
                "never moves."
            )
        elif slug and obj is not None and obj.is_kept:
            slug.help_text = (
                f"{address_is_fixed(obj.slug)} Visitors find it at "
                f"{root.rstrip('/')}{obj.get_absolute_url()} (and {root}es/"
                f"{obj.slug}/ in Spanish)."
            )
        elif slug:
            address = obj.get_absolute_url() if obj else "/your-words-here/"
            slug.help_text = (
                f"The page's address: {root.rstrip('/')}{address} "
                "Only small letters, numbers and hyphens. A new address works as "
                "soon as you save; on a published page the old one keeps working "
                "and leads to the new one."
            )
        order = form.base_fields.get("navigation_order")
        if order:
            menu = Page.objects.filter(show_in_navigation=True).exclude(
                pk=getattr(obj, "pk", None)
            )
            places = ", ".join(f"{p.menu_label} {p.navigation_order}" for p in menu)
            order.help_text = f"Lower numbers come first. The menu now: {places}."
            if obj is None:
                last = max((p.navigation_order for p in menu), default=0)
                order.initial = last + 10
        return form

    def get_changeform_initial_data(self, request):
        return {
            "show_in_navigation": True,
            **super().get_changeform_initial_data(request),
        }

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        publish_at = form.cleaned_data.get("publish_at")
        if "_publish" in request.POST:
            obj.publish(user=request.user, at=publish_at)
        else:
            obj.save()
        if change and "slug" in form.changed_data:
            self._tell_new_address(request, obj, old_slug=form.initial["slug"])
        if "_publish" in request.POST:
            return
        if publish_at:
            # The time is only read by Publish: say so rather than drop it quietly.
            when = date_format(timezone.localtime(publish_at), "DATETIME_FORMAT")
            messages.warning(
                request,
                f"Your draft is saved but not scheduled: “Publish at” is used only "
                f"when you press Publish. To schedule it, enter {when} again and "
                f"press Publish.",
            )

    def _tell_new_address(self, request, page, old_slug):
        # The address is not versioned: it changed on the site with this save.
        if not page.redirects.filter(old_slug=old_slug).exists():
            return
        old = reverse("pages:detail", kwargs={"slug": old_slug})
        messages.success(
            request,
            f"The page's address is now {page.get_absolute_url()}. The old address "
            f"{old} leads there.",
        )

    def render_change_form(self, request, context, *args, **kwargs):
        # The admin's "Please correct the error below." names no field, and the
        # address sits far down the form: say where each error is.
        form = context["adminform"].form
        context["fields_with_errors"] = [
            {
                "label": form[name].label,
                "id": form[name].id_for_label,
                "fieldset": fieldset,
            }
            for fieldset, options in context["adminform"].fieldsets
            for name in flatten_fieldsets([(fieldset, options)])
            if name in form.errors
        ]
        return super().render_change_form(request, context, *args, **kwargs)

    def response_add(self, request, obj, post_url_continue=None):
        return self._after_save(request, obj) or super().response_add(request, obj)

    def response_change(self, request, obj):
        return self._after_save(request, obj) or super().response_change(request, obj)

    def _after_save(self, request, obj):
        change_url = reverse("admin:pages_page_change", args=[obj.pk])
        if "_publish" in request.POST:
            if obj.is_scheduled():
                live = (
                    "The site keeps showing the current version until then."
                    if obj.is_live()
                    else "Until then it stays off the site."
                )
                messages.success(
                    request, f"“{obj}” is scheduled: {obj.status_sentence()} {live}"
                )
            else:
                messages.success(
                    request, f"“{obj}” is published: the site shows it now."
                )
            return redirect(change_url)
        if "_preview" in request.POST:
            return redirect("admin:pages_page_preview", obj.pk)
        if "_continue" in request.POST:
            # Said plainly instead of the admin's "…was changed successfully".
            messages.success(request, f"Draft saved. {_what_visitors_see(obj)}")
            return redirect(change_url)
        return None

    def has_delete_permission(self, request, obj=None):
        # The home page and the privacy notice stay (kept.py), for everyone.
        if obj is not None and obj.is_kept:
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        # "Delete selected pages" asks about the page type, not each page.
        kept = [page for page in queryset if page.is_kept]
        if kept:
            raise PermissionDenied(cannot_be_deleted(kept[0].slug))
        super().delete_queryset(request, queryset)

    def get_actions(self, request, action_location=admin.ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if "delete_selected" in actions:
            action = actions["delete_selected"]
            delete = action.func

            def delete_unless_kept(modeladmin, request, queryset):
                kept = [page for page in queryset if page.is_kept]
                if kept:
                    messages.error(request, cannot_be_deleted(kept[0].slug))
                    return None
                return delete(modeladmin, request, queryset)

            actions["delete_selected"] = dataclasses.replace(
                action, func=delete_unless_kept
            )
        return actions

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/preview/", view(self.preview_view), name="pages_page_preview"
            ),
            path(
                "<int:pk>/unpublish/",
                view(self.unpublish_view),
                name="pages_page_unpublish",
            ),
            path(
                "<int:pk>/cancel-schedule/",
                view(self.cancel_schedule_view),
                name="pages_page_cancel_schedule",
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
        page = get_object_or_404(
            Page.objects.select_related("live_revision", "scheduled_revision"), pk=pk
        )
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

    def unpublish_view(self, request, pk):
        page = self._page(request, pk, change=True)
        if page.is_kept:
            messages.error(request, cannot_be_unpublished(page.slug))
            return redirect("admin:pages_page_change", page.pk)
        if request.method == "POST":
            page.unpublish(user=request.user)
            messages.success(request, f"“{page}” is off the site. Its draft is kept.")
            return redirect("admin:pages_page_change", page.pk)
        return self._confirm(
            request,
            page,
            title=f"Take “{page}” off the site?",
            text="Visitors who open its address will see “page not found”, and it "
            "leaves the menu. Its text is kept as a draft: press Publish to put it "
            "back.",
            button="Yes, take it off the site",
        )

    def cancel_schedule_view(self, request, pk):
        page = self._page(request, pk, change=True)
        if request.method == "POST":
            page.cancel_schedule(user=request.user)
            messages.success(
                request,
                f"The schedule of “{page}” is cancelled. Your text is kept as a draft.",
            )
            return redirect("admin:pages_page_change", page.pk)
        return self._confirm(
            request,
            page,
            title=f"Cancel the scheduled version of “{page}”?",
            text=f"{page.status_sentence()} After cancelling, the site keeps showing "
            "what it shows now; the scheduled text stays in the draft and history.",
            button="Yes, cancel the schedule",
        )

    def _confirm(self, request, page, *, title, text, button):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "page": page,
            "title": title,
            "text": text,
            "button": button,
        }
        return TemplateResponse(request, "admin/pages/page/confirm.html", context)

    def history_view(self, request, object_id, extra_context=None):
        page = self._page(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "page": page,
            "title": f"History of “{page}”",
            "revisions": page.history(),
            "current": page.current_revision(),
            "has_change_permission": self.has_change_permission(request, page),
        }
        return TemplateResponse(request, "admin/pages/page/revisions.html", context)

    def compare_view(self, request, pk, revision_pk):
        page = self._page(request, pk)
        revision = get_object_or_404(page.revisions, pk=revision_pk)
        current = page.current_revision()
        base = current.content if current else page.content()
        # What "Use this version" would make the draft, so the two agree.
        restored, kept_spanish = page.restored_content(revision)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "page": page,
            "revision": revision,
            "go_live_at": page.go_live_of(revision),
            "title": f"Changes in “{page}”",
            "against": "the live page" if current else "the current draft",
            "fields": compare(base, restored),
            "kept_spanish": kept_spanish,
            "has_change_permission": self.has_change_permission(request, page),
        }
        return TemplateResponse(request, "admin/pages/page/compare.html", context)

    @method_decorator(require_POST)
    def revert_view(self, request, pk, revision_pk):
        page = self._page(request, pk, change=True)
        revision = get_object_or_404(page.revisions, pk=revision_pk)
        kept_spanish = page.revert_to(revision, user=request.user)
        saved = date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
        # One full stop after the time, whether or not it ends in "a.m.".
        news = f"The draft now has the content saved on {saved}".removesuffix(".")
        spanish = (
            " The Spanish text is kept from your current draft: the version you "
            "chose had none."
            if kept_spanish
            else ""
        )
        messages.success(
            request,
            f"{news}.{spanish} Check it, then press Publish to put it on the site.",
        )
        return redirect("admin:pages_page_change", page.pk)


def _what_visitors_see(page):
    if page.is_live():
        return "Visitors still see the published version."
    if page.status == Page.Status.OFFLINE:
        return "The page is offline: visitors don't see it."
    return "The page is not on the site yet."


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
