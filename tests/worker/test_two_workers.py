"""Two real worker processes (``manage.py worker``), one killed (SIGKILL) in the middle of a
batch of 200 invitations: every email goes out once, within seconds, with no command run.

The workers run against this test's database with ``fast_settings`` (the worker's bounds in
seconds, not minutes) and a mail service shared through files (``recording_email_backend``),
so the emails of the killed worker are counted too. Team emails recorded without their task
(as if the web process died right after its commit) go out as well, through the workers'
periodic heal.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jamsessions.outbox.models import TeamEmail
from jamsessions.worker.models import WorkerBeat
from planning.enums import MessageStatus
from planning.models import Guest, GuestMessage
from sessions.messages.notices import invitations_send
from sessions.messages.tasks import deliver_messages_task
from tests.factories import JamFactory, SessionFactory, UserFactory
from tests.processes import PROJECT_DIR, database_url
from tests.worker import fast_settings
from tests.worker.recording_email_backend import ANSWER_VARIABLE, FOLDER_VARIABLE, recorded

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_tasks")]

GUESTS = 200
KILL_AFTER = 50  # emails the doomed worker sends before it is killed
ANSWER_SECONDS = "0.01"  # the mail service's answer, after it took the email
TEAM_EMAILS = 3
START_MAX_SECONDS = 60
RECOVERY_MAX_SECONDS = 30
GUEST_DOMAIN = "two-workers.example.test"


def _worker_start(worker_id: str, folder: Path, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "tests.worker.fast_settings",
        "DEBUG": "1",  # for the settings to load without a SECRET_KEY; fast_settings turns it off
        FOLDER_VARIABLE: str(folder),
        ANSWER_VARIABLE: ANSWER_SECONDS,
    }
    command = [sys.executable, "manage.py", "worker", "--no-reload", "--no-startup-delay"]
    command += ["--interval", "0.05", "--worker-id", worker_id]
    with log.open("w") as output:
        return subprocess.Popen(
            command, cwd=PROJECT_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )


def _wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.02)
    raise AssertionError(f"Not within {seconds} s: {what}")


def _jam_with_guests():
    jam = JamFactory(host=UserFactory(email="host@two-workers.example.test"))
    SessionFactory(jam=jam, number=1, starts_at=timezone.now() + dt.timedelta(days=20))
    Guest.objects.bulk_create(
        Guest(jam=jam, name=f"Guest {number}", email=f"guest-{number}@{GUEST_DOMAIN}")
        for number in range(GUESTS)
    )
    return jam


def _team_emails_whose_task_was_lost() -> list[TeamEmail]:
    """Recorded a while ago, their task never enqueued: the web process died after its commit."""
    erase_at = timezone.now() + dt.timedelta(days=1)
    emails = [
        TeamEmail.objects.create(
            to=[f"team-{number}@{GUEST_DOMAIN}"],
            subject=f"Reset your password {number}",
            text="https://jams.example.test/reset/secret-token/",
            erase_at=erase_at,
        )
        for number in range(TEAM_EMAILS)
    ]
    waited = timezone.now() - dt.timedelta(seconds=fast_settings.EMAIL_WAITING_TOO_LONG_SECONDS)
    TeamEmail.objects.update(created_at=waited)
    return emails


def _delivery_task() -> DBTaskResult | None:
    return DBTaskResult.objects.filter(task_path=deliver_messages_task.module_path).first()


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(tmp_path, capsys):
    folder = tmp_path / "sent"
    folder.mkdir()
    jam = _jam_with_guests()
    processes = {
        worker_id: _worker_start(worker_id, folder, tmp_path / f"{worker_id}.log")
        for worker_id in ("worker-a", "worker-b")
    }
    try:
        _wait_for(
            lambda: WorkerBeat.objects.filter(worker_id__in=processes).count() == 2,
            START_MAX_SECONDS,
            "both workers started",
        )
        team = _team_emails_whose_task_was_lost()
        started = time.time()
        invitations_send(jam=jam, guests=list(Guest.objects.filter(jam=jam)))

        task = _wait_for(
            lambda: (task := _delivery_task()) and task.status == "RUNNING" and task,
            RECOVERY_MAX_SECONDS,
            "a worker took the batch",
        )
        doomed_id = task.worker_ids[-1]
        survivor_id = next(worker_id for worker_id in processes if worker_id != doomed_id)
        doomed = processes[doomed_id]
        _wait_for(
            lambda: len(recorded(folder)) >= KILL_AFTER,
            RECOVERY_MAX_SECONDS,
            f"{KILL_AFTER} emails sent",
        )
        doomed.send_signal(signal.SIGKILL)
        doomed.wait(timeout=10)
        killed_at = time.time()
        sent_before_kill = len(recorded(folder))

        def everyone_has_it():
            addresses = {address for record in recorded(folder) for address in record["to"]}
            guests_done = sum(address.startswith("guest-") for address in addresses)
            in_doubt = GuestMessage.objects.filter(jam=jam, status=MessageStatus.SENDING)
            team_done = sum(address.startswith("team-") for address in addresses)
            return guests_done + in_doubt.count() >= GUESTS and team_done == TEAM_EMAILS

        _wait_for(everyone_has_it, RECOVERY_MAX_SECONDS, "every email sent after the kill")
        done_at = time.time()
        _wait_for(
            lambda: (
                not DBTaskResult.objects.filter(Q(status="READY") | Q(status="RUNNING"))
                .filter(task_path=deliver_messages_task.module_path)
                .exists()
            ),
            RECOVERY_MAX_SECONDS,
            "no delivery left to run",
        )

        survivor = processes[survivor_id]
        survivor.send_signal(signal.SIGTERM)
        assert survivor.wait(timeout=30) == 0
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)
        with capsys.disabled():
            for worker_id in processes:
                log = (tmp_path / f"{worker_id}.log").read_text()
                if "Traceback" in log:
                    print(f"\n--- {worker_id} ---\n{log}")

    emails = recorded(folder)
    per_address = Counter(address for record in emails for address in record["to"])
    rows = dict(GuestMessage.objects.filter(jam=jam).values_list("guest__email", "status"))
    in_doubt = {address for address, status in rows.items() if status == MessageStatus.SENDING}
    guests_sent = {address for address in per_address if address.endswith(GUEST_DOMAIN)}
    lost = set(rows) - guests_sent - in_doubt
    survivor_pid = processes[survivor_id].pid
    first_after_kill = min(
        record["at"]
        for record in emails
        if record["pid"] == survivor_pid
        and record["to"][0].endswith(GUEST_DOMAIN)
        and record["to"][0].startswith("guest-")
    )
    task.refresh_from_db()

    figures = {
        "emails sent": len(emails),
        "sent by the killed worker": sum(record["pid"] == doomed.pid for record in emails),
        "sent before the kill": sent_before_kill,
        "seconds from the kill to the survivor's first invitation": round(
            first_after_kill - killed_at, 2
        ),
        "seconds from the kill to the last email": round(done_at - killed_at, 2),
        "seconds from the invite to the last email": round(done_at - started, 2),
        "sent twice": sum(count > 1 for count in per_address.values()),
        "lost": len(lost),
        "in doubt (handed over as the worker died)": len(in_doubt),
    }
    with capsys.disabled():
        print("\nTwo workers, one killed mid-batch:", figures)

    assert figures["sent twice"] == 0
    assert lost == set()
    # At most the one email in the mail service's hands at the kill: it went out, and the row
    # says “sending”, so the host sees “may not have gone out” instead of a second copy.
    assert len(in_doubt) <= 1
    assert in_doubt <= guests_sent
    assert len(rows) == GUESTS
    assert set(rows.values()) <= {MessageStatus.SENT, MessageStatus.SENDING}
    # The killed worker's task was taken up by the other one, once.
    assert (task.status, task.worker_ids) == ("SUCCESSFUL", [doomed_id, survivor_id])
    assert done_at - killed_at < RECOVERY_MAX_SECONDS
    for email in team:
        email.refresh_from_db()
        assert (email.status, email.text, per_address[email.to[0]]) == ("sent", "", 1)
    # The stopped worker said so; the dead one was forgotten once its task was taken up.
    assert not WorkerBeat.objects.filter(worker_id__in=processes).exists()
    # In seconds here; in production a minute, while a worker's batch may take longer.
    assert (fast_settings.WORKER_LOST_AFTER_SECONDS, settings.WORKER_LOST_AFTER_SECONDS) == (2, 60)
