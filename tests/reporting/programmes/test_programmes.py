import pytest
from django.core.exceptions import ValidationError

from reporting.models import ProgrammeHost, ProgrammeJam
from reporting.programmes.services import (
    jam_programme_set,
    programme_attach_new_jam,
    programme_create,
    programme_host_add,
    programme_host_remove,
    programme_hosts_link_account,
)
from tests.factories import JamFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_programme_create_stores_name_and_author():
    actor = UserFactory()
    programme = programme_create("  Jam Sessions   2026 ", "The first cohort.", actor)
    assert programme.name == "Jam Sessions 2026"
    assert programme.description == "The first cohort."
    assert programme.created_by == actor


def test_programme_create_refuses_a_taken_name_in_any_case():
    programme_create("Jam Sessions 2026", "", None)
    with pytest.raises(ValidationError, match="already a programme"):
        programme_create("jam sessions 2026", "", None)


def test_programme_create_refuses_an_empty_name():
    with pytest.raises(ValidationError):
        programme_create("   ", "", None)


def test_programme_host_add_normalises_links_account_and_attaches_free_jams():
    host = UserFactory(email="ana@example.test")
    free_jam = JamFactory(host=host)
    elsewhere = JamFactory(host=host)
    other_programme = ProgrammeFactory()
    ProgrammeJam.objects.create(jam=elsewhere, programme=other_programme)
    programme = ProgrammeFactory()

    programme_host = programme_host_add(programme, "  ANA@Example.TEST ")

    assert programme_host.email == "ana@example.test"
    assert programme_host.user == host
    assert ProgrammeJam.objects.get(jam=free_jam).programme == programme
    assert ProgrammeJam.objects.get(jam=elsewhere).programme == other_programme


def test_programme_host_add_without_account_keeps_the_email_only():
    programme = ProgrammeFactory()
    programme_host = programme_host_add(programme, "new@example.test")
    assert programme_host.user is None
    assert ProgrammeJam.objects.count() == 0


def test_programme_host_add_twice_changes_nothing():
    programme = ProgrammeFactory()
    programme_host_add(programme, "ana@example.test")
    programme_host_add(programme, "Ana@example.test")
    assert ProgrammeHost.objects.filter(programme=programme).count() == 1


def test_programme_host_add_refuses_an_empty_email():
    with pytest.raises(ValidationError):
        programme_host_add(ProgrammeFactory(), "  ")


def test_programme_host_remove_takes_their_jams_out_of_that_programme_only():
    host = UserFactory()
    programme = ProgrammeFactory()
    jam = JamFactory(host=host)
    programme_host = programme_host_add(programme, host.email)
    other_jam = JamFactory(host=host)
    ProgrammeJam.objects.create(jam=other_jam, programme=ProgrammeFactory())

    programme_host_remove(programme_host)

    assert not ProgrammeHost.objects.filter(pk=programme_host.pk).exists()
    assert not ProgrammeJam.objects.filter(jam=jam).exists()
    assert ProgrammeJam.objects.filter(jam=other_jam).exists()


def test_jam_programme_set_moves_a_jam_and_keeps_at_most_one():
    jam = JamFactory()
    first, second = ProgrammeFactory(), ProgrammeFactory()
    jam_programme_set(jam, first)
    jam_programme_set(jam, second)
    assert list(ProgrammeJam.objects.filter(jam=jam).values_list("programme", flat=True)) == [
        second.pk
    ]
    jam_programme_set(jam, None)
    assert not ProgrammeJam.objects.filter(jam=jam).exists()


def test_programme_attach_new_jam_joins_the_hosts_only_programme():
    host = UserFactory(email="solo@example.test")
    programme = ProgrammeFactory()
    programme_host_add(programme, "solo@example.test")
    jam = JamFactory(host=host)
    assert programme_attach_new_jam(jam) == programme
    assert ProgrammeJam.objects.get(jam=jam).programme == programme


def test_programme_attach_new_jam_matches_an_unlinked_email():
    programme = ProgrammeFactory()
    programme_host_add(programme, "later@example.test")
    host = UserFactory(email="later@example.test")
    jam = JamFactory(host=host)
    assert programme_attach_new_jam(jam) == programme


def test_programme_attach_new_jam_does_nothing_with_two_programmes_or_none():
    host = UserFactory(email="two@example.test")
    programme_host_add(ProgrammeFactory(), host.email)
    programme_host_add(ProgrammeFactory(), host.email)
    jam = JamFactory(host=host)
    assert programme_attach_new_jam(jam) is None
    assert programme_attach_new_jam(JamFactory()) is None
    assert ProgrammeJam.objects.count() == 0


def test_programme_hosts_link_account_links_and_attaches():
    programme = ProgrammeFactory()
    programme_host_add(programme, "signup@example.test")
    user = UserFactory(email="signup@example.test")
    jam = JamFactory(host=user)
    assert programme_hosts_link_account(user) == 1
    assert ProgrammeHost.objects.get(programme=programme).user == user
    assert ProgrammeJam.objects.get(jam=jam).programme == programme
