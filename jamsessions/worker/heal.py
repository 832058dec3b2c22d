"""The worker's periodic heal: what a cron job running ``send_waiting_messages`` used to do.

Every ``WORKER_HEAL_SECONDS`` one worker runs ``heal_task`` (whichever heartbeat enqueues it
first; one waits or runs at a time). It asks each app, through ``heal_requested``, to send
what was left waiting (guests' emails, reminders never recorded, team emails), and prunes
task results finished more than ``TASK_RESULTS_KEPT_DAYS`` ago. Apps connect to the
signal in their ``AppConfig.ready``; the core never imports them.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.dispatch import Signal
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jamsessions.worker.tasks import heal_task

logger = logging.getLogger("jamsessions.worker")


heal_requested = Signal()
"""Sent with ``now``; each receiver does its part of the heal and returns how many it sent."""


# The key of the PostgreSQL advisory lock that makes “is a heal due?” and its enqueue one step.
_HEAL_LOCK = 0x4A414D48


# Task results deleted by one heal: a day's worth, a few at a time.
PRUNE_MAX = 5000


def heal_enqueue() -> bool:
    """Enqueue the heal, unless one waits, runs, or was enqueued within ``WORKER_HEAL_SECONDS``.

    Any number of workers call this on every beat: one heal is enqueued per period.
    """
    recent = Now() - dt.timedelta(seconds=settings.WORKER_HEAL_SECONDS)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_HEAL_LOCK])
        due_or_recent = Q(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]) | Q(
            enqueued_at__gt=recent
        )
        if (
            DBTaskResult.objects.filter(task_path=heal_task.module_path)
            .filter(due_or_recent)
            .exists()
        ):
            return False
        heal_task.enqueue()
    return True


def task_results_prune(now: dt.datetime) -> int:
    """Forget tasks finished more than ``TASK_RESULTS_KEPT_DAYS`` ago. Returns how many."""
    cutoff = now - dt.timedelta(days=settings.TASK_RESULTS_KEPT_DAYS)
    old = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)
    ids = list(old.order_by().values_list("id", flat=True)[:PRUNE_MAX])
    return DBTaskResult.objects.filter(id__in=ids).delete()[0] if ids else 0


def heal() -> dict[str, int]:
    """Each app's part of the heal, then old task results pruned. Returns what each did."""
    now = timezone.now()
    done = {}
    for receiver, result in heal_requested.send_robust(sender=heal_task.module_path, now=now):
        name = f"{receiver.__module__}.{receiver.__qualname__}"
        if isinstance(result, Exception):
            logger.error("The heal step %s failed.", name, exc_info=result)
        else:
            done[name] = result
    done["task results pruned"] = task_results_prune(now)
    return done
