"""Send what was left waiting: ``python manage.py send_waiting_messages``.

Emails to guests and to the team whose delivery task was lost (a process died after
recording them) and reminders that were never recorded at their moment. The worker
does the same by itself every few minutes (``jamsessions.worker``), and takes up the
tasks of workers that died: this command is a belt-and-braces option, for a cron job
or by hand, for instance while no worker runs. Safe to run while workers are sending:
each email is claimed by only one of them. An email handed to the mail service without
an answer recorded is never sent again here: the host decides on the guest list.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from jamsessions.outbox.delivery import team_emails_heal
from sessions.messages.delivery import waiting_messages_send


class Command(BaseCommand):
    help = "Send emails left waiting too long and record reminders that were missed."

    def handle(self, *args, **options):
        now = timezone.now()
        reminders, sent = waiting_messages_send(now=now)
        sent += team_emails_heal(now=now)
        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Reminders caught up: {reminders}. Emails that had waited too long, sent: {sent}."
            )
