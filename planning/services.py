from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .enums import TeamRole
from .models import Jam, Task, TeamMember, jam_slug_for
from .roadmap import (
    FIRST_SESSION,
    SessionDates,
    TaskState,
    dated_tasks,
    roadmap_create,
    steps_answered,
)

JAM_FIELDS = (
    "name",
    "local_name",
    "objectives",
    "kind",
    "format",
    "country",
    "language",
    "venue",
    "online_link",
    "who_to_invite",
    "support_needed",
)


def _answers(details: dict) -> set[str]:
    """What the new-Jam form was given: the fields with a value, and the first session."""
    given = {field for field in JAM_FIELDS if str(details.get(field) or "").strip()}
    return given | {FIRST_SESSION}


def _unused_slug(name: str) -> str:
    slug = jam_slug_for(name)
    while Jam.objects.filter(slug=slug).exists():
        slug = jam_slug_for(name)
    return slug


def jam_record(*, host, details: dict) -> Jam:
    """A new Jam with its host on the team and its roadmap (``jamsessions.actions.jam_create``
    makes the rest: its first session, its space, its programme).

    The roadmap's steps that what the host gave already answers (the objectives, the kind
    of Jam, where, the date…) start done, ticked by the host.
    """
    jam = Jam.objects.create(
        host=host,
        slug=_unused_slug(details["name"]),
        **{field: details[field] for field in JAM_FIELDS if field in details},
    )
    TeamMember.objects.create(jam=jam, user=host, role=TeamRole.HOST)
    roadmap_create(jam=jam, answered=steps_answered(_answers(details)), done_by=host)
    return jam


# What calendars show of a Jam: a change raises the SEQUENCE of the sessions it shows in.
CALENDAR_FIELDS = ("name", "venue", "online_link")
# The Jam's place: the place of every session without one of its own (``Session.place``).
# A change is news for the guests who said yes to those sessions: they get a change notice.
PLACE_FIELDS = ("venue", "online_link")


def jam_details_save(*, jam: Jam, details: dict) -> set[str]:
    """Save a Jam's details; the calendars of its sessions learn of a new name or place.

    Returns the fields that changed. Call it inside a transaction: the Jam's row is locked.
    """
    fields = [field for field in JAM_FIELDS if field in details]
    before = Jam.objects.select_for_update().get(pk=jam.pk)
    for field in fields:
        setattr(jam, field, details[field])
    jam.save(update_fields=[*fields, "updated_at"])
    changed = {field for field in fields if getattr(before, field) != getattr(jam, field)}
    if changed & set(CALENDAR_FIELDS):
        # The name is in every session's calendar event; the Jam's place only in those of
        # the sessions without a place of their own.
        name_changed = bool(changed & (set(CALENDAR_FIELDS) - set(PLACE_FIELDS)))
        sessions = jam.sessions.all() if name_changed else jam.sessions.at_jam_place()
        sessions.update(sequence=F("sequence") + 1)
    return changed


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
