"""A clinician's search for a family never appears in an address: not in the
list's URL, its filter, page and sort links, the change links' preserved
filters, nor (so) in any Referer or web server log."""

import re
from urllib.parse import unquote_plus

import pytest
from django.contrib import admin

from contact.models import Inquiry
from security.admin import PrivateSearchMixin

pytestmark = pytest.mark.django_db
LIST = "/admin/contact/inquiry/"
FAMILY = {
    "name": "Rosalind Quimby-Test",
    "email": "rosalind.family@example.net",
    "phone": "555 867 5309",
}


@pytest.fixture
def inquiries(db):
    def make(**fields):
        return Inquiry.objects.create(
            writer="parent",
            preferred_contact="phone",
            child_age="1-3y",
            consented=True,
            **fields,
        )

    return make(**FAMILY), make(name="Someone Else", email="else@example.org")


@pytest.fixture
def clinician_client(client, make_staff):
    client.force_login(make_staff("amara", "Clinicians"))
    return client


def addresses(response):
    """Every web address the page links to or submits to, decoded. The list's
    tap-to-call and mail links (tel:, mailto:) open the phone or mail app: they
    never reach a web server, a log or a Referer."""
    html = response.content.decode()
    found = re.findall(r'(?:href|action)="([^"]*)"', html)
    found = [url for url in found if not url.startswith(("tel:", "mailto:"))]
    return [unquote_plus(unquote_plus(url.replace("&amp;", "&"))) for url in found]


def search(client, term, path=LIST):
    return client.post(path, {"_private_search": "1", "q": term})


def family_values_in(text):
    parts = {value for value in FAMILY.values()}
    parts |= {word for value in FAMILY.values() for word in value.split()}
    return [part for part in parts if part.lower() in text.lower()]


@pytest.mark.parametrize("field", ["name", "email", "phone"])
def test_a_search_finds_the_family_with_no_value_in_any_address(
    clinician_client, inquiries, field
):
    wanted, other = inquiries
    posted = search(clinician_client, FAMILY[field])

    assert posted.status_code == 302
    assert family_values_in(posted["Location"]) == []
    listing = clinician_client.get(posted["Location"])
    html = listing.content.decode()
    assert wanted.reference in html and other.reference not in html
    assert f'value="{FAMILY[field]}"' in html  # still in the search box
    links = addresses(listing)
    assert any(f"/{wanted.pk}/change/" in link for link in links)
    assert [link for link in links if family_values_in(link)] == []


def test_filter_page_and_sort_links_keep_the_search_without_its_value(
    clinician_client, inquiries
):
    listing = clinician_client.get(search(clinician_client, "Rosalind")["Location"])
    links = addresses(listing)

    sorted_link = next(link for link in links if "o=" in link)
    key = re.search(r"[?&]s=([^&]+)", sorted_link).group(1)
    resorted = clinician_client.get(LIST + "?" + sorted_link.split("?", 1)[1])
    assert inquiries[0].reference in resorted.content.decode()
    assert inquiries[1].reference not in resorted.content.decode()
    assert key not in str(FAMILY)


def test_the_change_page_reached_from_a_search_has_no_value_in_its_links(
    clinician_client, inquiries
):
    listing = clinician_client.get(search(clinician_client, "Rosalind")["Location"])
    change = next(link for link in addresses(listing) if "/change/" in link)

    page = clinician_client.get(change)

    assert page.status_code == 200
    assert "_changelist_filters" in change
    assert [link for link in addresses(page) if family_values_in(link)] == []
    assert page["Referrer-Policy"] == "same-origin"


def test_a_typed_search_address_is_replaced_at_once(clinician_client, inquiries):
    response = clinician_client.get(LIST, {"q": "Rosalind", "status__exact": "new"})

    assert response.status_code == 302
    assert family_values_in(response["Location"]) == []
    assert "status__exact=new" in response["Location"]
    listing = clinician_client.get(response["Location"]).content.decode()
    assert inquiries[0].reference in listing and inquiries[1].reference not in listing


def test_a_search_key_means_nothing_in_another_session(
    clinician_client, inquiries, make_staff, client
):
    location = search(clinician_client, "Rosalind")["Location"]
    clinician_client.logout()
    client.force_login(make_staff("bea", "Clinicians"))

    response = client.get(location)

    assert response.status_code == 302
    assert "s=" not in response["Location"]
    listing = client.get(response["Location"]).content.decode()
    assert "That search has expired" in listing


def test_the_search_box_posts_with_a_csrf_token(clinician_client, inquiries):
    html = clinician_client.get(LIST).content.decode()

    form = re.search(r'<form id="changelist-search"[^>]*>', html).group(0)
    assert 'method="post"' in form
    start = html.index('<form id="changelist-search"')
    assert "csrfmiddlewaretoken" in html[start : html.index("</form>", start)]


def test_a_filter_on_the_familys_language_links_by_key_not_by_value(
    clinician_client, db
):
    Inquiry.objects.create(
        writer="parent",
        name="A",
        preferred_contact="phone",
        child_age="1-3y",
        language="Tagalog (Batangas)",
    )

    listing = clinician_client.get(LIST)
    link = next(a for a in addresses(listing) if "language=" in a)

    assert "Tagalog" not in link
    assert "Tagalog (Batangas)" in listing.content.decode()  # as the link's text
    filtered = clinician_client.get(LIST + "?" + link.split("?", 1)[1])
    assert filtered.context["cl"].result_count == 1


FAMILY_TEXT_FIELDS = {
    f.name
    for f in Inquiry._meta.get_fields()
    if f.concrete
    and not f.choices
    and f.get_internal_type() in {"CharField", "TextField", "EmailField"}
    and f.name not in {"reference", "form_nonce"}
}


def field_on_inquiry(model, lookup):
    path = lookup.lstrip("=^@").split("__")
    for name in path[:-1]:
        model = model._meta.get_field(name).related_model
    return model is Inquiry and path[-1] in FAMILY_TEXT_FIELDS


def test_every_admin_that_searches_family_values_keeps_them_out_of_addresses():
    offenders = [
        f"{model.__name__}: {field}"
        for model, model_admin in admin.site._registry.items()
        for field in model_admin.search_fields
        if field_on_inquiry(model, field)
        and not isinstance(model_admin, PrivateSearchMixin)
    ]

    assert offenders == []


def test_no_admin_filters_by_a_family_value_in_the_address():
    offenders = [
        f"{model.__name__}: {entry}"
        for model, model_admin in admin.site._registry.items()
        for entry in model_admin.list_filter
        if isinstance(entry, str) and field_on_inquiry(model, entry)
    ]

    assert offenders == []


@pytest.mark.parametrize("typed", ["(212) 555-0147", "212.555.0147", "+1 212 555 0147"])
def test_a_phone_number_is_found_as_typed_though_stored_normalised(
    clinician_client, inquiries, typed
):
    stored = Inquiry.objects.create(
        writer="parent",
        preferred_contact="phone",
        child_age="0-12m",
        consented=True,
        name="Pat Doe",
        phone="212 555 0147 ext 9",
    )

    html = clinician_client.get(search(clinician_client, typed)["Location"]).content
    html = html.decode()

    assert stored.reference in html
    assert inquiries[0].reference not in html
