"""Signing up: an account (the core), known to a programme that lists its address (reporting)
once its owner has confirmed it."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from jamsessions.accounts.models import User, email_normalise
from jamsessions.accounts.services import user_create, user_email_confirm
from jamsessions.accounts.sign_up import sign_up_link_send, sign_up_taken_send
from reporting.programmes.services import programme_hosts_link_account


def account_sign_up(*, email: str, password: str, name: str = "", next_url: str = "") -> None:
    """Sign up with an address; nothing returned, as nothing may be told.

    A new address gets an account that waits for its owner to follow the emailed link
    (``account_confirm``); an address with an account gets a note to its owner instead
    (an inactive account, nothing). The same work either way: the password is hashed once
    and one email is queued.
    """
    email = email_normalise(email)
    password_hash = make_password(password)
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            try:
                with transaction.atomic():
                    user = user_create(
                        email=email, password_hash=password_hash, name=name, email_confirmed=False
                    )
            except IntegrityError:  # the same address, signing up at the same moment
                user = User.objects.get(email__iexact=email)
            else:
                sign_up_link_send(user=user, next_url=next_url)
                return
        if user.is_active:
            sign_up_taken_send(user=user)


def account_confirm(*, user: User) -> bool:
    """The owner of an account waiting for it proved the address: the account is ready, and
    a programme that already lists this address as a host now knows it.

    Returns whether the account was waiting.
    """
    with transaction.atomic():
        if not user_email_confirm(user):
            return False
        programme_hosts_link_account(user)
    return True
