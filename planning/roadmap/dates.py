"""When each roadmap step is due, counted from the local date of its session, and what that
makes it today (done, skipped, late, due soon, upcoming).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from planning.enums import Anchor
from planning.models import (
    Task,
    sessions_going_ahead,
)

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class SessionDates:
    """The local date of each session, from which due dates are counted."""

    by_session: dict[int, dt.date] = field(default_factory=dict)
    first: dt.date | None = None
    last: dt.date | None = None
    today: dt.date | None = None

    @classmethod
    def of(cls, sessions: Sequence, *, now: dt.datetime) -> SessionDates:
        """The dates of these sessions that go ahead: a cancelled one dates no step."""
        ordered = sorted(sessions_going_ahead(sessions), key=lambda session: session.starts_at)
        if not ordered:
            return cls(today=now.date())
        by_session = {session.pk: session.local_start.date() for session in ordered}
        today = now.astimezone(ordered[0].zone).date()
        return cls(
            by_session=by_session,
            first=by_session[ordered[0].pk],
            last=by_session[ordered[-1].pk],
            today=today,
        )

    def anchor_date(self, task: Task) -> dt.date | None:
        if task.anchor == Anchor.EACH_SESSION:
            return self.by_session.get(task.session_id)
        if task.anchor == Anchor.LAST_SESSION:
            return self.last
        return self.first


def task_due_on(task: Task, dates: SessionDates) -> dt.date | None:
    if task.due_on_override is not None:
        return task.due_on_override
    anchor = dates.anchor_date(task)
    if anchor is None or task.offset_days is None:
        return None
    return anchor + dt.timedelta(days=task.offset_days)


class TaskState:
    DONE = "done"
    SKIPPED = "skipped"
    LATE = "late"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"
    UNDATED = "undated"


@dataclass(frozen=True)
class DatedTask:
    task: Task
    due_on: dt.date | None
    state: str

    @property
    def is_open(self) -> bool:
        return self.state not in (TaskState.DONE, TaskState.SKIPPED)


def task_state(task: Task, due_on: dt.date | None, today: dt.date) -> str:
    if task.is_done:
        return TaskState.DONE
    if task.skipped:
        return TaskState.SKIPPED
    if due_on is None:
        return TaskState.UNDATED
    if due_on < today:
        return TaskState.LATE
    if (due_on - today).days < DUE_SOON_DAYS:
        return TaskState.DUE_SOON
    return TaskState.UPCOMING


def dated_tasks(tasks: Iterable[Task], dates: SessionDates) -> list[DatedTask]:
    dated = []
    for task in tasks:
        due_on = task_due_on(task, dates)
        dated.append(
            DatedTask(task=task, due_on=due_on, state=task_state(task, due_on, dates.today))
        )
    return dated
