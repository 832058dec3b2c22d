"""Writing the roadmap: the toolkit's steps for a new Jam and for each new session, and the
team's own steps (tick, skip, add, change, remove).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from planning.enums import Anchor
from planning.models import (
    Jam,
    Task,
)
from planning.roadmap.dates import SessionDates, TaskState, dated_tasks


def task_set_done(*, task: Task, done: bool, actor) -> Task:
    """Tick a task off, or back on. Ticking twice changes nothing."""
    if done and task.done_at is None:
        task.done_at = timezone.now()
        task.done_by = actor
        task.skipped = False
    elif not done:
        task.done_at = None
        task.done_by = None
    task.save(update_fields=["done_at", "done_by", "skipped", "updated_at"])
    return task


def task_set_skipped(*, task: Task, skipped: bool) -> Task:
    """Mark a step that no longer applies (say, for a Jam planned overnight)."""
    task.skipped = skipped
    if skipped:
        task.done_at = None
        task.done_by = None
    task.save(update_fields=["skipped", "done_at", "done_by", "updated_at"])
    return task


def roadmap_skip_past(*, jam: Jam, now: dt.datetime | None = None) -> int:
    """Skip, in one go, every open step already past its due date (a Jam planned
    overnight): skipped, not done, so each can be brought back. Says how many."""
    now = now or timezone.now()
    with transaction.atomic():
        open_tasks = Task.objects.select_for_update().filter(
            jam=jam, done_at__isnull=True, skipped=False
        )
        dates = SessionDates.of(list(jam.sessions.all()), now=now)
        late = [
            item.task.pk for item in dated_tasks(open_tasks, dates) if item.state == TaskState.LATE
        ]
        if not late:
            return 0
        return Task.objects.filter(pk__in=late).update(skipped=True, updated_at=now)


TASK_FIELDS = ("title", "description", "phase", "due_on_override", "assignee", "assignee_role")


def task_create(*, jam: Jam, details: dict) -> Task:
    last = jam.tasks.order_by("-position").values_list("position", flat=True).first() or 0
    return Task.objects.create(
        jam=jam,
        position=last + 1,
        **{field: details.get(field) for field in TASK_FIELDS if field in details},
    )


def task_update(*, task: Task, details: dict) -> Task:
    changed = [field for field in TASK_FIELDS if field in details]
    for field in changed:
        setattr(task, field, details[field])
    task.save(update_fields=[*changed, "updated_at"])
    return task


def task_delete(*, task: Task) -> None:
    task.delete()


ROADMAP_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "roadmap.json"


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
