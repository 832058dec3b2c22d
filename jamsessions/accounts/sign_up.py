"""The two emails of signing up, one of which goes out whatever address is given.

A new address gets the link that confirms it and finishes the account; an address that
already has an account gets a note for its owner instead: someone (maybe they) tried to sign
up with it, and the ways back in. The page says the same either way (“check your email”), so
signing up never tells who has an account.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from jamsessions.accounts.models import User
from jamsessions.accounts.sign_in_links import sign_up_link_url
from jamsessions.http import site_url
from jamsessions.mail import email_send_later, render_subject, render_text


def _send(*, user: User, template: str, context: dict) -> None:
    context = {"user": user, **context}
    email_send_later(
        to=[user.email],
        subject=render_subject(f"accounts/email/{template}_subject.txt", context),
        text=render_text(f"accounts/email/{template}.txt", context),
        html=render_to_string(f"accounts/email/{template}.html", context),
    )


def sign_up_link_send(*, user: User, next_url: str = "") -> None:
    """Email a new account's owner the link that confirms the address and signs them in."""
    _send(
        user=user,
        template="sign_up_link",
        context={
            "link": sign_up_link_url(user=user, next_url=next_url),
            "hours": settings.SIGN_UP_LINK_HOURS,
        },
    )


def sign_up_taken_send(*, user: User) -> None:
    """Tell an account's owner that someone tried to sign up with their address: how to sign
    in, or choose a new password (the one way to finish an account still waiting to be
    confirmed, whose password its owner may not know). No token: the links are the site's
    own pages."""
    _send(
        user=user,
        template="sign_up_taken",
        context={
            "sign_in_url": site_url(reverse("accounts:login")),
            "sign_in_link_url": site_url(reverse("accounts:sign_in_link")),
            "password_reset_url": site_url(reverse("accounts:password_reset")),
        },
    )
