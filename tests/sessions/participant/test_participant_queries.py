"""A guest's page reads the same number of queries whatever the number of sessions and items."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from planning.enums import RsvpAnswer
from planning.guests.tokens import guest_link_token
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    HouseRuleFactory,
    JamFactory,
    RsvpFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

# The guest with Jam and host; their answers; the sessions; all agenda items; the rules.
PAGE_QUERIES = 5


def guest_with(*, sessions: int, items: int, rules: int):
    jam = JamFactory(venue="Community Hall")
    start = dt.datetime(2031, 5, 1, 15, 0, tzinfo=dt.UTC)
    guest = GuestFactory(jam=jam, timezone="America/Bogota")
    for number in range(1, sessions + 1):
        session = SessionFactory(
            jam=jam, number=number, starts_at=start + dt.timedelta(days=7 * number)
        )
        AgendaItemFactory.create_batch(items, session=session, facilitator_notes="team only")
        RsvpFactory(guest=guest, session=session, answer=RsvpAnswer.YES)
    HouseRuleFactory.create_batch(rules, jam=jam)
    return guest


@pytest.mark.parametrize(("sessions", "items", "rules"), [(1, 1, 1), (10, 12, 8)])
def test_the_page_reads_a_fixed_number_of_queries(
    client, django_assert_num_queries, sessions, items, rules
):
    guest = guest_with(sessions=sessions, items=items, rules=rules)
    url = reverse("guest:page", kwargs={"token": guest_link_token(guest)})

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('class="card guest-session"') == sessions
    assert page.count('class="agenda-item ') == sessions * items
    assert "team only" not in page


@pytest.mark.parametrize(("sessions", "items"), [(1, 1), (10, 12)])
def test_an_answer_with_htmx_reads_a_fixed_number_of_queries(
    client, django_assert_num_queries, sessions, items
):
    guest = guest_with(sessions=sessions, items=items, rules=3)
    first = guest.jam.sessions.order_by("number").first()
    url = reverse("guest:rsvp", kwargs={"token": guest_link_token(guest), "key": first.key})

    # The page's five, the session, and the answer's update_or_create (select, then update).
    with django_assert_num_queries(PAGE_QUERIES + 5):
        response = client.post(
            url, {"answer": "maybe", "seen": "1"}, headers={"HX-Request": "true"}
        )

    assert response.status_code == 200
    assert "Your answer: maybe." in response.content.decode()
