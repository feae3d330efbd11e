from contextlib import nullcontext

from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.utils import timezone

from .. import business_days
from .practice import InquirySettings


class InquiryQuerySet(models.QuerySet):
    def store_once(self, inquiry, answers, store):
        """Store a posted `inquiry` with `store(inquiry)` once per form nonce;
        return (the inquiry, whether it was a repeat).

        A post whose nonce is stored with the same `answers` (field names) is a
        repeat: the stored inquiry comes back. Other answers under a used nonce
        (a form restored from the browser's history and changed) are stored anew,
        without the nonce: nothing is lost. The insert comes first, so a first
        post (nearly all of them) costs no lookup: the nonce's unique index
        tells a repeat, a concurrent one included."""
        # Alone (a family's post), the INSERT is its own transaction. Inside
        # one, a savepoint keeps that transaction usable once the index refuses.
        in_transaction = transaction.get_connection(self.db).in_atomic_block
        try:
            with transaction.atomic(using=self.db) if in_transaction else nullcontext():
                store(inquiry)
            return inquiry, False
        except IntegrityError:
            nonce = inquiry.form_nonce
            stored = nonce and self.filter(form_nonce=nonce).first()
            if not stored:
                raise
        if all(getattr(stored, f) == getattr(inquiry, f) for f in answers):
            return stored, True
        inquiry.form_nonce = None
        store(inquiry)
        return inquiry, False

    def open(self):
        return self.filter(status__in=self.model.OPEN_STATUSES)

    def unanswered(self):
        return self.filter(status=self.model.Status.NEW)

    def overdue(self, now=None, target_days=None):
        """New inquiries older than the response target, in business days."""
        if target_days is None:
            target_days = InquirySettings.load().response_target_business_days
        cutoff = business_days.subtract(now or timezone.now(), target_days)
        return self.unanswered().filter(created_at__lt=cutoff)

    def follow_ups(self, due, today=None):
        """Open inquiries whose next step is `due` ("today" or "overdue")."""
        today = today or timezone.localdate()
        lookup = {"today": "next_step_on", "overdue": "next_step_on__lt"}[due]
        return self.open().filter(**{lookup: today})

    def counts(self, user=None, now=None):
        """New, overdue and open counts in one query, for everyone and for `user`,
        follow-ups due today and overdue, and the suspected spam still to look
        at (it is purged unseen otherwise)."""
        target = InquirySettings.load().response_target_business_days
        cutoff = business_days.subtract(now or timezone.now(), target)
        today = timezone.localdate(now)
        new = Q(status=self.model.Status.NEW)
        waiting = Q(status__in=self.model.OPEN_STATUSES)
        kinds = {
            "new": new,
            "overdue": new & Q(created_at__lt=cutoff),
            "waiting": waiting,
            "follow_up_today": waiting & Q(next_step_on=today),
            "follow_up_overdue": waiting & Q(next_step_on__lt=today),
        }
        aggregates = {name: Count("pk", filter=q) for name, q in kinds.items()}
        aggregates["spam"] = Count("pk", filter=Q(status=self.model.Status.SPAM))
        if user is not None:
            mine = Q(assigned_to=user)
            aggregates |= {
                f"my_{name}": Count("pk", filter=q & mine) for name, q in kinds.items()
            }
        return self.aggregate(**aggregates)
