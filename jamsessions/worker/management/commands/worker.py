"""``manage.py worker``: the background worker. django-tasks-db's ``db_worker`` (same options),
with a heartbeat so that nothing waits for a cron job: the task of a worker that died is
taken up again by another, and what was left waiting is sent (``jamsessions.worker``)."""

from __future__ import annotations

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from jamsessions.worker.beat import worker_alive


class Command(DbWorkerCommand):
    help = (
        "Run the background worker: it sends the emails, takes up the tasks of workers that "
        "died and sends what was left waiting. Run one or more; no cron job is needed."
    )

    def handle(self, *args, **options) -> None:
        if options["reload"] and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The reloader's watching process: the worker runs in the process it starts.
            return super().handle(*args, **options)
        with worker_alive(options["worker_id"]):
            return super().handle(*args, **options)
