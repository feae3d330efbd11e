from .audit import AccessLog, InquiryStat
from .inquiry import (
    CLINICIANS_GROUP,
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    Inquiry,
    Notification,
    Resource,
    new_reference,
)
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
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
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
    "new_reference",
]
