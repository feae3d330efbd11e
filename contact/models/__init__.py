from .audit import AccessLog, InquiryStat
from .inquiry import CLINICIANS_GROUP, Inquiry, Notification, Resource
from .practice import (
    PRACTICE_ADMINS_GROUP,
    InquirySettings,
    ReplyTemplate,
    WorkerHeartbeat,
    is_practice_admin,
)
from .workflow import ContactAttempt, InternalNote, Reply, StatusChange

__all__ = [
    "CLINICIANS_GROUP",
    "PRACTICE_ADMINS_GROUP",
    "AccessLog",
    "ContactAttempt",
    "Inquiry",
    "InquirySettings",
    "InquiryStat",
    "InternalNote",
    "Notification",
    "Reply",
    "ReplyTemplate",
    "Resource",
    "StatusChange",
    "WorkerHeartbeat",
    "is_practice_admin",
]
