"""The inquiry page saves only what the person changed.

A page opened earlier posts every field as it was then; saved as it stands, it
would undo whatever a colleague changed in between. The form remembers (signed)
what each field held when the page was opened and merges three ways: a field
left alone keeps the colleague's value, a field only this person changed is
saved, and a field both changed, differently, is a conflict: nothing is saved
and the page says who changed what."""

import json

from django import forms
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.utils import timezone
from django.utils.formats import date_format, time_format

from ..models import Inquiry
from .display import person

# How a colleague's change reads (set, cleared), and what to do about it.
AGAIN = "Choose the {noun} again, then Save."
PHRASES = {
    "assigned_to": (
        "assigned it to {value}",
        "unassigned it",
        "Choose who it is assigned to again, then Save.",
    ),
    "next_step_on": (
        "changed Next step on to {value}",
        "cleared Next step on",
        AGAIN.format(noun="date"),
    ),
    "legal_hold": (
        "put it on legal hold",
        "took it off legal hold",
        "Tick or clear Legal hold again, then Save.",
    ),
}
OTHERWISE = ("changed {label} to “{value}”", "cleared {label}", None)


def snapshot(inquiry, names):
    return {
        name: Inquiry._meta.get_field(name).value_to_string(inquiry) for name in names
    }


def as_posted(field, value):
    """`value` as the browser would post it in `field`."""
    if isinstance(field.widget, forms.CheckboxInput):
        return "on" if value else ""
    shown = field.widget.format_value(field.prepare_value(value))
    if isinstance(shown, list):
        shown = shown[0] if shown else ""
    return "" if shown is None else str(shown)


class InquiryAdminForm(forms.ModelForm):
    # What the editable fields held when the page was opened (see above).
    loaded = forms.CharField(widget=forms.HiddenInput, required=False)

    # The person saving; set by the admin for each request.
    editor = None

    class Meta:
        model = Inquiry
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = set()
        if self.instance.pk:
            self.fields["loaded"].initial = self.sign(
                snapshot(self.instance, self.names)
            )

    @property
    def names(self):
        model_fields = {f.name for f in Inquiry._meta.fields}
        return [name for name in self.fields if name in model_fields]

    @property
    def salt(self):
        return f"contact.inquiry.loaded.{self.instance.pk}"

    def sign(self, values):
        return signing.dumps(values, salt=self.salt)

    def loaded_values(self, current):
        """What the page was opened with; without a (valid) record, what is
        stored now, so that the page saves what it shows, as it did before."""
        try:
            loaded = signing.loads(
                self.cleaned_data.get("loaded") or "", salt=self.salt
            )
        except signing.BadSignature:
            loaded = {}
        return {**current, **loaded} if isinstance(loaded, dict) else current

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        # Locked until the save commits: two saves at once merge one after the other.
        stored = Inquiry.objects.select_for_update().get(pk=self.instance.pk)
        names = [name for name in self.names if name in cleaned]
        current = snapshot(stored, names)
        loaded = self.loaded_values(current)
        posted = snapshot(Inquiry(**{name: cleaned[name] for name in names}), names)
        conflicts = []
        for name in names:
            if posted[name] == loaded[name]:
                # Left alone here: what is stored now (perhaps a colleague's) stays.
                cleaned[name] = getattr(stored, name)
                self.kept.add(name)
            elif current[name] not in (loaded[name], posted[name]):
                conflicts.append(name)
        if conflicts:
            self.refresh(stored)
            for name in conflicts:
                self.add_error(name, self.conflict_message(stored, name))
            raise forms.ValidationError(
                "Nothing is saved yet: this inquiry was changed while you had it "
                "open (see below). Everything you typed, including new notes and "
                "contact attempts, is still here.",
                code="conflict",
            )
        return cleaned

    def refresh(self, stored):
        """Show what is stored now in the fields left alone, and remember it as
        loaded: the next Save keeps the colleague's values and saves yours."""
        self.data = self.data.copy()
        for name in self.kept:
            key = self.add_prefix(name)
            value = as_posted(self.fields[name], getattr(stored, name))
            if value or not isinstance(self.fields[name].widget, forms.CheckboxInput):
                self.data[key] = value
            else:
                self.data.pop(key, None)
        self.data[self.add_prefix("loaded")] = self.sign(snapshot(stored, self.names))

    def conflict_message(self, stored, name):
        field = self.fields[name]
        value = getattr(stored, name)
        choices = dict(Inquiry._meta.get_field(name).flatchoices)
        if name == "assigned_to":
            shown = person(value)
        elif hasattr(value, "isoformat"):
            shown = date_format(value, "DATE_FORMAT")
        else:
            shown = choices.get(value, value)
        changed, cleared, again = PHRASES.get(name, OTHERWISE)
        what = (changed if value else cleared).format(label=field.label, value=shown)
        who, when = self.last_change(stored, name)
        if who is not None and self.editor is not None and who.pk == self.editor.pk:
            who = "You (in another tab or window)"
        else:
            who = person(who) or "A colleague"
        again = again or AGAIN.format(noun=str(field.label).lower())
        return f"{who} {what}{when}, while you had this inquiry open. {again}"

    def last_change(self, stored, name):
        """Who made the stored value of `name`, and when: from the status
        history, or the admin's log of changes."""
        if name == "status":
            change = (
                stored.status_changes.filter(to_status=stored.status)
                .select_related("changed_by")
                .last()
            )
            if change is not None:
                return change.changed_by, self.moment(change.changed_at)
            return None, ""
        label = str(self.fields[name].label)
        entries = LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Inquiry),
            object_id=str(stored.pk),
            action_flag=CHANGE,
        ).select_related("user")
        for entry in entries.order_by("-action_time", "-pk")[:50]:
            try:
                message = json.loads(entry.change_message or "[]")
            except ValueError:
                continue
            for part in message if isinstance(message, list) else []:
                changed = part.get("changed", {}) if isinstance(part, dict) else {}
                if "name" not in changed and label in changed.get("fields", []):
                    return entry.user, self.moment(entry.action_time)
        return None, ""

    @staticmethod
    def moment(at):
        at = timezone.localtime(at)
        clock = time_format(at, "TIME_FORMAT")
        if at.date() == timezone.localdate():
            return f" at {clock}"
        return f" on {date_format(at, 'DATE_FORMAT')} at {clock}"

    @property
    def changed_data(self):
        # Only what this person changed: the admin's log records these.
        return [
            name
            for name in super().changed_data
            if name != "loaded" and name not in self.kept
        ]
