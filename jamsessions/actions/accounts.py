"""Signing up: an account (the core), known at once to a programme that lists its address
(reporting)."""

from __future__ import annotations

from django.db import transaction

from jamsessions.accounts.models import User
from jamsessions.accounts.services import user_create
from reporting.programmes.services import programme_hosts_link_account


def account_sign_up(*, email: str, password: str, name: str = "") -> User:
    """A new account; a programme that already lists this address as a host now knows it."""
    with transaction.atomic():
        user = user_create(email=email, password=password, name=name)
        programme_hosts_link_account(user)
    return user
