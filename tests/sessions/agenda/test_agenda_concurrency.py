"""Agenda positions stay unique when several people add or copy items at the same moment."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from sessions.agenda.models import AgendaItem
from sessions.agenda.services import (
    agenda_item_create,
    agenda_item_delete,
    agenda_item_duplicate,
    agenda_item_move,
)
from tests.factories import AgendaItemFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)

AT_ONCE = 4


def _at_once(action) -> list[BaseException]:
    """Run ``action`` in ``AT_ONCE`` threads released together; the errors they raised."""
    barrier = threading.Barrier(AT_ONCE)
    errors: list[BaseException] = []

    def run():
        try:
            barrier.wait()
            action()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(AT_ONCE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def _positions(session) -> list[int]:
    return list(session.agenda_items.order_by("position").values_list("position", flat=True))


def test_copies_made_at_the_same_moment_each_get_their_own_place():
    session = SessionFactory()
    first = AgendaItemFactory(session=session, position=0, title="Welcome")
    AgendaItemFactory(session=session, position=1, title="Closing")

    errors = _at_once(
        lambda: agenda_item_duplicate(item=AgendaItem.objects.get(pk=first.pk), actor=None)
    )

    assert errors == []
    assert _positions(session) == list(range(2 + AT_ONCE))
    titles = list(session.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles == ["Welcome"] * (1 + AT_ONCE) + ["Closing"]


def test_items_added_at_the_same_moment_each_get_their_own_place():
    session = SessionFactory()
    AgendaItemFactory(session=session, position=0)

    errors = _at_once(
        lambda: agenda_item_create(
            session=session, details={"title": "Stretch", "duration_minutes": 10}, actor=None
        )
    )

    assert errors == []
    assert _positions(session) == list(range(1 + AT_ONCE))


def test_copies_moves_and_removals_at_the_same_moment_leave_one_item_per_place():
    session = SessionFactory()
    first = AgendaItemFactory(session=session, position=0, title="Welcome")
    AgendaItemFactory(session=session, position=1, title="Walk")
    last = AgendaItemFactory(session=session, position=2, title="Closing")
    doomed = AgendaItemFactory(session=session, position=3, title="Spare")
    actions = iter(
        [
            lambda: agenda_item_duplicate(item=AgendaItem.objects.get(pk=first.pk), actor=None),
            lambda: agenda_item_move(item=AgendaItem.objects.get(pk=last.pk), offset=-1),
            lambda: agenda_item_duplicate(item=AgendaItem.objects.get(pk=first.pk), actor=None),
            lambda: agenda_item_delete(item=AgendaItem.objects.get(pk=doomed.pk)),
        ]
    )
    lock = threading.Lock()

    def next_action():
        with lock:
            action = next(actions)
        action()

    errors = _at_once(next_action)

    assert errors == []
    assert _positions(session) == list(range(5))  # 4 items, 2 copies, 1 removed
    titles = list(session.agenda_items.order_by("position").values_list("title", flat=True))
    assert sorted(titles) == ["Closing", "Walk", "Welcome", "Welcome", "Welcome"]
