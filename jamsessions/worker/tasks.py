"""The worker's own task: the periodic heal (``heal.heal``), enqueued by its heartbeat.

Imported when it runs, so ``heal`` can enqueue it. Its path is stored with each queued
task: moving it needs a migration that rewrites the stored paths.
"""

from __future__ import annotations

from django_tasks import task


@task()
def heal_task() -> dict[str, int]:
    """Send what was left waiting, and prune old task results."""
    from jamsessions.worker.heal import heal  # imported when run: see above

    return heal()
