from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from .. import business_days


class InquiryQuerySet(models.QuerySet):
    def unanswered(self):
        return self.filter(status=self.model.Status.NEW)

    def overdue(self, now=None, target_days=None):
        """New inquiries older than the response target, in business days."""
        if target_days is None:
            from pages.models import SiteSettings

            target_days = SiteSettings.load().response_target_business_days
        cutoff = business_days.subtract(now or timezone.now(), target_days)
        return self.unanswered().filter(created_at__lt=cutoff)

    def counts(self, user=None, now=None):
        """New, overdue and open counts in one query, for everyone and for `user`,
        and the suspected spam still to look at (it is purged unseen otherwise)."""
        from pages.models import SiteSettings

        target = SiteSettings.load().response_target_business_days
        cutoff = business_days.subtract(now or timezone.now(), target)
        new = Q(status=self.model.Status.NEW)
        kinds = {
            "new": new,
            "overdue": new & Q(created_at__lt=cutoff),
            "waiting": Q(status__in=self.model.OPEN_STATUSES),
        }
        aggregates = {name: Count("pk", filter=q) for name, q in kinds.items()}
        aggregates["spam"] = Count("pk", filter=Q(status=self.model.Status.SPAM))
        if user is not None:
            mine = Q(assigned_to=user)
            aggregates |= {
                f"my_{name}": Count("pk", filter=q & mine) for name, q in kinds.items()
            }
        return self.aggregate(**aggregates)
