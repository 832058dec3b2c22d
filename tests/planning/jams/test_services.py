import datetime as dt
import re

import pytest
from django.db import IntegrityError

from jamsessions.accounts.models import User
from jamsessions.actions.jams import jam_create, jam_update
from planning.enums import JamFormat, JamKind
from planning.jams.services import jam_delete
from planning.models import Jam, Session, TeamMember
from tests.factories import JamFactory, SessionFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
STARTS_AT = dt.datetime(2027, 3, 11, 0, 0, tzinfo=UTC)
DETAILS = {
    "name": "Healing Jam in Oaxaca",
    "local_name": "Jam de sanación",
    "objectives": "Rest, laugh and imagine together.",
    "kind": JamKind.HEALING,
    "format": JamFormat.IN_PERSON,
    "country": "MX",
    "language": "es",
    "venue": "",
    "who_to_invite": "",
    "support_needed": "",
}


def create(host, **details) -> Jam:
    return jam_create(
        host=host,
        details={**DETAILS, **details},
        starts_at=STARTS_AT,
        duration_minutes=120,
        timezone="America/Mexico_City",
    )


def test_jam_create_stores_the_jam_and_its_first_session(host):
    jam = create(host)

    stored = Jam.objects.get(pk=jam.pk)
    assert stored.host == host
    assert stored.name == "Healing Jam in Oaxaca"
    assert stored.local_name == "Jam de sanación"
    assert stored.country.code == "MX"
    session = Session.objects.get(jam=stored)
    assert (session.number, session.starts_at) == (1, STARTS_AT)
    assert (session.duration_minutes, session.timezone) == (120, "America/Mexico_City")


def test_jam_create_ignores_details_that_are_not_jam_fields(host):
    jam = create(host, slug="chosen-by-the-host", host_id=0)

    assert jam.slug != "chosen-by-the-host"
    assert jam.host == host


def test_jam_create_gives_a_readable_unique_slug(host):
    first = create(host)
    second = create(host)

    assert re.fullmatch(r"healing-jam-in-oaxaca-[a-z2-9]{6}", first.slug)
    assert re.fullmatch(r"healing-jam-in-oaxaca-[a-z2-9]{6}", second.slug)
    assert first.slug != second.slug


@pytest.mark.parametrize("name", ["جلسة شفاء", "疗愈聚会", "Исцеляющий джем", "!!!"])
def test_jam_create_slug_falls_back_to_jam_for_names_without_latin_letters(host, name):
    jam = create(host, name=name)

    assert re.fullmatch(r"jam-[a-z2-9]{6}", jam.slug)
    assert Jam.objects.get(slug=jam.slug).name == name


def test_jam_create_slug_stays_short_for_a_long_name(host):
    jam = create(host, name="Healing " * 15)

    assert len(jam.slug) <= 60
    assert jam.slug.startswith("healing-healing-")


def test_jam_create_saves_nothing_when_the_session_cannot_be_stored(host):
    with pytest.raises(IntegrityError):
        jam_create(
            host=host,
            details=DETAILS,
            starts_at=STARTS_AT,
            duration_minutes=5,  # below the database's limit of 10
            timezone="America/Mexico_City",
        )

    assert Jam.objects.count() == 0
    assert Session.objects.count() == 0


def test_jam_update_changes_only_the_given_details(jam):
    objectives, slug, host_id = jam.objectives, jam.slug, jam.host_id
    before = jam.updated_at

    jam_update(jam=jam, details={"name": "Visioning Jam", "venue": "Parque México"})

    jam.refresh_from_db()
    assert (jam.name, jam.venue) == ("Visioning Jam", "Parque México")
    assert (jam.objectives, jam.slug, jam.host_id) == (objectives, slug, host_id)
    assert jam.updated_at > before


def test_jam_update_ignores_details_that_are_not_jam_fields(jam, other_host):
    slug = jam.slug

    jam_update(jam=jam, details={"slug": "taken", "host": other_host, "name": "Renamed"})

    jam.refresh_from_db()
    assert (jam.slug, jam.name) == (slug, "Renamed")
    assert jam.host != other_host


def test_jam_delete_removes_its_sessions_and_team_but_not_the_people(jam, host):
    member = TeamMemberFactory(jam=jam)
    SessionFactory(jam=jam, number=2, starts_at=dt.datetime(2030, 1, 1, tzinfo=UTC))
    other = JamFactory(host=host)
    SessionFactory(jam=other, number=1)

    jam_delete(jam=jam)

    assert list(Jam.objects.all()) == [other]
    assert list(Session.objects.values_list("jam_id", flat=True)) == [other.pk]
    assert not TeamMember.objects.exists()
    assert User.objects.filter(pk__in=[host.pk, member.user_id]).count() == 2
