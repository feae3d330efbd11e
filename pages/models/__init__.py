from .history import Redirect, Revision
from .image import Image
from .page import HOME_SLUG, Page, PageQuerySet
from .site import (
    DEFAULT_CRISIS_MESSAGE,
    DEFAULT_RESPONSE_TIME_PROMISE,
    DEFAULT_TAGLINE,
    SiteSettings,
    default_inquiry_recipients,
)

__all__ = [
    "DEFAULT_CRISIS_MESSAGE",
    "DEFAULT_RESPONSE_TIME_PROMISE",
    "DEFAULT_TAGLINE",
    "HOME_SLUG",
    "Image",
    "Page",
    "PageQuerySet",
    "Redirect",
    "Revision",
    "SiteSettings",
    "default_inquiry_recipients",
]
