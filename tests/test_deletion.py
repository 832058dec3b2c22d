"""What goes with a deletion (``jamsessions.deletion``): counted before, true after."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jamsessions.deletion import what_goes_with
from planning.models import Guest, GuestMessage, Material, Rsvp, Session, Task, TeamMember
from sessions.models import AgendaItem, ItemNote
from tests.factories import (
    AgendaItemFactory,
    AnnouncementFactory,
    GuestFactory,
    GuestMessageFactory,
    ItemNoteFactory,
    JamFactory,
    MaterialFactory,
    RsvpFactory,
    SessionFactory,
    TaskFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


def lines(what_goes) -> list[str]:
    return [f"{row.count} {row.label}" for row in what_goes.deleted] + [
        f"{row.count} {row.label} ({row.emptied})" for row in what_goes.emptied
    ]


def test_what_goes_with_a_jam_is_what_its_deletion_deletes(jam):
    session = jam.sessions.get()
    guests = GuestFactory.create_batch(2, jam=jam)
    for guest in guests:
        RsvpFactory(guest=guest, session=session)
    ItemNoteFactory(item=AgendaItemFactory(session=session))

    what_goes = what_goes_with(jam)
    counts = {model: what_goes.count(model) for model in (Session, Guest, Rsvp, AgendaItem)}
    jam.delete()

    assert counts == {Session: 1, Guest: 2, Rsvp: 2, AgendaItem: 1}
    assert "1 note" in lines(what_goes)
    assert not Guest.objects.exists() and not ItemNote.objects.exists()


def test_rows_reached_by_several_paths_count_once(jam):
    # An email to a guest goes with its Jam, its guest and its announcement alike.
    announcement = AnnouncementFactory(jam=jam)
    guest = GuestFactory(jam=jam)
    GuestMessageFactory(guest=guest, announcement=announcement)
    GuestMessageFactory(guest=guest)

    assert what_goes_with(jam).count(GuestMessage) == 2


def test_rows_that_stay_are_listed_with_the_detail_left_empty(jam):
    member = TeamMemberFactory(jam=jam)
    TaskFactory.create_batch(2, jam=jam, assignee=member)
    MaterialFactory(jam=jam, brought_by=member)
    MaterialFactory(jam=jam)  # brought by nobody: not touched

    what_goes = what_goes_with(member)

    assert what_goes.deleted == ()
    assert lines(what_goes) == [
        "1 material (who brings it)",
        "2 tasks (assigned to)",
    ]


def test_rows_emptied_only_to_be_deleted_are_not_said_to_stay(jam):
    member = TeamMemberFactory(jam=jam)
    TaskFactory(jam=jam, assignee=member)

    what_goes = what_goes_with(jam)

    assert what_goes.emptied == ()
    assert what_goes.count(Task) == 1 and what_goes.count(TeamMember) == 1


def test_nothing_goes_with_a_row_nothing_points_to(jam):
    material = MaterialFactory(jam=jam)

    with CaptureQueriesContext(connection) as queries:
        what_goes = what_goes_with(material)

    assert not what_goes
    assert len(queries) == 0
    assert Material.objects.filter(pk=material.pk).exists()


def test_what_goes_reads_the_same_number_of_queries_for_few_and_many(host):
    def filled(count):
        jam = JamFactory(host=host)
        for number in (1, 2):
            session = SessionFactory(jam=jam, number=number)
            for _ in range(count):
                ItemNoteFactory(item=AgendaItemFactory(session=session))
                RsvpFactory(guest=GuestFactory(jam=jam), session=session)
        return jam

    few, many = filled(1), filled(6)
    with CaptureQueriesContext(connection) as small:
        what_goes_with(few)
    with CaptureQueriesContext(connection) as big:
        what_goes_with(many)

    assert len(big) == len(small)
