from tests.contact.conftest import (  # noqa: F401
    client_for,
    practice_admin,
    smtp_mailers,
    smtp_server,
)
