"""The countdown roadmap: the toolkit's steps as tasks, dated from the sessions.

The steps are data (``fixtures/roadmap.json``). A step is anchored to the first
session, to each session, or to the last one, with an offset in days; its due
date is reckoned on the clock of the session it counts from. Nothing about the
date is stored, so moving a session moves every step that counts from it.

A step may name what the new-Jam form asks that answers it (``answered_by``: the
Jam's fields, or ``session`` for the first session's date): a new Jam given any of
them starts with that step done, instead of showing it late or open.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .enums import Anchor
from .models import Jam, Task

ROADMAP_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "roadmap.json"
DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Step:
    key: str
    phase: str
    anchor: str
    offset_days: int
    title: str
    description: str
    position: int
    answered_by: tuple[str, ...] = ()


# What answers the "dates" step: the new-Jam form always sets the first session's date.
FIRST_SESSION = "session"


@cache
def roadmap_steps() -> tuple[Step, ...]:
    data = json.loads(ROADMAP_FIXTURE.read_text(encoding="utf-8"))
    steps = []
    for phase in data["phases"]:
        for task in phase["tasks"]:
            steps.append(
                Step(
                    key=task["key"],
                    phase=phase["key"],
                    anchor=phase["anchor"],
                    offset_days=phase["offset_days"],
                    title=task["title"],
                    description=task.get("description", ""),
                    position=len(steps),
                    answered_by=tuple(task.get("answered_by", ())),
                )
            )
    return tuple(steps)


def _task_from(step: Step, *, jam: Jam, session=None, **fields) -> Task:
    return Task(
        jam=jam,
        session=session,
        phase=step.phase,
        template_key=step.key,
        title=step.title,
        description=step.description,
        anchor=step.anchor,
        offset_days=step.offset_days,
        position=step.position,
        **fields,
    )


def steps_answered(given: Iterable[str]) -> set[str]:
    """The keys of the steps that any of these answers (fields of the new-Jam form) settles."""
    given = set(given)
    return {step.key for step in roadmap_steps() if given.intersection(step.answered_by)}


def roadmap_create(
    *, jam: Jam, answered: Iterable[str] = (), done_by=None, now: dt.datetime | None = None
) -> list[Task]:
    """The steps counted from the first or the last session: once per Jam.

    The steps whose keys are in ``answered`` start done, by ``done_by`` at ``now``.
    """
    answered = set(answered)
    now = now or timezone.now()
    tasks = []
    for step in roadmap_steps():
        if step.anchor == Anchor.EACH_SESSION:
            continue
        done = {"done_at": now, "done_by": done_by} if step.key in answered else {}
        tasks.append(_task_from(step, jam=jam, **done))
    return Task.objects.bulk_create(tasks, ignore_conflicts=True)


def roadmap_add_session(*, session) -> list[Task]:
    """The steps repeated for every session: the day before, and the day."""
    tasks = [
        _task_from(step, jam=session.jam, session=session)
        for step in roadmap_steps()
        if step.anchor == Anchor.EACH_SESSION
    ]
    return Task.objects.bulk_create(tasks, ignore_conflicts=True)


@dataclass(frozen=True)
class SessionDates:
    """The local date of each session, from which due dates are counted."""

    by_session: dict[int, dt.date] = field(default_factory=dict)
    first: dt.date | None = None
    last: dt.date | None = None
    today: dt.date | None = None

    @classmethod
    def of(cls, sessions: Sequence, *, now: dt.datetime) -> SessionDates:
        ordered = sorted(sessions, key=lambda session: session.starts_at)
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
