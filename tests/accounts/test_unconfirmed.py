"""Least data: an account made by signing up and never confirmed does not stay."""

from __future__ import annotations

import datetime as dt

import time_machine

from jamsessions.accounts.models import User
from jamsessions.accounts.services import accounts_unconfirmed_erase
from jamsessions.worker.heal import heal
from tests.factories import UserFactory


def test_an_account_nobody_confirmed_is_forgotten_after_a_week(db):
    now = dt.datetime(2027, 5, 10, 9, 0, tzinfo=dt.UTC)
    old = UserFactory(email="old@example.test", email_confirmed=False)
    recent = UserFactory(email="recent@example.test", email_confirmed=False)
    confirmed = UserFactory(email="kept@example.test")
    User.objects.filter(pk__in=[old.pk, confirmed.pk]).update(
        date_joined=now - dt.timedelta(days=8)
    )
    User.objects.filter(pk=recent.pk).update(date_joined=now - dt.timedelta(days=6))

    assert accounts_unconfirmed_erase(now=now) == 1
    assert set(User.objects.values_list("email", flat=True)) == {
        "recent@example.test",
        "kept@example.test",
    }
    with time_machine.travel(now + dt.timedelta(days=2), tick=False):
        heal()  # the worker's periodic heal asks it too, with no cron job
    assert set(User.objects.values_list("email", flat=True)) == {"kept@example.test"}
