"""The worker's heartbeat: a thread that says the worker is alive, takes up the tasks of dead
workers and enqueues the periodic heal, whatever the worker's own thread is busy with."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection

from jamsessions.worker.heal import heal_enqueue
from jamsessions.worker.recovery import beat, beat_end, lost_tasks_recover, own_tasks_recover

logger = logging.getLogger("jamsessions.worker")


class Heartbeat(threading.Thread):
    """Every ``WORKER_BEAT_SECONDS``: beat, take up lost tasks, enqueue the heal when due.

    Its own database connection (Django's are per thread). A database error is logged and
    tried again at the next beat.
    """

    def __init__(self, worker_id: str) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(settings.WORKER_BEAT_SECONDS):
                self.tick()
        finally:
            connection.close()

    def tick(self) -> None:
        try:
            beat(self.worker_id)
            lost_tasks_recover()
            heal_enqueue()
        except DatabaseError:
            logger.warning("The worker's heartbeat could not reach the database.", exc_info=True)
            connection.close()  # a fresh connection at the next beat

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=settings.WORKER_BEAT_SECONDS + 5)


@contextmanager
def worker_alive(worker_id: str) -> Iterator[Heartbeat]:
    """While the worker runs: its heartbeat, first beat before any task is claimed; once it
    stops (even on Ctrl+C), the heartbeat stops and the worker is forgotten."""
    own_tasks_recover(worker_id)
    beat(worker_id)
    heartbeat = Heartbeat(worker_id)
    heartbeat.start()
    try:
        yield heartbeat
    finally:
        heartbeat.stop()
        try:
            beat_end(worker_id)
        except DatabaseError:
            logger.warning("A stopping worker could not say so: it is taken for dead later.")
