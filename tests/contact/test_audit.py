import csv
import io

import pytest
from django.db import DatabaseError, transaction

from contact.admin.export import safe_cell
from contact.models import AccessLog

from .conftest import FAMILY_TEXT
from .test_workspace import LIST, change_url, post_change

pytestmark = pytest.mark.django_db


def export(client, inquiries, action="export"):
    response = client.post(
        LIST, {"action": action, "_selected_action": [i.pk for i in inquiries]}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def actions(inquiry):
    return list(
        AccessLog.objects.filter(reference=inquiry.reference)
        .order_by("at", "pk")
        .values_list("username", "action")
    )


def test_viewing_and_changing_an_inquiry_are_recorded(
    client_for, clinician, make_inquiry
):
    inquiry = make_inquiry()
    client = client_for(clinician)

    client.get(change_url(inquiry))
    post_change(client, inquiry, status="contacted")

    assert actions(inquiry) == [("amara", "view"), ("amara", "change")]
    entry = AccessLog.objects.filter(reference=inquiry.reference).first()
    assert entry.user == clinician and entry.inquiry == inquiry


def test_the_list_alone_records_nothing(client_for, clinician, make_inquiry):
    make_inquiry()

    client_for(clinician).get(LIST)

    assert not AccessLog.objects.exists()


def test_the_inquiry_shows_its_access_log(client_for, clinician, make_inquiry):
    inquiry = make_inquiry()
    AccessLog.objects.record(clinician, AccessLog.Action.EXPORT, [inquiry])

    html = client_for(clinician).get(change_url(inquiry)).content.decode()

    assert "Exported (without message)" in html
    assert "Viewed" not in html  # this view is recorded after the page is made


def test_practice_admins_list_the_access_log(
    client_for, practice_admin, clinician, make_inquiry
):
    inquiry = make_inquiry()
    client_for(clinician).get(change_url(inquiry))
    client = client_for(practice_admin)

    html = client.get("/admin/contact/accesslog/").content.decode()

    assert inquiry.reference in html and "amara" in html


def test_nobody_can_add_change_or_delete_access_log_rows(
    client_for, practice_admin, make_inquiry
):
    inquiry = make_inquiry()
    [entry] = AccessLog.objects.record(None, AccessLog.Action.VIEW, [inquiry])
    client = client_for(practice_admin)
    url = f"/admin/contact/accesslog/{entry.pk}"

    assert client.get("/admin/contact/accesslog/add/").status_code == 403
    assert client.get(f"{url}/delete/").status_code == 403
    client.post(f"{url}/change/", {"action": "export"})
    entry.refresh_from_db()
    assert entry.action == "view"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_the_database_refuses_to_rewrite_access_log_rows(make_inquiry):
    inquiry = make_inquiry()
    AccessLog.objects.record(None, AccessLog.Action.VIEW, [inquiry])

    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.update(action=AccessLog.Action.CHANGE)

    assert AccessLog.objects.get().action == "view"


def test_export_leaves_out_the_message_and_is_audited(
    client_for, practice_admin, make_inquiry
):
    first, second = make_inquiry(days_ago=2), make_inquiry()

    rows = export(client_for(practice_admin), [first, second])

    assert [row["reference"] for row in rows] == [first.reference, second.reference]
    assert "message" not in rows[0]
    assert rows[0]["name"] == FAMILY_TEXT["name"]
    assert FAMILY_TEXT["message"] not in str(rows)
    assert actions(first) == [("pat", "export")]


def test_export_with_messages_is_a_separate_audited_action(
    client_for, practice_admin, make_inquiry
):
    inquiry = make_inquiry()

    [row] = export(client_for(practice_admin), [inquiry], "export_with_message")

    assert row["message"] == FAMILY_TEXT["message"]
    assert actions(inquiry) == [("pat", "export_message")]


def test_export_defuses_spreadsheet_formulas(client_for, practice_admin, make_inquiry):
    inquiry = make_inquiry(
        name='=HYPERLINK("http://evil.example","x")',
        best_times="+1 555",
        language="@SUM(1)",
        heard_about="-2+3",
        message="\tcmd",
    )

    [row] = export(client_for(practice_admin), [inquiry], "export_with_message")

    assert row["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["best times"] == "'+1 555"
    assert row["language"] == "'@SUM(1)"
    assert row["how they heard"] == "'-2+3"
    assert row["message"] == "'\tcmd"


@pytest.mark.parametrize(
    "value, expected",
    [("\rx", "'\rx"), ("a=b", "a=b"), (True, "yes"), (None, ""), ("", "")],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected
