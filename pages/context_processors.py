from django.utils.functional import SimpleLazyObject

from . import navigation
from .models import SiteSettings


def site(request):
    return {
        "site_settings": SimpleLazyObject(lambda: SiteSettings.load().localized()),
        "navigation": SimpleLazyObject(lambda: navigation.load(request)),
    }
