"""Emailed sign-in links: for people who would rather not keep a password.

A link holds a django-sesame token scoped to signing in. It is good for
``SIGN_IN_LINK_MINUTES`` and for one sign-in only (signing in changes the last
login date the token is bound to), and a password change voids it. Opening it
shows a button: mail scanners that open links on their own do not use it up.
Whether an address has an account is never told: the answer is the same.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from sesame.backends import ModelBackend as TokenBackend
from sesame.utils import get_token

from jamsessions.accounts.models import User, email_normalise
from jamsessions.http import site_url
from jamsessions.mail import email_send_later, render_subject, render_text

SCOPE = "sign-in"
RESEND_AFTER = dt.timedelta(minutes=1)
"""One link a minute per address, so nobody can fill someone's inbox."""


def sign_in_link_url(*, user: User, next_url: str = "") -> str:
    path = reverse("accounts:sign_in_link_open", kwargs={"token": get_token(user, scope=SCOPE)})
    if next_url:
        path = f"{path}?{urlencode({'next': next_url})}"
    return site_url(path)


def _may_send(user: User, now: dt.datetime) -> bool:
    return user.sign_in_link_sent_at is None or now - user.sign_in_link_sent_at >= RESEND_AFTER


@transaction.atomic
def sign_in_link_send(*, email: str, next_url: str = "") -> bool:
    """Email a sign-in link to the account with this address, if there is one.

    Returns whether an email went out; callers must not tell the visitor.
    """
    user = (
        User.objects.select_for_update()
        .filter(email=email_normalise(email), is_active=True)
        .first()
    )
    now = timezone.now()
    if user is None or not _may_send(user, now):
        return False
    user.sign_in_link_sent_at = now
    user.save(update_fields=["sign_in_link_sent_at"])
    context = {
        "user": user,
        "link": sign_in_link_url(user=user, next_url=next_url),
        "minutes": settings.SIGN_IN_LINK_MINUTES,
    }
    email_send_later(
        to=[user.email],
        subject=render_subject("accounts/email/sign_in_link_subject.txt", context),
        text=render_text("accounts/email/sign_in_link.txt", context),
        html=render_to_string("accounts/email/sign_in_link.html", context),
    )
    return True


def sign_in_link_user(*, token: str) -> User | None:
    """The active account a link's token signs in, or None when it is unknown, used or old."""
    # The token backend alone: the sign-in link is not a password try for django-axes.
    user = TokenBackend().authenticate(None, sesame=token, scope=SCOPE)
    if user is None or not user.is_active:
        return None
    return user
