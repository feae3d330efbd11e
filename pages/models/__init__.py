from .fields import optional_link
from .history import Redirect, Revision
from .image import Image
from .localized import Localized
from .page import HOME_SLUG, Page
from .single_row import SingleRow
from .site import SiteSettings, default_inquiry_recipients

__all__ = [
    "HOME_SLUG",
    "Image",
    "Localized",
    "Page",
    "Redirect",
    "Revision",
    "SingleRow",
    "SiteSettings",
    "default_inquiry_recipients",  # named by migration 0003
    "optional_link",
]
