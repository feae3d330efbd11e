from .audit import AccessLog, InquiryStat
from .inquiry import CLINICIANS_GROUP, Inquiry, Notification, Resource
from .workflow import ContactAttempt, InternalNote, StatusChange

__all__ = [
    "CLINICIANS_GROUP",
    "AccessLog",
    "ContactAttempt",
    "Inquiry",
    "InquiryStat",
    "InternalNote",
    "Notification",
    "Resource",
    "StatusChange",
]
