from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils import timezone
from django.utils.formats import date_format

from . import addresses
from .models import Page
from .models.kept import KEPT, address_is_fixed, stays_on_the_site
from .widgets import CountedTextarea, CountedTextInput, RichTextWidget

SEARCH_ENGINE_FIELDS = [
    "seo_title",
    "seo_title_es",
    "meta_description",
    "meta_description_es",
]


class CountedCharField(forms.CharField):
    """Text with a limit but no maxlength, which would cut typing or a paste off
    in mid-word without a word: the box counts (static/js/character-count.js),
    and a longer text comes back whole with a message. Also the contact form's."""

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return {**attrs, "data-max-length": str(self.max_length)}


class SearchEngineText(CountedCharField):
    """Text for search results, on one line."""

    default_error_messages = {
        "max_length": "Search results show at most %(limit_value)d characters "
        "here: this has %(show_value)d. Please shorten it; your text is kept.",
    }

    def to_python(self, value):
        # One line in search results: a line break typed in the box is a space.
        return " ".join(super().to_python(value).splitlines())


class PageAdminForm(forms.ModelForm):
    # The version the editor opened; a different one at save time means someone
    # else saved in between.
    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    spanish_checked = forms.BooleanField(
        label="The Spanish matches the English",
        required=False,
        help_text="Tick after checking the Spanish against changed English "
        "(editing the Spanish does this too); clears “Spanish out of date”.",
    )

    publish_at = forms.SplitDateTimeField(
        label="Publish at",
        required=False,
        widget=AdminSplitDateTime,
        help_text="Used when you press Publish. Empty: the site shows your version "
        "at once. A later time: the site keeps showing what it shows now until "
        "then, and switches to your version at that time.",
    )

    class Meta:
        model = Page
        fields = "__all__"
        widgets = {
            "body": RichTextWidget,
            "body_es": RichTextWidget,
            "seo_title": CountedTextInput,
            "seo_title_es": CountedTextInput,
            "meta_description": CountedTextarea,
            "meta_description_es": CountedTextarea,
        }
        field_classes = {name: SearchEngineText for name in SEARCH_ENGINE_FIELDS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.edit_version
        self.fields["expire_at"].help_text = (
            "The page leaves the site at this time (applies when you save). "
            "Empty: it stays on the site."
        )
        # Checked in clean_slug, new addresses only: Django's own check would
        # speak of underscores and capitals that the help text rules out.
        self.fields["slug"].validators = []
        if self.instance.pk and self.instance.is_kept:
            self._lock("slug")  # The admin's help text gives the address.
            # A plain box, without the calendar and clock that would fill it.
            self.fields["expire_at"] = forms.DateTimeField(
                label=self.fields["expire_at"].label,
                required=False,
                widget=forms.TextInput(attrs={"placeholder": "Never"}),
            )
            what = KEPT[self.instance.slug][0]
            self._lock(
                "expire_at",
                f"This is {what}: it is always on the site, so it has no offline "
                "time. To change what it says, edit it and press Publish.",
            )
            # Whatever time was set before, saving brings the page back.
            self.initial["expire_at"] = None

    def _lock(self, name, explanation=None):
        field = self.fields[name]
        field.disabled = True
        if explanation:
            field.help_text = explanation

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if not self.instance.pk or slug != self.instance.slug:
            addresses.check(slug)
        elif self.fields["slug"].disabled and self._posted("slug") not in ("", slug):
            raise forms.ValidationError(address_is_fixed(self.instance.slug))
        return slug

    def clean_expire_at(self):
        if self.fields["expire_at"].disabled and self._posted("expire_at"):
            raise forms.ValidationError(stays_on_the_site(self.instance.slug))
        return self.cleaned_data["expire_at"]

    def _posted(self, name):
        """What was sent for a locked field (a form opened before it was locked)."""
        prefix = self.add_prefix(name)
        return "".join(
            value.strip()
            for key, value in self.data.items()
            if key == prefix or key.startswith(prefix + "_")
        )

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        page = self.instance
        if page.pk and loaded is not None and loaded != page.edit_version:
            who = (
                page.updated_by.get_full_name() or page.updated_by.get_username()
                if page.updated_by
                else "Someone"
            )
            when = date_format(timezone.localtime(page.updated_at), "DATETIME_FORMAT")
            # The next save is then a deliberate choice to replace their version.
            self.data = self.data.copy()
            self.data[self.add_prefix("loaded_version")] = page.edit_version
            raise forms.ValidationError(
                f"{who} saved this page on {when}, after you opened it. Your changes "
                "below are not saved yet. To replace their version with yours, press "
                "the same button again (Save draft, Save and preview or Publish); "
                "theirs stays in the page's History. To see what they changed "
                "first, open the page in a new tab.",
                code="stale",
            )
        publish_at, expire_at = cleaned.get("publish_at"), cleaned.get("expire_at")
        if publish_at and expire_at and expire_at <= publish_at:
            raise forms.ValidationError(
                {"expire_at": "“Take offline at” must come after “Publish at”."}
            )
        return cleaned

    def save(self, commit=True):
        if self.cleaned_data.get("spanish_checked"):
            self.instance.mark_spanish_current()
        return super().save(commit)
