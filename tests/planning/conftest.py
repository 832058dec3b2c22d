import datetime as dt

import pytest

CLOCK_START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(time_machine):
    """Stop the clock at ``CLOCK_START``; call it to move the stopped clock elsewhere."""
    time_machine.move_to(CLOCK_START, tick=False)

    def move_to(instant):
        time_machine.move_to(instant, tick=False)

    return move_to
