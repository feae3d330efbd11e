import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import cache as page_cache
from .. import images
from .fields import optional_link

# The page column is at most 44rem wide less its padding (static/css/site.css).
SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)"


class Image(models.Model):
    file = models.FileField(
        "picture",
        upload_to="images/",
        help_text="A photo or picture (JPEG, PNG, WebP or GIF). Location and camera "
        "details are removed before it is stored.",
    )
    title = models.CharField(
        "name",
        max_length=200,
        blank=True,
        help_text="To find it again; visitors don't see it. Empty: the file's name.",
    )
    alt_text = models.CharField(
        "description for people who can't see it",
        max_length=250,
        blank=True,
        help_text="What the picture shows, in a sentence, e.g. “A father reading to "
        "his toddler on the floor”. Screen readers read this aloud.",
    )
    decorative = models.BooleanField(
        "decorative only",
        default=False,
        help_text="Tick only if the picture adds nothing to the text (then screen "
        "readers skip it).",
    )
    width = models.PositiveIntegerField(default=0, editable=False)
    height = models.PositiveIntegerField(default=0, editable=False)
    # [{"width": 800, "format": "webp", "name": "images/…-800.webp"}, …]
    renditions = models.JSONField(default=list, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = optional_link(settings.AUTH_USER_MODEL, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def clean(self):
        if self.decorative:
            self.alt_text = ""
        elif not self.alt_text.strip():
            raise ValidationError(
                {
                    "alt_text": "Describe the picture for people who can't see it, "
                    "or tick “Decorative only” if it adds nothing to the text."
                }
            )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        page_cache.invalidate()  # pages show its description

    def delete(self, *args, **kwargs):
        storage = self.file.storage
        names = [self.file.name, *(r["name"] for r in self.renditions)]
        super().delete(*args, **kwargs)
        for name in names:
            storage.delete(name)
        page_cache.invalidate()

    def store(self, upload):
        """Keep only a clean re-encoding of the upload and its renditions: the
        uploaded bytes themselves (with their metadata) are never stored."""
        master, ext, self.width, self.height, renditions = images.process(upload.read())
        stem = uuid.uuid4().hex
        self.file.save(f"{stem}.{ext}", master, save=False)
        storage = self.file.storage
        self.renditions = [
            {
                "width": width,
                "format": fmt,
                "name": storage.save(
                    f"images/{stem}-{width}.{file_ext}", ContentFile(data)
                ),
            }
            for width, fmt, file_ext, data in renditions
        ]

    def _srcset(self, fmt):
        return ", ".join(
            f"{self.file.storage.url(r['name'])} {r['width']}w"
            for r in self.renditions
            if r["format"] == fmt
        )

    def _fallback(self):
        return next(r["format"] for r in self.renditions if r["format"] != "webp")

    def thumbnail_url(self):
        return self.file.storage.url(self.renditions[0]["name"])

    def picture_html(self, *, eager=False):
        fallback = self._fallback()
        middle = [r for r in self.renditions if r["format"] == fallback]
        src = self.file.storage.url(middle[min(1, len(middle) - 1)]["name"])
        loading = mark_safe('fetchpriority="high"' if eager else 'loading="lazy"')
        return format_html(
            '<picture><source type="image/webp" srcset="{}" sizes="{}">'
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
            '{} decoding="async"></picture>',
            self._srcset("webp"),
            SIZES,
            src,
            self._srcset(fallback),
            SIZES,
            self.width,
            self.height,
            self.alt_text,
            loading,
        )
