from django import template
from django.urls import reverse

from ..models import Inquiry

register = template.Library()


@register.inclusion_tag("admin/contact/inquiry_counts.html", takes_context=True)
def inquiry_counts(context):
    user = context["request"].user
    if not user.has_perm("contact.view_inquiry"):
        return {"show": False}
    counts = Inquiry.objects.counts(user=user)
    changelist = reverse("admin:contact_inquiry_changelist")
    queries = {
        "new": "status__exact=new",
        "overdue": "overdue=yes",
        "waiting": "",
    }
    rows = [
        (
            label,
            [
                (
                    name,
                    counts[prefix + name],
                    f"{changelist}?{mine}{queries[name]}".rstrip("?&"),
                )
                for name in queries
            ],
        )
        for label, prefix, mine in [
            ("Assigned to you", "my_", "assigned=me&"),
            ("Whole practice", "", ""),
        ]
    ]
    spam_url = f"{changelist}?spam=only"
    return {"show": True, "rows": rows, "spam": counts["spam"], "spam_url": spam_url}
