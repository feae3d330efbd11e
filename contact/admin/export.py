import csv

from django.http import HttpResponse
from django.utils import timezone

from ..models import AccessLog

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    ("reference", "reference"),
    (
        "received",
        lambda i: timezone.localtime(i.created_at).isoformat(timespec="minutes"),
    ),
    ("status", "get_status_display"),
    ("assigned to", lambda i: i.assigned_to.get_username() if i.assigned_to else ""),
    ("who is writing", "get_writer_display"),
    ("kind of professional", "get_referrer_kind_display"),
    ("organisation", "organisation"),
    ("family agreed", "family_agreed"),
    ("name", "name"),
    ("email", "email"),
    ("phone", "phone"),
    ("family's name", "family_name"),
    ("family's email", "family_email"),
    ("family's phone", "family_phone"),
    ("preferred contact", "get_preferred_contact_display"),
    ("voicemail ok", "voicemail_ok"),
    ("practice name ok", "practice_name_ok"),
    ("best times", "best_times"),
    ("child's age", "get_child_age_display"),
    ("what brings them", lambda i: "; ".join(i.concern_labels())),
    ("language", "language"),
    ("interpreter needed", "interpreter_needed"),
    ("how they heard", "heard_about"),
]
MESSAGE_COLUMN = ("message", "message")


def safe_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def cell(inquiry, source):
    if callable(source):
        return source(inquiry)
    value = getattr(inquiry, source)
    return value() if callable(value) else value


def export_csv(request, queryset, with_message):
    columns = [*COLUMNS, MESSAGE_COLUMN] if with_message else COLUMNS
    inquiries = list(queryset.select_related("assigned_to").order_by("created_at"))
    action = (
        AccessLog.Action.EXPORT_MESSAGE if with_message else AccessLog.Action.EXPORT
    )
    AccessLog.objects.record(request.user, action, inquiries)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inquiries-{stamp}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark.
    writer = csv.writer(response)
    writer.writerow([name for name, _ in columns])
    for inquiry in inquiries:
        writer.writerow([safe_cell(cell(inquiry, source)) for _, source in columns])
    return response
