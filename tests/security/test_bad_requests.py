"""Requests the site refuses get its 400 page with the headers of every other
answer, one request-log line, and no traceback."""

import http.client
import logging

import pytest
from django.test import Client, RequestFactory

from security.reporting import FamilyDataExceptionReporter, FamilyDataReporterFilter

from .conftest import gunicorn, production_env

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home_page")]
UTF16_FORM = "application/x-www-form-urlencoded; charset=utf-16"
REFUSED_CHARSETS = [UTF16_FORM, "application/x-www-form-urlencoded; charset=latin-1"]
PATHS = ["/", "/contact/", "/es/contact/", "/admin/login/", "/no-such-page/"]


def assert_site_headers(headers):
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Request-ID"]


@pytest.fixture(scope="module")
def served(collected_static, tmp_path_factory):
    """What gunicorn answers, and logs, for a form post in UTF-16 on each path."""
    log_path = tmp_path_factory.mktemp("gunicorn") / "out.log"
    answers = {}
    with gunicorn(production_env(collected_static), log_path) as port:
        for path in PATHS:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request(
                "POST",
                path,
                body="name=Rosalind".encode("utf-16"),
                headers={
                    "Content-Type": UTF16_FORM,
                    "Host": "127.0.0.1",
                    "X-Forwarded-Proto": "https",
                },
            )
            response = connection.getresponse()
            answers[path] = (response.status, dict(response.headers), response.read())
            connection.close()
    return answers, log_path.read_text()


@pytest.mark.parametrize("path", PATHS)
def test_a_form_in_another_charset_gets_the_400_page_through_gunicorn(served, path):
    answers, _ = served
    status, headers, body = answers[path]

    assert status == 400
    assert "text encoding we cannot read" in body.decode()
    assert_site_headers(headers)


def test_a_form_in_another_charset_is_logged_once_without_a_traceback(served):
    answers, log = served

    assert "Traceback" not in log
    assert "Error" not in log
    for path in PATHS:
        request_id = answers[path][1]["X-Request-ID"]
        assert f"request_id={request_id} method=POST path={path} status=400" in log


@pytest.mark.parametrize("content_type", REFUSED_CHARSETS)
def test_no_traceback_is_logged_for_a_refused_charset(client, caplog, content_type):
    with caplog.at_level(logging.INFO):
        response = client.post(
            "/contact/", b"name=Rosalind", content_type=content_type, secure=True
        )

    assert response.status_code == 400
    assert not [r for r in caplog.records if r.exc_info], caplog.text
    assert [r for r in caplog.records if r.name == "iecmh.requests"]


def test_error_reports_never_parse_a_body_the_request_did_not(settings):
    request = RequestFactory().post(
        "/contact/", "name=Rosalind", content_type=UTF16_FORM
    )

    assert FamilyDataReporterFilter().get_post_parameters(request) == {}
    try:
        raise RuntimeError("a bug")
    except RuntimeError as error:
        reporter = FamilyDataExceptionReporter(request, type(error), error, None)
        assert "RuntimeError" in reporter.get_traceback_text()


@pytest.mark.parametrize(
    "path, extra",
    [
        ("/?q=a%00b", {}),
        ("/?q=" + "a" * 5000, {}),
        ("/", {"HTTP_HOST": "forged.example"}),
        ("/contact/", {"HTTP_HOST": "forged.example"}),
    ],
    ids=["nul", "long-query", "forged-host", "forged-host-contact"],
)
def test_every_400_carries_the_security_headers(path, extra):
    response = Client(raise_request_exception=False).get(path, secure=True, **extra)

    assert response.status_code == 400
    assert_site_headers(response.headers)


def test_a_forged_host_over_plain_http_still_gets_frame_and_content_policies(
    settings,
):
    settings.SECURE_SSL_REDIRECT = True
    response = Client(raise_request_exception=False).get(
        "/", HTTP_HOST="forged.example"
    )

    assert response.status_code == 400
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
