"""How fast the worker sends one reminder to 5 000 guests, and that nobody gets it twice.

    DATABASE_URL=postgres://… DEBUG=1 .venv/bin/python bench/reminders.py [--guests 5000] [--workers 2]

It needs a migrated database (the one `make run` uses, or DATABASE_URL). It makes a
Jam with one session a week away (its week-before moment a minute ago), an agenda,
house rules and the guests, all invited. It starts ``--workers`` database workers
(`manage.py worker`, each in its own process, as in production; DEBUG is turned
off in them) and does what production does at that moment: it enqueues the real
reminder task (``send_reminders_task``). The workers record the reminder for every
guest and send the emails, task after task, through django-anymail's test backend
(the path of a real provider, without the network). Once every task is done, the
same reminder task is enqueued again, to show that a repeated task sends nothing.
The workers are then stopped (SIGINT) and report every address they sent to.
Everything the bench made is removed at the end.

Printed: guests, workers, messages recorded, emails sent, delivery tasks, agenda PDFs
built, seconds from the enqueue to the last email (and the recording alone), messages
per second, and “duplicates: 0” once every guest is checked to have exactly one
email across all workers. It exits with status 1 on a duplicate, a missing email or
a message not marked sent.

The workers run every task that is due in that database's default queue: run it on a
database whose queue is otherwise empty (emails of other tasks would go to the test
backend too, and are not counted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jamsessions.settings")

import django

django.setup()
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("django_tasks").setLevel(logging.WARNING)
logging.getLogger("django_tasks_db").setLevel(logging.WARNING)

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jamsessions.accounts.models import User
from jamsessions.actions.jams import jam_create
from planning.enums import MessageKind, MessageStatus
from planning.models import Guest, GuestMessage, Jam, Session
from sessions.agenda import pdf as sessions_pdf
from sessions.agenda.models import AgendaItem
from sessions.messages import build as message_build
from sessions.messages.tasks import deliver_messages_task, send_reminders_task
from sessions.space.models import HouseRule

HOST_EMAIL = "bench-reminders-host@example.invalid"
GUEST_DOMAIN = "bench-reminders.example.invalid"
TEST_BACKEND = "anymail.backends.test.EmailBackend"
WAIT_MAX_SECONDS = 600


def _make_session(guests: int) -> Session:
    host = User.objects.create_user(HOST_EMAIL, password=None, name="Bench Host Person")
    # The week-before moment is a minute ago: the reminder is due now.
    starts_at = timezone.now().replace(microsecond=0) + dt.timedelta(days=7, minutes=-1)
    jam = jam_create(
        host=host,
        details={
            "name": "Bench Jam: reminders",
            "objectives": "Rest, laugh and heal together.",
            "venue": "Community Hall, 12 Uhuru Road",
        },
        starts_at=starts_at,
        duration_minutes=180,
        timezone="Africa/Nairobi",
    )
    session = jam.sessions.get()
    AgendaItem.objects.bulk_create(
        AgendaItem(
            session=session,
            position=position,
            duration_minutes=20,
            title=f"Activity {position + 1}",
            content="We gather in a circle and share one word each.",
        )
        for position in range(8)
    )
    HouseRule.objects.bulk_create(
        HouseRule(jam=jam, position=position, text=f"House rule {position + 1}: listen first.")
        for position in range(5)
    )
    invited_at = timezone.now() - dt.timedelta(days=14)
    Guest.objects.bulk_create(
        (
            Guest(
                jam=jam,
                name=f"Guest {number}",
                email=f"guest-{number}@{GUEST_DOMAIN}",
                invited_at=invited_at,
            )
            for number in range(guests)
        ),
        batch_size=1000,
    )
    return session


def _clean_up(task_ids_before: set) -> None:
    for jam in Jam.objects.filter(host__email=HOST_EMAIL):
        jam.delete()
    User.objects.filter(email=HOST_EMAIL).delete()
    DBTaskResult.objects.exclude(id__in=task_ids_before).filter(
        task_path__startswith="sessions.messages."
    ).delete()


class _PdfCounter:
    """Counts the agenda PDFs WeasyPrint builds (the slow part of an email)."""

    def __init__(self) -> None:
        self.built = 0
        self._build = sessions_pdf.build_agenda_pdf

    def __call__(self, **kwargs) -> bytes:
        self.built += 1
        return self._build(**kwargs)


def _settings_as_in_production() -> None:
    settings.DEBUG = False  # no query log, no template debugging
    settings.EMAIL_BACKEND = TEST_BACKEND
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def worker(out: Path) -> None:
    """One worker process: `worker` until told to stop (SIGINT), then what it sent, to ``out``."""
    _settings_as_in_production()
    mail.outbox = []
    pdfs = _PdfCounter()
    message_build.build_agenda_pdf = pdfs  # counted, not changed: the same function is called
    print("ready", flush=True)
    try:
        call_command(
            "worker", "--no-startup-delay", "--no-reload", "--interval", "0.05", verbosity=0
        )
    finally:
        sent = [message.to[0] for message in mail.outbox if message.to]
        out.write_text(json.dumps({"sent": sent, "pdfs": pdfs.built}))


def _ours(task_ids_before: set):
    return DBTaskResult.objects.exclude(id__in=task_ids_before).filter(
        task_path__startswith="sessions.messages."
    )


def _wait_until_done(task_ids_before: set, task_id) -> DBTaskResult:
    """Until this task and every task it caused have run; bounded in time."""
    deadline = time.monotonic() + WAIT_MAX_SECONDS
    while time.monotonic() < deadline:
        row = DBTaskResult.objects.get(id=task_id)
        ours = _ours(task_ids_before)
        busy = ours.ready().exists() or ours.filter(status="RUNNING").exists()
        if row.status in ("SUCCESSFUL", "FAILED") and not busy:
            return row
        time.sleep(0.05)
    raise TimeoutError(f"The workers did not finish within {WAIT_MAX_SECONDS} s.")


def _workers_start(count: int, folder: Path) -> list[tuple[subprocess.Popen, Path]]:
    workers = []
    for number in range(count):
        out = folder / f"worker-{number}.json"
        process = subprocess.Popen(  # this script again, as a worker, in the same environment
            [sys.executable, __file__, "--worker-out", str(out)], stdout=subprocess.PIPE, text=True
        )
        workers.append((process, out))
    for process, _out in workers:
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError("A worker did not start.")
    return workers


def _workers_stop(workers: list[tuple[subprocess.Popen, Path]]) -> tuple[list[str], int]:
    """Stop the workers as a deployment would (SIGINT: the task in hand is finished first)."""
    for process, _out in workers:
        process.send_signal(signal.SIGINT)
    sent, pdfs = [], 0
    for process, out in workers:
        process.wait(timeout=WAIT_MAX_SECONDS)
        if out.exists():
            report = json.loads(out.read_text())
            sent += report["sent"]
            pdfs += report["pdfs"]
    return sent, pdfs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guests", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--worker-out", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.worker_out:
        worker(arguments.worker_out)
        return 0
    guests = arguments.guests

    _settings_as_in_production()
    task_ids_before = set(DBTaskResult.objects.values_list("id", flat=True))
    _clean_up(task_ids_before)  # what an interrupted earlier run left
    workers = []
    with tempfile.TemporaryDirectory() as folder:
        try:
            session = _make_session(guests)
            starts_at = session.starts_at.astimezone(dt.UTC).isoformat()
            kind = str(MessageKind.REMINDER_WEEK)
            workers = _workers_start(arguments.workers, Path(folder))

            started = time.perf_counter()
            reminder = send_reminders_task.enqueue(session.pk, kind, starts_at)
            reminder_row = _wait_until_done(task_ids_before, reminder.id)
            finished = time.perf_counter()
            if reminder_row.status != "SUCCESSFUL":
                raise RuntimeError(f"The reminder task failed:\n{reminder_row.traceback}")
            recorded = reminder_row.return_value
            recording = (reminder_row.finished_at - reminder_row.started_at).total_seconds()

            # The same reminder task once more: nothing new may go out.
            again = send_reminders_task.enqueue(session.pk, kind, starts_at)
            again = _wait_until_done(task_ids_before, again.id).return_value

            sent, pdfs = _workers_stop(workers)
            workers = []
            ours = [address for address in sent if address.endswith(f"@{GUEST_DOMAIN}")]
            per_guest = Counter(ours)
            duplicates = sum(1 for count in per_guest.values() if count > 1)
            missing = guests - len(per_guest)
            not_sent = (
                GuestMessage.objects.filter(session=session)
                .exclude(status=MessageStatus.SENT)
                .count()
            )
            delivery_tasks = (
                _ours(task_ids_before).filter(task_path=deliver_messages_task.module_path).count()
            )
        finally:
            for process, _out in workers:
                process.kill()
            _clean_up(task_ids_before)

    seconds = finished - started
    print(f"Week-before reminder through the database worker ({guests} guests)")
    print(f"  guests                 {guests:10d}")
    print(f"  worker processes       {arguments.workers:10d}")
    print(f"  messages recorded      {recorded:10d}  (again: {again})")
    print(f"  emails sent            {len(ours):10d}  (backend: {TEST_BACKEND})")
    print(f"  delivery tasks         {delivery_tasks:10d}")
    print(f"  agenda PDFs built      {pdfs:10d}")
    print(f"  seconds                {seconds:10.2f}  (recording {recording:.2f})")
    print(f"  messages per second    {len(ours) / seconds:10.1f}")
    print(f"  not sent               {not_sent:10d}")
    print(f"  missing                {missing:10d}")
    print(f"  duplicates: {duplicates}")
    return 1 if duplicates or missing or not_sent or again else 0


if __name__ == "__main__":
    sys.exit(main())
