from django.utils.functional import SimpleLazyObject

from .models import Page, SiteSettings


def site(request):
    return {
        "site_settings": SimpleLazyObject(SiteSettings.load),
        "navigation": SimpleLazyObject(
            lambda: list(Page.objects.published().filter(show_in_navigation=True))
        ),
    }
