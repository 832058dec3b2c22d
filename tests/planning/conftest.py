import datetime as dt

import pytest

from tests.factories import GuestFactory, JamFactory, SessionFactory

CLOCK_START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(time_machine):
    """Stop the clock at ``CLOCK_START``; call it to move the stopped clock elsewhere."""
    time_machine.move_to(CLOCK_START, tick=False)

    def move_to(instant):
        time_machine.move_to(instant, tick=False)

    return move_to


PAST_NOW = dt.datetime(2031, 3, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def past_jam(host, time_machine):
    """The clock stopped at ``PAST_NOW``: session 1 ended four days ago, sessions 2 and 3
    are three and ten days ahead (Nairobi, two hours each)."""
    time_machine.move_to(PAST_NOW, tick=False)
    jam = JamFactory(host=host, name="Healing Jam Nairobi")
    for number, starts_at in (
        (1, PAST_NOW - dt.timedelta(days=4, hours=2)),
        (2, PAST_NOW + dt.timedelta(days=3)),
        (3, PAST_NOW + dt.timedelta(days=10)),
    ):
        SessionFactory(
            jam=jam,
            number=number,
            starts_at=starts_at,
            duration_minutes=120,
            timezone="Africa/Nairobi",
        )
    return jam


@pytest.fixture
def past_jam_guest(past_jam):
    return GuestFactory(jam=past_jam, name="Wanjiru Kamau", email="wanjiru@example.test")
