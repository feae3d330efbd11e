"""The three roles a colleague can have: each a group that grants what it needs."""

from django.contrib.auth.models import Group

ROLES = {
    "clinician": "Clinicians",
    "editor": "Editors",
    "practice_admin": "Practice admins",
}
ROLE_LABELS = {
    "clinician": "Clinician: works the inquiries",
    "editor": "Editor: edits the website's pages",
    "practice_admin": "Practice admin: everything, including staff and settings",
}
SHORT_LABELS = {
    "clinician": "Clinician",
    "editor": "Editor",
    "practice_admin": "Practice admin",
}


def role_of(user):
    """The user's role key, or "" for none. (Several roles: the broadest wins.)"""
    names = {group.name for group in user.groups.all()}
    for key in ["practice_admin", "clinician", "editor"]:
        if ROLES[key] in names:
            return key
    return ""


def set_role(user, role):
    """Staff status follows from the role: with none, the admin is closed."""
    user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
    if role:
        group, _ = Group.objects.get_or_create(name=ROLES[role])
        user.groups.add(group)
    user.is_staff = bool(role) or user.is_superuser
    user.save(update_fields=["is_staff"])
