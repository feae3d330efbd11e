from .inquiry import InquiryAdmin
from .records import AccessLogAdmin, InquiryStatAdmin, ResourceAdmin
from .setup import InquirySettingsAdmin, ReplyTemplateAdmin

__all__ = [
    "AccessLogAdmin",
    "InquiryAdmin",
    "InquirySettingsAdmin",
    "InquiryStatAdmin",
    "ReplyTemplateAdmin",
    "ResourceAdmin",
]
