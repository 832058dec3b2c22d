"""Send what was left waiting: ``python manage.py send_waiting_messages``.

Emails to guests whose delivery task was lost (a process died after recording
them, or a worker died mid-task) and reminders that were never recorded at their
moment. Every delivery task does the same for a few of them; run this from a cron
job every 10 minutes so that nothing waits for the next task. Safe to run while
workers are sending: each email is claimed by only one of them. An email handed
to the mail service without an answer recorded is never sent again here: the host
decides on the guest list.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from sessions.messages.delivery import waiting_messages_send


class Command(BaseCommand):
    help = "Send guest emails left waiting too long and record reminders that were missed."

    def handle(self, *args, **options):
        reminders, sent = waiting_messages_send(now=timezone.now())
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Reminders caught up: {reminders}. Emails that had waited too long, sent: {sent}."
            )
