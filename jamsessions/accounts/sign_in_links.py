"""Emailed sign-in links: for people who would rather not keep a password, and to finish
signing up.

A link holds a django-sesame token scoped to what it does. A sign-in link is good for
``SIGN_IN_LINK_MINUTES``; the link that finishes signing up (``jamsessions.accounts.sign_up``)
for ``SIGN_UP_LINK_HOURS``. Each works for one sign-in only (signing in changes the last login
date the token is bound to), and a password change voids it. Opening one shows a button: mail
scanners that open links on their own do not use it up. Whether an address has an account is
never told: the answer is the same, and how many links may be asked for is limited by request,
not by account (``jamsessions.accounts.throttles``).

An account waiting for its address to be confirmed gets no sign-in link: whoever signed up
chose its password without showing they own the address, and a sign-in link would confirm
the address with that password still in place (someone could sign up with another's address,
wait, and sign in once its owner used a link). Only its own sign-up link, sent to the address
when it was made, or a password reset, which replaces that password, finish it.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from sesame.backends import ModelBackend as TokenBackend
from sesame.utils import get_token

from jamsessions.accounts.models import User, email_normalise
from jamsessions.http import site_url
from jamsessions.mail import email_send_later, render_subject, render_text

SCOPE = "sign-in"
SIGN_UP_SCOPE = "sign-up"


def _link(*, user: User, scope: str, next_url: str) -> str:
    path = reverse("accounts:sign_in_link_open", kwargs={"token": get_token(user, scope=scope)})
    if next_url:
        path = f"{path}?{urlencode({'next': next_url})}"
    return site_url(path)


def sign_in_link_url(*, user: User, next_url: str = "") -> str:
    return _link(user=user, scope=SCOPE, next_url=next_url)


def sign_up_link_url(*, user: User, next_url: str = "") -> str:
    """The link that confirms a new account's address and signs its owner in."""
    return _link(user=user, scope=SIGN_UP_SCOPE, next_url=next_url)


def sign_in_link_send(*, email: str, next_url: str = "") -> bool:
    """Email a sign-in link to the account with this address, if there is one.

    Returns whether an email went out; callers must not tell the visitor.
    """
    user = User.objects.filter(
        email=email_normalise(email), is_active=True, email_confirmed=True
    ).first()
    if user is None:
        return False
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
        # The link stops working then: its text is erased by then, sent or not.
        link_expires_at=timezone.now() + dt.timedelta(minutes=settings.SIGN_IN_LINK_MINUTES),
    )
    return True


def sign_in_link_user(*, token: str) -> User | None:
    """The active account a link's token signs in, or None when it is unknown, used or old.

    A sign-in link signs in a confirmed account only; a sign-up link only the account still
    waiting for it.
    """
    # The token backend alone: the sign-in link is not a password try for django-axes.
    backend = TokenBackend()
    user = backend.authenticate(None, sesame=token, scope=SCOPE)
    if user is not None and not user.email_confirmed:
        user = None
    if user is None:
        hours = dt.timedelta(hours=settings.SIGN_UP_LINK_HOURS)
        user = backend.authenticate(None, sesame=token, scope=SIGN_UP_SCOPE, max_age=hours)
        if user is not None and user.email_confirmed:
            user = None
    if user is None or not user.is_active:
        return None
    return user
