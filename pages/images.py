"""Uploaded pictures: checked by their content, re-encoded without metadata,
and resized into renditions for srcset (WebP, with JPEG or PNG as fallback)."""

import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image as Pillow
from PIL import ImageOps, UnidentifiedImageError

ACCEPTED = {"JPEG", "PNG", "WEBP", "GIF"}
WIDTHS = [480, 800, 1200, 1600]
# Larger pictures are refused before decoding (a decompression bomb).
MAX_PIXELS = 40_000_000


def check(upload):
    """The upload's format by content, or a ValidationError an editor can act on."""
    limit = settings.PAGES_IMAGE_MAX_MB
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(
            f"This file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
            f"{limit} MB. Save a smaller copy (for example 2000 pixels wide) and "
            "upload that."
        )
    try:
        upload.seek(0)
        with Pillow.open(upload) as picture:
            fmt = picture.format
            if picture.width * picture.height > MAX_PIXELS:
                raise ValidationError("This picture has too many pixels to use.")
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            "This file is not a picture we can use. Upload a photo or picture "
            "saved as JPEG, PNG, WebP or GIF (SVG drawings are not accepted)."
        ) from error
    finally:
        upload.seek(0)
    if fmt not in ACCEPTED:
        raise ValidationError(
            f"{fmt} files are not accepted. Save the picture as JPEG or PNG."
        )
    return fmt


def _open(data):
    picture = Pillow.open(io.BytesIO(data))
    picture = ImageOps.exif_transpose(picture)  # turn it upright, then drop EXIF
    if picture.mode in ("RGBA", "LA") or (
        picture.mode == "P" and "transparency" in picture.info
    ):
        return picture.convert("RGBA")
    return picture.convert("RGB")


def _encode(picture, fmt):
    out = io.BytesIO()
    if fmt == "WEBP":
        picture.save(out, "WEBP", quality=75, method=4)
    elif fmt == "PNG":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, "JPEG", quality=80, optimize=True, progressive=True)
    # Only pixels are written: no EXIF, GPS, XMP, comments or ICC profile.
    return out.getvalue()


def process(data):
    """(master file, its extension, width, height, renditions) from the upload's
    bytes; renditions are (width, format, extension, bytes)."""
    picture = _open(data)
    fallback = "PNG" if picture.mode == "RGBA" else "JPEG"
    ext = {"PNG": "png", "JPEG": "jpg"}[fallback]
    master = _encode(picture, fallback)
    widths = [w for w in WIDTHS if w < picture.width] + [min(picture.width, 1600)]
    renditions = []
    for width in sorted(set(widths)):
        height = round(picture.height * width / picture.width)
        resized = picture.resize((width, height), Pillow.Resampling.LANCZOS)
        renditions.append((width, "webp", "webp", _encode(resized, "WEBP")))
        renditions.append((width, fallback.lower(), ext, _encode(resized, fallback)))
    return ContentFile(master), ext, picture.width, picture.height, renditions
