"""The worker's entry points for guest emails: thin wrappers that take ids and call a service.

Each service is imported when the task runs, so any module of this package can enqueue
these tasks without importing the one that does the work. A task's path is stored with
each queued task: moving one needs a migration that rewrites the stored paths (as
``sessions/migrations/0009_message_tasks_moved.py`` did).
"""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_messages_task(message_ids: list[int]) -> int:
    """Deliver these messages, then heal: emails left waiting and reminders never recorded."""
    from sessions.messages.delivery import deliver_and_heal  # imported when run: see above

    return deliver_and_heal(message_ids)


@task()
def send_reminders_task(session_id: int, kind: str, starts_at: str) -> int:
    """Record one reminder of one session for its guests (then catch up on any lost)."""
    from sessions.messages.reminders import (
        reminders_send_and_catch_up,  # imported when run: see above
    )

    return reminders_send_and_catch_up(session_id=session_id, kind=kind, starts_at=starts_at)
