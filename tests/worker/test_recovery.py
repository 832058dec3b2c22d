"""The worker heals itself: a task left running by a dead worker runs again, once; what was
left waiting goes out with the periodic heal; old task results are pruned. No cron job."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models.functions import Now
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from jamsessions.mail import email_send_later
from jamsessions.outbox.models import TeamEmail
from jamsessions.worker.beat import Heartbeat
from jamsessions.worker.heal import heal, heal_enqueue, heal_task
from jamsessions.worker.models import WorkerBeat
from jamsessions.worker.recovery import WorkerLost, beat, lost_tasks_recover
from planning.models import GuestMessage
from sessions.messages.notices import invitations_send
from sessions.messages.tasks import deliver_messages_task
from tests.conftest import run_worker
from tests.factories import GuestFactory, JamFactory, SessionFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_tasks")]

LONG_AGO = dt.timedelta(minutes=5)


def a_task_running_since(ago: dt.timedelta, *worker_ids: str) -> DBTaskResult:
    """A delivery task claimed ``ago`` by the last of these workers (as the database tells)."""
    result = deliver_messages_task.enqueue([])
    DBTaskResult.objects.filter(id=result.id).update(
        status="RUNNING", started_at=Now() - ago, worker_ids=list(worker_ids)
    )
    return DBTaskResult.objects.get(id=result.id)


def last_heard(worker_id: str, ago: dt.timedelta) -> None:
    beat(worker_id)
    WorkerBeat.objects.filter(worker_id=worker_id).update(beat_at=Now() - ago)


def test_the_task_of_a_worker_silent_for_a_minute_runs_again_and_the_worker_is_forgotten():
    task = a_task_running_since(LONG_AGO, "dead")
    last_heard("dead", dt.timedelta(seconds=61))

    assert lost_tasks_recover() == 1

    task.refresh_from_db()
    assert task.status == "READY"
    assert not WorkerBeat.objects.filter(worker_id="dead").exists()
    run_worker()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL" and len(task.worker_ids) == 2


def test_the_long_task_of_a_live_worker_is_left_alone():
    task = a_task_running_since(dt.timedelta(hours=1), "alive")
    last_heard("alive", dt.timedelta(seconds=5))

    assert lost_tasks_recover() == 0

    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_a_task_of_a_worker_that_never_beat_runs_again_only_once_it_has_run_a_minute():
    young = a_task_running_since(dt.timedelta(seconds=30), "bare-db-worker")
    old = a_task_running_since(LONG_AGO, "bare-db-worker")

    assert lost_tasks_recover() == 1

    young.refresh_from_db()
    old.refresh_from_db()
    assert (young.status, old.status) == ("RUNNING", "READY")


def test_a_task_whose_workers_died_three_times_is_given_up_and_not_run_again(caplog):
    task = a_task_running_since(LONG_AGO, "first", "second", "third")

    assert lost_tasks_recover() == 1

    task.refresh_from_db()
    assert task.status == "FAILED"
    assert task.exception_class_path == f"{WorkerLost.__module__}.WorkerLost"
    assert "3 workers died running it" in caplog.text
    run_worker()
    task.refresh_from_db()
    assert task.status == "FAILED"


def test_a_worker_restarted_under_the_same_id_takes_up_the_task_its_earlier_life_left():
    task = a_task_running_since(dt.timedelta(seconds=1), "worker-1")
    other = a_task_running_since(dt.timedelta(seconds=1), "worker-1", "worker-2")

    call_command(
        "worker", "--batch", "--no-reload", "--no-startup-delay", "--worker-id", "worker-1"
    )

    task.refresh_from_db()
    other.refresh_from_db()
    assert (task.status, task.worker_ids) == ("SUCCESSFUL", ["worker-1", "worker-1"])
    assert other.status == "RUNNING"  # worker-2 has it now


def test_one_heal_is_enqueued_per_period_however_many_workers_ask(settings):
    settings.WORKER_HEAL_SECONDS = 60
    heals = DBTaskResult.objects.filter(task_path=heal_task.module_path)

    assert [heal_enqueue() for _worker in range(3)] == [True, False, False]
    run_worker()
    assert heal_enqueue() is False  # done, but within the period
    heals.update(enqueued_at=Now() - dt.timedelta(seconds=61))
    assert heal_enqueue() is True
    assert heals.count() == 2


def test_a_heartbeat_says_the_worker_is_alive_takes_up_lost_tasks_and_enqueues_the_heal():
    lost = a_task_running_since(LONG_AGO, "dead")

    Heartbeat("beating").tick()

    assert WorkerBeat.objects.filter(worker_id="beating").exists()
    lost.refresh_from_db()
    assert lost.status == "READY"
    assert DBTaskResult.objects.filter(task_path=heal_task.module_path, status="READY").exists()


def test_the_heal_sends_what_waited_too_long_and_prunes_old_results(clock, mailoutbox):
    jam = JamFactory()
    SessionFactory(jam=jam, number=1, starts_at=timezone.now() + dt.timedelta(days=30))
    invitations_send(jam=jam, guests=[GuestFactory(jam=jam, email="guest@example.test")])
    email_send_later(to=["team@example.test"], subject="Reset", text="a link")
    DBTaskResult.objects.all().delete()  # as if the process died right after its commit
    old = deliver_messages_task.enqueue([])
    DBTaskResult.objects.filter(id=old.id).update(
        status="SUCCESSFUL", finished_at=timezone.now() - dt.timedelta(days=2)
    )

    clock(timezone.now() + dt.timedelta(minutes=6))
    done = heal()

    assert sorted(message.to[0] for message in mailoutbox) == [
        "guest@example.test",
        "team@example.test",
    ]
    assert set(GuestMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert TeamEmail.objects.get().status == "sent"
    assert done["task results pruned"] == 1
    assert not DBTaskResult.objects.filter(id=old.id).exists()


def test_the_worker_command_runs_tasks_and_forgets_itself_when_it_stops(mailoutbox):
    email_send_later(to=["ana@example.test"], subject="Welcome", text="Plain words.")

    call_command(
        "worker", "--batch", "--no-reload", "--no-startup-delay", "--worker-id", "w", verbosity=0
    )

    assert [message.to for message in mailoutbox] == [["ana@example.test"]]
    assert not WorkerBeat.objects.exists()
