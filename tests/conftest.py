import datetime as dt

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from tests.factories import GuestFactory, JamFactory, SessionFactory, UserFactory
from tests.sessions.messages import failing_email_backend

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run in the test's own process, as soon as they are enqueued."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def database_tasks(settings):
    """The real task backend: tasks wait in the database until the worker runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def failing_provider(settings):
    """A mail service that refuses the next ``times`` emails (``failing_email_backend.ALWAYS``:
    every one), then takes them."""
    settings.EMAIL_BACKEND = "tests.sessions.messages.failing_email_backend.EmailBackend"

    def fail(times):
        failing_email_backend.failures_left = times

    yield fail
    failing_email_backend.failures_left = 0


def run_worker() -> None:
    """Run every task that is due, once, as `manage.py db_worker` does."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    """Run a service as a request would: its emails go out once its transaction commits."""

    def run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return run


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English: a request's language stays active in the thread after it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashers take a third of a second per password; tests check flows, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def freeze_at(time_machine, host, host_client):
    """Stop the clock at an instant, with `host_client` still signed in there.

    A sign-in made at the real time has expired in a far-off future, so it is
    made again once the clock is stopped.
    """

    def freeze(instant):
        time_machine.move_to(instant, tick=False)
        host_client.force_login(host)

    return freeze


@pytest.fixture
def host(db):
    return UserFactory(email="host@example.test", name="Host Person")


@pytest.fixture
def host_client(host) -> Client:
    client = Client()
    client.force_login(host)
    return client


@pytest.fixture
def other_host(db):
    return UserFactory(email="other@example.test", name="Other Host")


@pytest.fixture
def other_client(other_host) -> Client:
    client = Client()
    client.force_login(other_host)
    return client


@pytest.fixture
def jam(host):
    """A Jam of `host` with one session two weeks ahead, 18:00 in Nairobi."""
    jam = JamFactory(host=host)
    SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime.now(dt.UTC).replace(hour=15, minute=0, second=0, microsecond=0)
        + dt.timedelta(days=14),
        timezone="Africa/Nairobi",
    )
    return jam


# --- Shared by tests of planning and sessions ------------------------------------------

CLOCK_START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(time_machine):
    """Stop the clock at ``CLOCK_START``; call it to move the stopped clock elsewhere."""
    time_machine.move_to(CLOCK_START, tick=False)

    def move_to(instant):
        time_machine.move_to(instant, tick=False)

    return move_to


PAST_NOW = dt.datetime(2031, 3, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def past_jam(host, time_machine):
    """The clock stopped at ``PAST_NOW``: session 1 ended four days ago, sessions 2 and 3
    are three and ten days ahead (Nairobi, two hours each)."""
    time_machine.move_to(PAST_NOW, tick=False)
    jam = JamFactory(host=host, name="Healing Jam Nairobi")
    for number, starts_at in (
        (1, PAST_NOW - dt.timedelta(days=4, hours=2)),
        (2, PAST_NOW + dt.timedelta(days=3)),
        (3, PAST_NOW + dt.timedelta(days=10)),
    ):
        SessionFactory(
            jam=jam,
            number=number,
            starts_at=starts_at,
            duration_minutes=120,
            timezone="Africa/Nairobi",
        )
    return jam


@pytest.fixture
def past_jam_guest(past_jam):
    return GuestFactory(jam=past_jam, name="Wanjiru Kamau", email="wanjiru@example.test")
