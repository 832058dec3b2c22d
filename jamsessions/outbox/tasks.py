"""The worker's entry point for team emails: it takes an id, never the email's text.

The service is imported when the task runs, so the delivery module can enqueue it. A
task's path is stored with each queued task: moving it needs a migration that rewrites
the stored paths.
"""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_team_email_task(email_id: int) -> bool:
    """Send this recorded team email, if it still waits and is due."""
    from jamsessions.outbox.delivery import team_email_deliver  # imported when run: see above

    return team_email_deliver(email_id)
