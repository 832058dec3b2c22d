"""A host's new Jam joins their programme; a new account finds the programme that named it."""

import datetime as dt

import pytest
from django.utils import timezone

from jamsessions.accounts.models import User
from jamsessions.actions.accounts import account_confirm, account_sign_up
from jamsessions.actions.jams import jam_create
from reporting.models import ProgrammeHost, ProgrammeJam
from tests.factories import ProgrammeFactory, ProgrammeHostFactory

pytestmark = pytest.mark.django_db

DETAILS = {"name": "Rest together", "objectives": "Rest.", "language": "en"}


def new_jam(host):
    return jam_create(
        host=host,
        details=DETAILS,
        starts_at=timezone.now() + dt.timedelta(days=20),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )


def test_a_new_jam_of_a_host_in_one_programme_joins_it(host):
    programme = ProgrammeFactory(name="Jam Sessions 2026")
    ProgrammeHostFactory(programme=programme, email=host.email, user=host)

    jam = new_jam(host)

    assert ProgrammeJam.objects.get(jam=jam).programme == programme


def test_a_new_jam_of_a_host_in_two_programmes_waits_for_staff_to_choose(host):
    for name in ("Jam Sessions 2025", "Jam Sessions 2026"):
        ProgrammeHostFactory(programme=ProgrammeFactory(name=name), email=host.email, user=host)

    jam = new_jam(host)

    assert not ProgrammeJam.objects.filter(jam=jam).exists()


def test_a_new_jam_of_a_host_in_no_programme_is_in_none(host):
    assert not ProgrammeJam.objects.filter(jam=new_jam(host)).exists()


def test_signing_up_with_an_address_a_programme_holds_links_the_account_once_confirmed():
    programme = ProgrammeFactory(name="Jam Sessions 2026")
    ProgrammeHostFactory(programme=programme, email="amina@example.org", user=None)

    account_sign_up(email="Amina@example.org", password="a-long-pass-phrase-1", name="Amina")
    user = User.objects.get(email="amina@example.org")
    assert ProgrammeHost.objects.get(programme=programme).user is None, "not until confirmed"

    assert account_confirm(user=user)
    jam = new_jam(user)

    assert ProgrammeHost.objects.get(programme=programme).user == user
    assert ProgrammeJam.objects.get(jam=jam).programme == programme
    assert not account_confirm(user=user), "once only"
