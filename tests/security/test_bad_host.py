import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/contact/", "/no-such-page/"])
def test_a_forged_host_header_gets_the_400_page_not_a_server_error(home_page, path):
    response = Client(raise_request_exception=False).get(
        path, HTTP_HOST="forged.example"
    )

    assert response.status_code == 400
    assert "We couldn't accept that request" in response.content.decode()
