"""Admin search that keeps what a clinician searched for (a family's name,
email or phone) out of every address, so out of web server logs, browser
history and Referer headers.

The search box posts; the term is kept in the clinician's session under a
random key, and the list's address carries only that key (`?s=…`): so do its
filter, page and sort links, and the change links' preserved filters.

A list filter on a field the family typed (their preferred language) uses
`private_values_filter`: its links carry a keyed digest of each value."""

import secrets

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.http import HttpResponseRedirect
from django.utils.crypto import salted_hmac

SEARCH_KEY_VAR = "s"
SESSION_KEY = "security:admin_searches"
# Searches kept per session; older keys then say the search expired.
KEPT_SEARCHES = 20


class PrivateSearchChangeList(ChangeList):
    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.query = self.model_admin.private_search_term(request)

    def get_filters_params(self, params=None):
        lookup_params = super().get_filters_params(params)
        lookup_params.pop(SEARCH_KEY_VAR, None)
        return lookup_params


class PrivateSearchMixin:
    private_search = True  # templates/admin/search_form.html posts the box

    def get_changelist(self, request, **kwargs):
        return PrivateSearchChangeList

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_private_search" in request.POST:
            return self._search_redirect(request, request.POST.get(SEARCH_VAR, ""))
        if SEARCH_VAR in request.GET:
            # A typed or bookmarked ?q=: one log line has it; nothing after.
            return self._search_redirect(request, request.GET[SEARCH_VAR])
        key = request.GET.get(SEARCH_KEY_VAR)
        if key is not None and key not in request.session.get(SESSION_KEY, {}):
            messages.warning(request, "That search has expired. Please search again.")
            return self._search_redirect(request, "")
        return super().changelist_view(request, extra_context)

    def private_search_term(self, request):
        key = request.GET.get(SEARCH_KEY_VAR, "")
        return request.session.get(SESSION_KEY, {}).get(key, "")

    def get_search_results(self, request, queryset, search_term):
        term = self.private_search_term(request)
        return super().get_search_results(request, queryset, term)

    def _search_redirect(self, request, term):
        params = request.GET.copy()
        for name in (SEARCH_VAR, SEARCH_KEY_VAR, "p"):
            params.pop(name, None)
        term = " ".join(term.split())[:200]
        if term:
            searches = request.session.get(SESSION_KEY, {})
            key = secrets.token_urlsafe(9)
            searches[key] = term
            request.session[SESSION_KEY] = dict(list(searches.items())[-KEPT_SEARCHES:])
            params[SEARCH_KEY_VAR] = key
        query = params.urlencode()
        return HttpResponseRedirect(request.path + (f"?{query}" if query else ""))


def value_key(value):
    return salted_hmac("security.admin.value", value, algorithm="sha256").hexdigest()[
        :16
    ]


def private_values_filter(field_name, group=str):
    """A list filter offering each value of `field_name`, keyed in addresses;
    values that `group` names alike are one choice."""

    class PrivateValuesFilter(admin.SimpleListFilter):
        parameter_name = field_name

        def __init__(self, request, params, model, model_admin):
            self.title = model._meta.get_field(field_name).verbose_name
            super().__init__(request, params, model, model_admin)

        def lookups(self, request, model_admin):
            values = (
                model_admin.get_queryset(request)
                .exclude(**{field_name: ""})
                .order_by(field_name)
                .values_list(field_name, flat=True)
                .distinct()
            )
            names = sorted({group(value) for value in values} - {""})
            return [(value_key(name), name) for name in names]

        def queryset(self, request, queryset):
            if self.value() is None:
                return queryset
            matching = [
                value
                for value in queryset.values_list(field_name, flat=True).distinct()
                if value_key(group(value)) == self.value()
            ]
            return queryset.filter(**{f"{field_name}__in": matching})

    PrivateValuesFilter.title = field_name
    return PrivateValuesFilter
