from django import template
from django.urls import reverse

from .. import readiness
from ..models import Inquiry, is_practice_admin

register = template.Library()

LABELS = {
    "new": "new, not yet contacted",
    "overdue": "overdue",
    "waiting": "waiting for an outcome",
    "follow_up_today": "follow-ups due today",
    "follow_up_overdue": "follow-ups overdue",
}
QUERIES = {
    "new": "status__exact=new",
    "overdue": "overdue=yes",
    "waiting": "",
    "follow_up_today": "next_step=today",
    "follow_up_overdue": "next_step=overdue",
}


@register.inclusion_tag("admin/contact/inquiry_counts.html", takes_context=True)
def inquiry_counts(context):
    user = context["request"].user
    if not user.has_perm("contact.view_inquiry"):
        return {"show": False}
    counts = Inquiry.objects.counts(user=user)
    changelist = reverse("admin:contact_inquiry_changelist")
    rows = [
        (
            label,
            [
                (
                    name,
                    counts[prefix + name],
                    LABELS[name],
                    f"{changelist}?{mine}{query}".rstrip("?&"),
                )
                for name, query in QUERIES.items()
            ],
        )
        for label, prefix, mine in [
            ("Assigned to you", "my_", "assigned=me&"),
            ("Whole practice", "", ""),
        ]
    ]
    spam_url = f"{changelist}?spam=only"
    return {"show": True, "rows": rows, "spam": counts["spam"], "spam_url": spam_url}


@register.inclusion_tag("admin/contact/readiness.html", takes_context=True)
def readiness_panel(context):
    if not is_practice_admin(context["request"].user):
        return {"show": False}
    problems = readiness.problems()
    return {
        "show": True,
        "problems": problems,
        "serious": any(problem.serious for problem in problems),
    }
