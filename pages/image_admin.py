from django import forms
from django.conf import settings
from django.contrib import admin
from django.utils.html import format_html

from . import images
from .models import Image


class ImageAdminForm(forms.ModelForm):
    upload = forms.FileField(
        label="Picture",
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}
        ),
    )

    class Meta:
        model = Image
        fields = ["upload", "title", "alt_text", "decorative"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["upload"]  # a new picture is a new image
        else:
            self.fields["upload"].required = True
            self.fields["upload"].help_text = (
                "A photo or picture (JPEG, PNG, WebP or GIF), up to "
                f"{settings.PAGES_IMAGE_MAX_MB} MB. Location and camera details "
                "are removed before it is stored."
            )

    def full_clean(self):
        super().full_clean()
        upload_ok = "upload" in self.fields and not self.has_error("upload")
        if self.errors and upload_ok and self.files.get(self.add_prefix("upload")):
            # Browsers cannot put a chosen file back into the form.
            self.add_error(
                "upload", "Your picture was fine: please choose it again, then Save."
            )

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            images.check(upload)
        return upload


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["preview", "title", "alt_text", "size", "created_at"]
    search_fields = ["title", "alt_text"]
    readonly_fields = ["preview_large", "size", "created_at", "uploaded_by"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["upload", "title", "alt_text", "decorative"]
        return [
            "preview_large",
            "title",
            "alt_text",
            "decorative",
            "size",
            "uploaded_by",
        ]

    @admin.display(description="picture")
    def preview(self, image):
        return format_html(
            '<img src="{}" alt="" width="80" class="image-thumbnail">',
            image.thumbnail_url(),
        )

    @admin.display(description="picture")
    def preview_large(self, image):
        return format_html(
            '<img src="{}" alt="" width="320" class="image-preview">',
            image.thumbnail_url(),
        )

    @admin.display(description="size in pixels")
    def size(self, image):
        return f"{image.width} × {image.height}"

    def save_model(self, request, obj, form, change):
        upload = form.cleaned_data.get("upload")
        if upload:
            obj.title = obj.title or upload.name.rsplit(".", 1)[0][:200]
            obj.store(upload)
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
