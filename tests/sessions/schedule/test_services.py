import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from planning.models import Session
from sessions.schedule.services import (
    session_create,
    session_delete,
    session_update,
    sessions_renumber,
)
from tests.factories import JamFactory, SessionFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def march(day: int, hour: int = 17) -> dt.datetime:
    return dt.datetime(2027, 3, day, hour, tzinfo=UTC)


def numbered(jam) -> list[tuple[int, int]]:
    """(number, day of March) of each session, by number, after checking the numbering holds.

    The unique (jam, number) constraint waits for the commit, which tests never reach;
    checking it now makes a duplicate number fail here.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return [(s.number, s.starts_at.day) for s in Session.objects.filter(jam=jam).order_by("number")]


def add(jam, day: int, hour: int = 17) -> Session:
    return session_create(
        jam=jam, starts_at=march(day, hour), duration_minutes=120, timezone="Europe/Madrid"
    )


@pytest.fixture
def march_jam():
    jam = JamFactory()
    SessionFactory(jam=jam, number=1, starts_at=march(10))
    return jam


def test_session_create_numbers_sessions_in_the_order_they_happen(march_jam):
    add(march_jam, 3)
    add(march_jam, 20)
    add(march_jam, 5)

    assert numbered(march_jam) == [(1, 3), (2, 5), (3, 10), (4, 20)]


def test_session_create_returns_the_session_with_its_place(march_jam):
    earlier = add(march_jam, 3)
    later = add(march_jam, 24)

    assert (earlier.number, later.number) == (1, 3)
    stored = Session.objects.get(pk=earlier.pk)
    assert (stored.duration_minutes, stored.timezone) == (120, "Europe/Madrid")


def test_session_create_puts_a_session_at_the_same_time_after_the_one_added_first(march_jam):
    same_time = add(march_jam, 10)

    assert same_time.number == 2
    assert numbered(march_jam) == [(1, 10), (2, 10)]


def test_session_create_leaves_other_jams_alone(march_jam):
    other = JamFactory()
    SessionFactory(jam=other, number=1, starts_at=march(20))

    add(march_jam, 1)

    assert numbered(other) == [(1, 20)]


def test_session_update_moving_a_session_numbers_them_again(march_jam):
    add(march_jam, 17)
    add(march_jam, 24)
    first = Session.objects.get(jam=march_jam, number=1)

    moved = session_update(
        session=first, starts_at=march(31), duration_minutes=90, timezone="Atlantic/Canary"
    )

    assert moved.number == 3
    assert numbered(march_jam) == [(1, 17), (2, 24), (3, 31)]
    stored = Session.objects.get(pk=first.pk)
    assert (stored.duration_minutes, stored.timezone) == (90, "Atlantic/Canary")


def test_session_update_without_moving_keeps_the_numbers(march_jam):
    add(march_jam, 17)
    second = Session.objects.get(jam=march_jam, number=2)

    session_update(
        session=second, starts_at=second.starts_at, duration_minutes=45, timezone="Europe/Madrid"
    )

    assert numbered(march_jam) == [(1, 10), (2, 17)]
    assert Session.objects.get(pk=second.pk).duration_minutes == 45


def test_session_delete_numbers_the_rest_again(march_jam):
    add(march_jam, 17)
    add(march_jam, 24)

    session_delete(session=Session.objects.get(jam=march_jam, number=1))

    assert numbered(march_jam) == [(1, 17), (2, 24)]


def test_session_delete_refuses_the_last_session(march_jam):
    only = march_jam.sessions.get()

    with pytest.raises(ValidationError) as refused:
        session_delete(session=only)

    assert refused.value.messages == [
        "A Jam needs at least one session that goes ahead. Change this one instead, "
        "or add another session first."
    ]
    assert numbered(march_jam) == [(1, 10)]


def test_sessions_renumber_fixes_numbers_out_of_order():
    jam = JamFactory()
    SessionFactory(jam=jam, number=1, starts_at=march(20))
    SessionFactory(jam=jam, number=2, starts_at=march(5))
    SessionFactory(jam=jam, number=7, starts_at=march(12))

    sessions_renumber(jam=jam)

    assert numbered(jam) == [(1, 5), (2, 12), (3, 20)]


def test_sessions_renumber_writes_nothing_when_numbers_are_right(
    march_jam, django_assert_num_queries
):
    add(march_jam, 17)

    with django_assert_num_queries(1):
        sessions_renumber(jam=march_jam)
