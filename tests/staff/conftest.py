from tests.contact.conftest import smtp_mailers, smtp_server  # noqa: F401
