import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as Pillow

from pages.models import Image, Page

pytestmark = pytest.mark.django_db

GPS = 0x8825
MAKE = 0x010F


def photo(width=2000, height=1500, fmt="JPEG", **save):
    picture = Pillow.effect_mandelbrot((width, height), (-2, -1.2, 1, 1.2), 60)
    picture = Pillow.merge("RGB", [picture, picture.rotate(180), picture])
    exif = Pillow.Exif()
    exif[MAKE] = "SecretCam"
    exif.get_ifd(GPS).update(
        {1: "N", 2: (40.0, 26.0, 46.0), 3: "W", 4: (79.0, 58.0, 56.0)}
    )
    out = io.BytesIO()
    picture.save(out, fmt, exif=exif, **save)
    return out.getvalue()


def upload(data, name="family.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(settings):
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def add(editor_client, **data):
    return editor_client.post(reverse("admin:pages_image_add"), data)


def test_the_test_photo_really_carries_location_and_camera():
    with Pillow.open(io.BytesIO(photo())) as picture:
        exif = picture.getexif()
        assert exif[MAKE] == "SecretCam" and exif.get_ifd(GPS)


def test_every_stored_file_has_its_metadata_removed(editor_client, settings):
    response = add(
        editor_client,
        upload=upload(photo()),
        alt_text="A parent reading to a toddler",
    )

    assert response.status_code == 302
    files = stored_files(settings)
    assert len(files) == 1 + 2 * 4  # the cleaned original and 4 widths × 2 formats
    for path in files:
        data = path.read_bytes()
        assert b"SecretCam" not in data
        with Pillow.open(path) as picture:
            assert not picture.getexif()
            assert "exif" not in picture.info and "xmp" not in picture.info


def test_renditions_are_made_in_webp_and_a_fallback_with_their_widths(editor_client):
    add(editor_client, upload=upload(photo()), alt_text="A parent and child")

    image = Image.objects.get()
    assert (image.width, image.height) == (2000, 1500)
    assert sorted((r["width"], r["format"]) for r in image.renditions) == sorted(
        (w, f) for w in (480, 800, 1200, 1600) for f in ("webp", "jpeg")
    )
    for rendition in image.renditions:
        with image.file.storage.open(rendition["name"]) as stored:
            assert Pillow.open(stored).width == rendition["width"]


def test_alt_text_is_required_unless_the_picture_is_decorative(editor_client, settings):
    response = add(editor_client, upload=upload(photo(400, 300)), alt_text="")

    html = response.content.decode()
    assert "Describe the picture for people who can" in html
    assert "Your picture was fine: please choose it again" in html
    assert not Image.objects.exists() and stored_files(settings) == []

    add(editor_client, upload=upload(photo(400, 300)), decorative="on")
    assert Image.objects.get().alt_text == ""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.jpg", b"just some text, not a picture", "not a picture we can use"),
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG drawings are not accepted",
        ),
        ("cut.jpg", photo(400, 300)[:200], "not a picture we can use"),
        ("scan.tiff", photo(400, 300, fmt="TIFF"), "TIFF files are not accepted"),
    ],
)
def test_a_bad_or_disguised_file_is_refused_with_nothing_stored(
    editor_client, settings, name, data, message
):
    response = add(editor_client, upload=upload(data, name), alt_text="Something")

    assert message in response.content.decode()
    assert not Image.objects.exists() and stored_files(settings) == []


def test_too_large_a_file_gets_a_clear_message(editor_client, settings):
    settings.PAGES_IMAGE_MAX_MB = 1

    response = add(
        editor_client, upload=upload(b"\xff" * (1024 * 1024 + 1)), alt_text="Big"
    )

    assert "the limit is 1 MB" in response.content.decode()
    assert stored_files(settings) == []


def test_the_upload_help_gives_the_size_limit(editor_client, settings):
    settings.PAGES_IMAGE_MAX_MB = 7

    body = editor_client.get(reverse("admin:pages_image_add")).content.decode()

    assert "(JPEG, PNG, WebP or GIF), up to 7 MB." in body
    assert "size limit" not in body


def test_a_page_shows_responsive_pictures_lazy_below_the_first_screen(
    client, editor_client
):
    add(editor_client, upload=upload(photo()), alt_text="A parent and child")
    image = Image.objects.get()
    tag = f'<img src="/x.jpg" alt="" data-image="{image.pk}">'
    page = Page.objects.create(
        title="Play",
        slug="play",
        body=f"{tag}<p>{'Words. ' * 100}</p>{tag}<img src='https://evil.example/t.gif'>",
    )
    page.publish()

    html = client.get("/play/").content.decode()
    assert html.count("<picture>") == 2
    assert '<source type="image/webp" srcset="/media/images/' in html
    assert 'width="2000" height="1500" alt="A parent and child"' in html
    assert html.count('fetchpriority="high"') == 1 and html.count('loading="lazy"') == 1
    assert "evil.example" not in html
    first = html.index("<picture>")
    source = html[first:].split('srcset="')[1].split(" ")[0]
    assert client.get(source).status_code == 200


def test_deleting_an_image_removes_its_files_and_its_place_in_pages(
    client, editor_client, settings
):
    add(editor_client, upload=upload(photo(900, 600)), alt_text="A toddler playing")
    image = Image.objects.get()
    page = Page.objects.create(
        title="Play", slug="play", body=f'<img src="/x" alt="" data-image="{image.pk}">'
    )
    page.publish()
    assert "A toddler playing" in client.get("/play/").content.decode()

    image.delete()

    assert stored_files(settings) == []
    assert "<picture>" not in client.get("/play/").content.decode()
