from django import forms


class RichTextWidget(forms.Textarea):
    """django-prose-editor's ProseMirror build, started by our own module.

    The package's widget needs an inline import map, which the strict CSP
    refuses; static/js/page-editor.js imports the editor by its static URL."""

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
