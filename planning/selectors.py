from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from jamsessions.timing import Countdown, countdown_to
from planning.models import Session

from .enums import Phase
from .models import Jam, Task, TeamMember
from .roadmap import DatedTask, SessionDates, TaskState, dated_tasks


def _with_sessions(queryset: QuerySet[Jam]) -> QuerySet[Jam]:
    return queryset.select_related("host").prefetch_related(
        Prefetch("sessions", queryset=Session.objects.order_by("starts_at"))
    )


def jam_list(*, user) -> QuerySet[Jam]:
    """The Jams this user hosts or helps organise, with their sessions, in two queries."""
    return _with_sessions(Jam.objects.for_member(user))


def jam_get(*, user, slug: str) -> Jam:
    """A Jam this user hosts or organises; 404 for anyone else."""
    return get_object_or_404(_with_sessions(Jam.objects.for_member(user)), slug=slug)


@dataclass(frozen=True)
class JamCountdown:
    session: Session
    countdown: Countdown


def jam_countdown(jam: Jam, *, now: dt.datetime) -> JamCountdown | None:
    """The countdown to the Jam's next session (or since its last), from prefetched sessions."""
    session = session_next(jam.sessions.all(), now=now)
    if session is None:
        return None
    return JamCountdown(
        session=session, countdown=countdown_to(session.starts_at, session.timezone, now)
    )


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
    """The Jam's tasks grouped by phase, dated from its (prefetched) sessions: one query."""
    dates = SessionDates.of(list(jam.sessions.all()), now=now)
    tasks = Task.objects.filter(jam=jam).select_related("assignee__user", "session")
    by_phase: dict[str, list[DatedTask]] = {phase: [] for phase in Phase.values}
    for item in dated_tasks(tasks, dates):
        by_phase[item.task.phase].append(item)
    phases = [
        PhaseProgress(phase=phase, label=label, tasks=sorted(by_phase[phase], key=_task_order))
        for phase, label in Phase.choices
    ]
    return Roadmap(phases=phases, today=dates.today)


def team_member_get(*, jam: Jam, user) -> TeamMember | None:
    return TeamMember.objects.filter(jam=jam, user=user).first()


def task_get(*, user, slug: str, pk: int) -> Task:
    """A task of a Jam this user hosts or organises; 404 for anyone else."""
    return get_object_or_404(
        Task.objects.for_member(user).select_related("jam", "session", "assignee__user"),
        jam__slug=slug,
        pk=pk,
    )


def session_next(sessions: Iterable[Session], *, now: dt.datetime) -> Session | None:
    """The session to count down to: the next one from today on, else the last one held."""
    ordered = sorted(sessions, key=lambda session: session.starts_at)
    for session in ordered:
        if not countdown_to(session.starts_at, session.timezone, now).is_past:
            return session
    return ordered[-1] if ordered else None
