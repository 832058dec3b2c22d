"""How fast the worker sends one reminder to 5 000 guests, and that nobody gets it twice.

    DEBUG=1 .venv/bin/python bench/reminders.py [--guests 5000]

It needs a migrated database (the one `make run` uses, or DATABASE_URL). It makes a
Jam with one session a week away and the guests, records the week-before
reminder for them (as the reminder task does at its moment), then runs the
database worker (`db_worker --batch`) until the queue is empty, with Django's
in-memory email backend. It then records and drains the same reminder again, to
show that a repeated task sends nothing. Everything it made is removed at the end.

Printed: guests, messages recorded, emails sent, seconds (recording, sending), messages
per second, and “duplicates: 0” once every guest is checked to have exactly one
email. It exits with status 1 on a duplicate or a missing email.

The worker runs every task that is due in that database's default queue: run it
on a database whose queue is otherwise empty (emails of other tasks would go to
the in-memory backend, and are not counted).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
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

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from jamsessions.accounts.models import User  # noqa: E402
from planning.enums import MessageKind, MessageStatus  # noqa: E402
from planning.guest_messages import send_reminders  # noqa: E402
from planning.models import Guest, GuestMessage, Jam  # noqa: E402
from planning.services import jam_create  # noqa: E402
from sessions.models import AgendaItem, Session  # noqa: E402

HOST_EMAIL = "bench-reminders-host@example.invalid"
GUEST_DOMAIN = "bench-reminders.example.invalid"


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
    now = timezone.now()
    Guest.objects.bulk_create(
        (
            Guest(
                jam=jam,
                name=f"Guest {number}",
                email=f"guest-{number}@{GUEST_DOMAIN}",
                invited_at=now,
            )
            for number in range(guests)
        ),
        batch_size=1000,
    )
    return session


def _clean_up(task_ids_before: set) -> None:
    jams = Jam.objects.filter(host__email=HOST_EMAIL)
    for jam in jams:
        jam.delete()
    User.objects.filter(email=HOST_EMAIL).delete()
    DBTaskResult.objects.exclude(id__in=task_ids_before).filter(
        task_path__startswith="planning.guest_messages."
    ).delete()


def _run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guests", type=int, default=5000)
    guests = parser.parse_args().guests

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail.outbox = []
    task_ids_before = set(DBTaskResult.objects.values_list("id", flat=True))
    _clean_up(task_ids_before)  # what an interrupted earlier run left
    try:
        session = _make_session(guests)
        starts_at = session.starts_at.astimezone(dt.UTC).isoformat()

        started = time.perf_counter()
        recorded = send_reminders(
            session_id=session.pk, kind=MessageKind.REMINDER_WEEK, starts_at=starts_at
        )
        recorded_at = time.perf_counter()
        _run_worker()
        finished = time.perf_counter()

        # The same reminder task once more, and the worker again: nothing new may go out.
        again = send_reminders(
            session_id=session.pk, kind=MessageKind.REMINDER_WEEK, starts_at=starts_at
        )
        _run_worker()

        ours = [
            message.to[0]
            for message in mail.outbox
            if message.to and message.to[0].endswith(f"@{GUEST_DOMAIN}")
        ]
        per_guest = Counter(ours)
        duplicates = sum(1 for count in per_guest.values() if count > 1)
        missing = guests - len(per_guest)
        not_sent = (
            GuestMessage.objects.filter(session=session).exclude(status=MessageStatus.SENT).count()
        )
    finally:
        _clean_up(task_ids_before)

    seconds = finished - started
    print(f"Week-before reminder through the database worker ({guests} guests)")
    print(f"  guests                 {guests:10d}")
    print(f"  messages recorded      {recorded:10d}  (again: {again})")
    print(f"  emails sent            {len(ours):10d}")
    print(f"  seconds                {seconds:10.2f}  (recording {recorded_at - started:.2f})")
    print(f"  messages per second    {len(ours) / seconds:10.1f}")
    print(f"  not sent               {not_sent:10d}")
    print(f"  missing                {missing:10d}")
    print(f"  duplicates: {duplicates}")
    return 1 if duplicates or missing or not_sent or again else 0


if __name__ == "__main__":
    sys.exit(main())
