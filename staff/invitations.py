"""A colleague's invitation: a single-use link, valid for a few days, to set a
password. The token is made from the password hash and last sign-in, so setting
the password (or signing in) spends it; it is never stored."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlencode, urlsafe_base64_encode

logger = logging.getLogger(__name__)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "staff.invitations.InvitationTokenGenerator"

    def check_token(self, user, token):
        if not super().check_token(user, token):
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        age = self._num_seconds(self._now()) - issued
        return age <= settings.STAFF_INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()


def invitation_url(user):
    # The token rides in the query string, which no access log keeps (Caddy's
    # log filter, the app's request log); the link's view moves it into the
    # session and redirects to an address without it.
    path = reverse(
        "staff:invitation-link",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk))},
    )
    query = urlencode({"token": invitation_tokens.make_token(user)})
    return f"{settings.SITE_URL.rstrip('/')}{path}?{query}"


def build_invitation(user, invited_by_name):
    from pages.models import SiteSettings

    site = SiteSettings.load()
    body = render_to_string(
        "staff/email/invitation.txt",
        {
            "user": user,
            "site": site,
            "url": invitation_url(user),
            "days": settings.STAFF_INVITATION_DAYS,
            "invited_by": invited_by_name,
        },
    )
    return EmailMessage(
        f"You are invited to the {site.practice_name} admin",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        reply_to=[site.email] if site.email else None,
    )


@task
def send_invitation(user_id, invited_by_name=""):
    user = get_user_model().objects.get(pk=user_id)
    try:
        build_invitation(user, invited_by_name).send()
    except Exception as exc:
        # The address is a colleague's, yet the log gets the failure's kind only.
        logger.warning(
            "Invitation to user %s not sent: %s", user_id, type(exc).__name__
        )
        raise


def invite(user, invited_by_name=""):
    """Queue the invitation once the new colleague's row is committed."""
    transaction.on_commit(lambda: send_invitation.enqueue(user.pk, invited_by_name))
