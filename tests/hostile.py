"""Hostile input, reusable against any form or URL.

from tests.hostile import HOSTILE_VALUES, hostile_variants, assert_handled

for name, data in hostile_variants(valid_form_data):
    assert_handled(client.post("/contact/", data), name)
"""

from django.test import Client
from hypothesis import strategies as st

HOSTILE_VALUES = {
    "script": "<script>alert('xss')</script>",
    "attribute": '" onmouseover="alert(1)" x="',
    "sql": "'; DROP TABLE pages_page; --",
    "crlf": "line one\r\nSet-Cookie: injected=1\r\n",
    "nul": "before\x00after",
    "rtl-override": "\u202egnp.exe\u202c",
    "zero-width": "a\u200bb\ufeffc",
    "emoji": "👶🏽🧸 family 👨‍👩‍👧",
    "combining": "Z̷̢̧a̵l̶g̷o̶",
    "long": "x" * 100_000,
    "whitespace": " \t\n ",
    "template": "{{ settings.SECRET_KEY }}{% debug %}",
}
# A body just above Django's 2.5 MB DATA_UPLOAD_MAX_MEMORY_SIZE.
BIG_BODY = "a" * (3 * 1024 * 1024)
# Hypothesis: any text, weighted towards the values above.
hostile_text = st.one_of(
    st.sampled_from(list(HOSTILE_VALUES.values())),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=50),
)


def hostile_variants(valid):
    """(name, data) pairs: each field of a valid submission made hostile in turn."""
    for field in valid:
        for name, value in HOSTILE_VALUES.items():
            yield f"{field}={name}", {**valid, field: value}
        yield f"{field}=duplicated", {**valid, field: [valid[field], "second"]}
        yield f"{field}=missing", {k: v for k, v in valid.items() if k != field}
        yield f"{field}=wrong-type", {**valid, field: ["1", "2", "3"] * 3}
    yield "unknown-field", {**valid, "is_staff": "on", "id": "1"}


def assert_handled(response, case=""):
    assert response.status_code < 500, f"{case}: {response.status_code}"


def assert_not_rendered_raw(response):
    body = response.content.decode(errors="replace")
    assert HOSTILE_VALUES["script"] not in body
    assert HOSTILE_VALUES["attribute"] not in body


def csrf_variants(path, data):
    """Responses to a POST whose CSRF token is missing, wrong or another's."""
    client, other = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    client.get(path)
    other.get(path)
    foreign = other.cookies["csrftoken"].value if "csrftoken" in other.cookies else ""
    return {
        "missing": client.post(path, data),
        "wrong": client.post(path, {**data, "csrfmiddlewaretoken": "x" * 64}),
        "other-session": client.post(path, {**data, "csrfmiddlewaretoken": foreign}),
    }
