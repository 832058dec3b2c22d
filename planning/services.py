from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from sessions.services import (
    accessibility_checks_sync,
    house_rules_create_defaults,
    session_create,
)

from .enums import TeamRole
from .models import Jam, Task, TeamMember, jam_slug_for
from .roadmap import roadmap_create

JAM_FIELDS = (
    "name",
    "local_name",
    "objectives",
    "kind",
    "format",
    "country",
    "language",
    "venue",
    "who_to_invite",
    "support_needed",
)


def _unused_slug(name: str) -> str:
    slug = jam_slug_for(name)
    while Jam.objects.filter(slug=slug).exists():
        slug = jam_slug_for(name)
    return slug


def jam_create(
    *,
    host,
    details: dict,
    starts_at: dt.datetime,
    duration_minutes: int,
    timezone: str,
) -> Jam:
    """Create a Jam with its first session, all or nothing."""
    with transaction.atomic():
        jam = Jam.objects.create(
            host=host,
            slug=_unused_slug(details["name"]),
            **{field: details[field] for field in JAM_FIELDS if field in details},
        )
        TeamMember.objects.create(jam=jam, user=host, role=TeamRole.HOST)
        roadmap_create(jam=jam)
        house_rules_create_defaults(jam=jam)
        accessibility_checks_sync(jam=jam)
        session_create(
            jam=jam, starts_at=starts_at, duration_minutes=duration_minutes, timezone=timezone
        )
    return jam


def jam_update(*, jam: Jam, details: dict) -> Jam:
    changed = [field for field in JAM_FIELDS if field in details]
    for field in changed:
        setattr(jam, field, details[field])
    with transaction.atomic():
        jam.save(update_fields=[*changed, "updated_at"])
        accessibility_checks_sync(jam=jam)
    return jam


def jam_delete(*, jam: Jam) -> None:
    jam.delete()


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
