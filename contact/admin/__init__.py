from .inquiry import InquiryAdmin
from .records import AccessLogAdmin, InquiryStatAdmin, ResourceAdmin

__all__ = ["AccessLogAdmin", "InquiryAdmin", "InquiryStatAdmin", "ResourceAdmin"]
