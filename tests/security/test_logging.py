import io
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]
SECRET = "Mia-Rosalind-Quintero"
FAMILY_QUERY = {"child": SECRET, "born": "2023-04-01"}
FAMILY_FORM = {"child": SECRET, "message": f"{SECRET} wakes up screaming"}
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def log_output():
    """What the configured console handler writes, formatter and filters included."""
    root = logging.getLogger()
    [console] = [h for h in root.handlers if h.get_name() == "console"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(console.formatter)
    for log_filter in console.filters:
        handler.addFilter(log_filter)
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


def request_lines(output):
    return [line for line in output.splitlines() if " iecmh.requests " in line]


def test_one_line_per_request_with_its_id_method_path_status_and_duration(
    client, log_output
):
    response = client.get("/no-such-page/", FAMILY_QUERY)

    [line] = request_lines(log_output.getvalue())
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert re.fullmatch(
        rf"INFO iecmh\.requests request_id={request_id} method=GET "
        r"path=/no-such-page/ status=404 duration_ms=\d+\.\d",
        line,
    )


def test_each_request_gets_its_own_id(client):
    assert client.get("/")["X-Request-ID"] != client.get("/")["X-Request-ID"]


def test_a_proxys_request_id_is_kept_and_a_forged_one_replaced(client, log_output):
    assert client.get("/", HTTP_X_REQUEST_ID="edge-1234abcd")["X-Request-ID"] == (
        "edge-1234abcd"
    )
    forged = client.get("/", HTTP_X_REQUEST_ID="x\r\nINFO fake line")
    assert re.fullmatch(r"[0-9a-f]{32}", forged["X-Request-ID"])
    assert "fake line" not in log_output.getvalue()


def test_no_family_data_in_any_log_line(client, admin_client, log_output):
    client.get("/", FAMILY_QUERY)
    client.post(
        "/?" + "&".join(f"{k}={v}" for k, v in FAMILY_QUERY.items()), FAMILY_FORM
    )
    admin_client.post(
        "/admin/auth/group/add/", {"name": ""}, QUERY_STRING=f"x={SECRET}"
    )
    client.post("/admin/login/", {"username": SECRET, "password": SECRET})
    client.get("/x\r\nINFO forged line/")

    output = log_output.getvalue()
    assert len(request_lines(output)) == 5
    assert SECRET not in output
    assert "\nINFO forged" not in output


def test_error_reports_and_logs_of_a_crash_carry_no_family_data(
    client, settings, mailoutbox, log_output
):
    settings.ROOT_URLCONF = "tests.security.urls"
    settings.ADMINS = ["ops@example.org"]
    client.raise_request_exception = False

    response = client.post("/fails/?" + f"child={SECRET}", FAMILY_FORM)

    assert response.status_code == 500
    [report] = mailoutbox
    html = report.alternatives[0].content if report.alternatives else ""
    assert "RuntimeError" in report.body
    assert SECRET not in report.subject + report.body + str(html)
    assert SECRET not in log_output.getvalue()


@pytest.mark.slow
def test_django_records_are_printed_once_when_debugging():
    # A fresh interpreter: logging is configured from the settings at start-up.
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').warning('a-marker-printed-once'); "
        "logging.getLogger('django.server').info('a-marker-of-runserver')"
    )
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    env.setdefault("DJANGO_SETTINGS_MODULE", "iecmh_site.settings")

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    [line] = [line for line in result.stderr.splitlines() if "printed-once" in line]
    assert line.startswith("WARNING django.request request_id=- ")
    # runserver's request lines keep Django's own format, printed once too.
    [line] = [line for line in result.stderr.splitlines() if "of-runserver" in line]
    assert re.fullmatch(r"\[.+\] a-marker-of-runserver", line)
