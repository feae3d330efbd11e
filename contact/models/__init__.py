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
from .workflow import ContactAttempt, InternalNote, StatusChange

__all__ = [
    "CLINICIANS_GROUP",
    "REFERENCE_ALPHABET",
    "REFERENCE_LENGTH",
    "AccessLog",
    "ContactAttempt",
    "Inquiry",
    "InquiryStat",
    "InternalNote",
    "Notification",
    "Resource",
    "StatusChange",
    "new_reference",
]
