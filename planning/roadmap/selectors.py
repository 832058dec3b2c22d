"""Reading the roadmap: its steps in order, grouped by phase, with their state today."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import get_object_or_404

from planning.enums import Phase
from planning.models import (
    Jam,
    Task,
    TeamMember,
    going_ahead_filter,
)
from planning.roadmap.dates import DatedTask, SessionDates, TaskState, dated_tasks
from planning.rules import permissions_of


@dataclass(frozen=True)
class PhaseProgress:
    phase: str
    label: str
    tasks: list[DatedTask]

    @property
    def done(self) -> int:
        return sum(1 for item in self.tasks if item.state == TaskState.DONE)

    @property
    def skipped(self) -> int:
        return sum(1 for item in self.tasks if item.state == TaskState.SKIPPED)

    @property
    def total(self) -> int:
        """Steps that count towards progress: skipped ones do not."""
        return len(self.tasks) - self.skipped

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


@dataclass(frozen=True)
class Roadmap:
    phases: list[PhaseProgress]
    today: dt.date

    @property
    def items(self) -> list[DatedTask]:
        return [item for phase in self.phases for item in phase.tasks]

    @property
    def late(self) -> list[DatedTask]:
        return [item for item in self.items if item.state == TaskState.LATE]

    @property
    def due_this_week(self) -> list[DatedTask]:
        return [item for item in self.items if item.state == TaskState.DUE_SOON]

    def assigned_to(self, member: TeamMember | None) -> list[DatedTask]:
        """Open tasks for this member: given to them by name, or to their role."""
        if member is None:
            return []
        return [
            item
            for item in self.items
            if item.is_open
            and (
                item.task.assignee_id == member.pk
                or (item.task.assignee_id is None and item.task.assignee_role == member.role)
            )
        ]


def _task_order(item: DatedTask) -> tuple:
    session_number = item.task.session.number if item.task.session_id else 0
    return (session_number, item.task.position, item.task.pk)


def roadmap_get(*, jam: Jam, now: dt.datetime) -> Roadmap:
    """The Jam's tasks grouped by phase, dated from its (prefetched) sessions: one query.

    The steps of a cancelled session are left out while it is cancelled (kept, and back
    with it if it is brought back)."""
    dates = SessionDates.of(list(jam.sessions.all()), now=now)
    tasks = (
        Task.objects.filter(jam=jam)
        .filter(Q(session__isnull=True) | going_ahead_filter("session__"))
        .select_related("assignee__user", "session")
    )
    by_phase: dict[str, list[DatedTask]] = {phase: [] for phase in Phase.values}
    for item in dated_tasks(tasks, dates):
        by_phase[item.task.phase].append(item)
    phases = [
        PhaseProgress(phase=phase, label=label, tasks=sorted(by_phase[phase], key=_task_order))
        for phase, label in Phase.choices
    ]
    return Roadmap(phases=phases, today=dates.today)


def task_get(*, user, slug: str, pk: int) -> Task:
    """A task of a Jam this user hosts or organises; 404 for anyone else.

    ``task.jam.can`` says what this user may do on the Jam, as ``jam_get`` does.
    """
    task = get_object_or_404(
        Task.objects.for_member(user).select_related("jam", "session", "assignee__user"),
        jam__slug=slug,
        pk=pk,
    )
    task.jam.can = permissions_of(user, task.jam)
    return task
