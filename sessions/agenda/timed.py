"""An agenda in time: each item's start and end, counted on the absolute clock from the
session's start (right across a clock change) and shown on the session's own clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from jamsessions.timing import ClockChange, clock_changes, clock_text
from planning.models import Session
from sessions.agenda.models import AgendaItem


@dataclass(frozen=True)
class TimedItem:
    item: AgendaItem
    starts_at: dt.datetime  # aware, in the session's zone
    ends_at: dt.datetime
    session_start: dt.datetime | None = None  # the clock the times are read against

    @property
    def crosses_midnight(self) -> bool:
        return self.ends_at.date() != self.starts_at.date()

    @property
    def start_clock(self) -> str:
        """“18:30”; “02:30 (CET)” where the time alone could be read wrong (timing.clock_text)."""
        return clock_text(self.starts_at, self.session_start)

    @property
    def end_clock(self) -> str:
        return clock_text(self.ends_at, self.session_start)


@dataclass(frozen=True)
class Agenda:
    session: Session
    items: list[TimedItem]

    @property
    def total_minutes(self) -> int:
        return sum(timed.item.duration_minutes for timed in self.items)

    @property
    def planned_minutes(self) -> int:
        return self.session.duration_minutes

    @property
    def over_minutes(self) -> int:
        return max(0, self.total_minutes - self.planned_minutes)

    @property
    def free_minutes(self) -> int:
        return max(0, self.planned_minutes - self.total_minutes)

    @property
    def ends_at(self) -> dt.datetime:
        return self.items[-1].ends_at if self.items else self.session.local_start

    @property
    def planned_end(self) -> dt.datetime:
        """The session's planned end on its own clock (counted in absolute time)."""
        end = self.session.starts_at.astimezone(dt.UTC) + dt.timedelta(
            minutes=self.session.duration_minutes
        )
        return end.astimezone(self.session.zone)

    @property
    def clock_changes(self) -> tuple[ClockChange, ...]:
        """The clock changes from the start to the planned end, or the agenda's if later."""
        return clock_changes(
            self.session.zone, self.session.starts_at, max(self.planned_end, self.ends_at)
        )


def agenda_timed(session: Session, items: Sequence[AgendaItem]) -> Agenda:
    """Each item's start and end on the session's clock.

    Minutes are added to the absolute start time, then shown in the zone, so an
    agenda running across midnight or a clock change shows the real wall-clock times.
    """
    zone = session.zone
    # In UTC: Python adds minutes to a datetime on the wall clock of its own zone,
    # which would land in the skipped hour when the clocks go forward.
    cursor = session.starts_at.astimezone(dt.UTC)
    start = session.local_start
    timed = []
    for item in items:
        end = cursor + dt.timedelta(minutes=item.duration_minutes)
        timed.append(
            TimedItem(
                item=item,
                starts_at=cursor.astimezone(zone),
                ends_at=end.astimezone(zone),
                session_start=start,
            )
        )
        cursor = end
    return Agenda(session=session, items=timed)
