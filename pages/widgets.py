import json

from django import forms


class RichTextWidget(forms.Textarea):
    """django-prose-editor's ProseMirror build, started by our own module.

    The package's widget needs an inline import map, which the strict CSP
    refuses; static/js/page-editor.js imports the editor by its static URL.
    The link dialog's pages and the picture dialog's images travel in data
    attributes."""

    class Media:
        css = {
            "all": [
                "django_prose_editor/material-icons.css",
                "django_prose_editor/editor.css",
                "django_prose_editor/overrides.css",
                "css/page-editor.css",
            ]
        }
        js = [forms.Script("js/page-editor.js", type="module")]

    def __init__(self, attrs=None):
        super().__init__({"data-page-editor": "", **(attrs or {})})

    def get_context(self, name, value, attrs):
        from .models import Image, Page  # models -> forms -> widgets

        now = None
        pages = [
            {
                "id": page.pk,
                "title": page.title,
                "url": page.get_absolute_url(),
                "live": page.is_live(now),
            }
            for page in Page.objects.select_related(
                "live_revision", "scheduled_revision"
            ).order_by("title")
        ]
        images = [
            {
                "id": image.pk,
                "label": f"{image.title} (no. {image.pk})",
                "src": image.thumbnail_url(),
                "alt": image.alt_text,
            }
            for image in Image.objects.all()
        ]
        attrs = {
            **(attrs or {}),
            "data-pages": json.dumps(pages),
            "data-images": json.dumps(images),
        }
        return super().get_context(name, value, attrs)


# What the count adds past the limit (character-count.js).
TOO_LONG_FOR_RESULTS = {"data-over-text": "{over} too many for search results"}


class CountedTextInput(forms.TextInput):
    """A box that shows how many characters it has against its field's limit
    (static/js/character-count.js)."""

    class Media:
        js = [forms.Script("js/character-count.js", defer=True)]

    def __init__(self, attrs=None):
        super().__init__({**TOO_LONG_FOR_RESULTS, **(attrs or {})})


class CountedTextarea(forms.Textarea):
    class Media:
        js = [forms.Script("js/character-count.js", defer=True)]

    def __init__(self, attrs=None):
        super().__init__({"rows": 4, **TOO_LONG_FOR_RESULTS, **(attrs or {})})
