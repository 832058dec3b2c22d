"""Taking up again the tasks of workers that died.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again:
a worker killed in the middle (out of memory, a deploy that would not wait, a machine
lost) left it RUNNING for ever. Here, each worker says it is alive (``beat``), and a
task whose worker has been silent for ``WORKER_LOST_AFTER_SECONDS`` (or that has run
that long for a worker that never said anything, such as a bare ``db_worker``) is made
ready again for any worker. Every task of the project may run twice: each email it
sends is claimed first, so a task run again sends only what the first run had not.

A task whose workers died ``WORKER_TASK_TRIES`` times is given up (FAILED, with
``WorkerLost``), so that one task that kills its worker cannot kill every worker in turn.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.conf import settings
from django.db import connection, transaction
from django.db.models.functions import Now
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jamsessions.worker.models import WorkerBeat

logger = logging.getLogger("jamsessions.worker")


class WorkerLost(Exception):
    """The workers that ran this task died, ``WORKER_TASK_TRIES`` times: it was given up."""


_BEAT_SQL = (
    f"INSERT INTO {WorkerBeat._meta.db_table} (worker_id, host, pid, started_at, beat_at) "  # noqa: S608
    "VALUES (%s, %s, %s, now(), now()) ON CONFLICT (worker_id) DO UPDATE SET beat_at = now()"
)


def beat(worker_id: str) -> None:
    """This worker is alive, as of the database's clock now."""
    with connection.cursor() as cursor:
        cursor.execute(_BEAT_SQL, [worker_id, socket.gethostname()[:255], os.getpid()])


def beat_end(worker_id: str) -> None:
    """This worker stops: it has no task left running."""
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def _silent_since():
    """The instant before which a worker that said nothing is taken for dead (database clock)."""
    return Now() - dt.timedelta(seconds=settings.WORKER_LOST_AFTER_SECONDS)


def lost_tasks_recover() -> int:
    """Make ready again each task left running by a dead worker. Returns how many.

    Safe for any number of workers at once: each task is locked by the one that takes it up.
    """
    silent_since = _silent_since()
    recovered = 0
    with transaction.atomic():
        alive = set(
            WorkerBeat.objects.filter(beat_at__gt=silent_since).values_list("worker_id", flat=True)
        )
        running = (
            DBTaskResult.objects.running()
            .filter(started_at__lt=silent_since)
            .select_for_update(skip_locked=True)
            .only("id", "worker_ids", "task_path")
        )
        for task_result in running:
            if task_result.worker_ids and task_result.worker_ids[-1] in alive:
                continue
            recovered += _take_up(task_result)
        WorkerBeat.objects.filter(beat_at__lte=silent_since).delete()
    return recovered


def own_tasks_recover(worker_id: str) -> int:
    """A worker starting has no task running: one its id holds was left by an earlier process
    under the same id (a fixed ``--worker-id``, restarted at once). Returns how many."""
    with transaction.atomic():
        running = (
            DBTaskResult.objects.running()
            .filter(worker_ids__contains=[worker_id])
            .select_for_update(skip_locked=True)
            .only("id", "worker_ids", "task_path")
        )
        return sum(_take_up(task) for task in running if task.worker_ids[-1] == worker_id)


def _take_up(task_result: DBTaskResult) -> int:
    tries = len(task_result.worker_ids)
    task = DBTaskResult.objects.filter(pk=task_result.pk, status=TaskResultStatus.RUNNING)
    if tries >= settings.WORKER_TASK_TRIES:
        logger.error(
            "Task %s (%s) is given up: %s workers died running it.",
            task_result.pk,
            task_result.task_path,
            tries,
        )
        return task.update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__qualname__}: {tries} workers died running this task.\n",
        )
    logger.warning(
        "Task %s (%s) was left running by a worker that is gone: it runs again.",
        task_result.pk,
        task_result.task_path,
    )
    return task.update(status=TaskResultStatus.READY)
