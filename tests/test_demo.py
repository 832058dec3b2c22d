import datetime as dt
import itertools
from io import StringIO

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from jamsessions.accounts.models import User
from planning.models import Jam, Task, TeamMember
from planning.selectors import roadmap_get
from sessions.models import Session

pytestmark = pytest.mark.django_db

DEMO_SLUG = "demo-rest-and-resource"
DEMO_EMAILS = ["host@example.org", "reviewer@example.org"]


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def counts() -> dict:
    return {
        "users": User.objects.count(),
        "jams": Jam.objects.count(),
        "sessions": Session.objects.count(),
        "reviewers": Group.objects.get(name="reviewers").user_set.count(),
        "team": TeamMember.objects.count(),
        "tasks": Task.objects.count(),
        "done": Task.objects.filter(done_at__isnull=False).count(),
    }


EXPECTED = {
    "users": 5,
    "jams": 1,
    "sessions": 3,
    "reviewers": 1,
    "team": 4,
    "tasks": 29,
    "done": 13,
}


def test_demo_creates_accounts_a_team_and_one_jam_with_three_sessions():
    output = run_demo()

    assert counts() == EXPECTED
    jam = Jam.objects.get(slug=DEMO_SLUG)
    assert jam.host.email == "host@example.org"
    assert jam.name == "Rest and Resource: a Jam for grassroots activists"
    assert list(jam.sessions.values_list("number", flat=True)) == [1, 2, 3]
    assert "Demo data is ready." in output
    assert "host@example.org / jam-demo" in output
    assert f"/jams/{DEMO_SLUG}/" in output


def test_demo_run_twice_gives_the_same_records():
    run_demo()
    first = counts()
    jam_pk = Jam.objects.get().pk
    user_pks = set(User.objects.values_list("pk", flat=True))

    run_demo()

    assert counts() == first == EXPECTED
    jam = Jam.objects.get(slug=DEMO_SLUG)
    assert jam.pk == jam_pk
    assert set(User.objects.values_list("pk", flat=True)) == user_pks
    assert list(jam.sessions.values_list("number", flat=True)) == [1, 2, 3]


def test_demo_sessions_are_ahead_a_week_apart_at_six_in_nairobi():
    run_demo()

    sessions = list(Session.objects.order_by("number"))
    now = timezone.now()
    assert all(session.starts_at > now for session in sessions)
    assert [b.starts_at - a.starts_at for a, b in itertools.pairwise(sessions)] == [
        dt.timedelta(days=7),
        dt.timedelta(days=6, hours=18),
    ]
    assert [session.duration_minutes for session in sessions] == [120, 120, 480]
    assert [session.local_start.time() for session in sessions] == [
        dt.time(15, 0),
        dt.time(15, 0),
        dt.time(9, 0),
    ]
    for session in sessions:
        assert session.timezone == "Africa/Nairobi"


@pytest.mark.parametrize("email", DEMO_EMAILS)
def test_demo_accounts_sign_in_with_the_demo_password(email):
    run_demo()
    client = Client()

    response = client.post("/accounts/login/", {"username": email, "password": "jam-demo"})

    assert response["Location"] == "/jams/"
    assert int(client.session["_auth_user_id"]) == User.objects.get(email=email).pk


def test_demo_host_sees_the_demo_jam_in_their_list():
    run_demo()
    client = Client()
    client.post("/accounts/login/", {"username": "host@example.org", "password": "jam-demo"})

    response = client.get("/jams/")

    assert "Rest and Resource: a Jam for grassroots activists" in response.text
    assert f'href="/jams/{DEMO_SLUG}/"' in response.text


def test_demo_reviewer_is_in_the_reviewers_group():
    run_demo()

    assert User.objects.get(email="reviewer@example.org").is_reviewer
    assert not User.objects.get(email="host@example.org").is_reviewer


def test_demo_brings_changed_records_back():
    run_demo()
    host = User.objects.get(email="host@example.org")
    host.set_password("something-else-entirely")
    host.is_active = False
    host.save()
    reviewer = User.objects.get(email="reviewer@example.org")
    reviewer.groups.clear()
    jam = Jam.objects.get(slug=DEMO_SLUG)
    jam.name = "Renamed by someone"
    jam.save()
    jam.sessions.get(number=3).delete()

    run_demo()

    host.refresh_from_db()
    assert host.is_active
    assert host.check_password("jam-demo")
    assert reviewer.is_reviewer
    jam.refresh_from_db()
    assert jam.name == "Rest and Resource: a Jam for grassroots activists"
    assert list(jam.sessions.values_list("number", flat=True)) == [1, 2, 3]
    assert counts() == EXPECTED


def test_demo_run_weeks_later_moves_the_sessions_ahead():
    run_demo()

    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=40)
    with time_machine.travel(later):
        run_demo()

    sessions = list(Session.objects.order_by("number"))
    assert [session.number for session in sessions] == [1, 2, 3]
    assert all(session.starts_at > later for session in sessions)
    assert Jam.objects.count() == 1


def test_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        run_demo()

    assert not User.objects.exists()
    assert not Jam.objects.exists()


def test_demo_team_has_three_roles_and_the_roadmap_one_late_step():
    run_demo()
    jam = Jam.objects.get(slug=DEMO_SLUG)

    roles = set(jam.team_members.exclude(role="host").values_list("role", flat=True))
    assert roles == {"facilitator", "logistics", "note_taker"}
    roadmap = roadmap_get(
        jam=Jam.objects.prefetch_related("sessions").get(pk=jam.pk), now=timezone.now()
    )
    assert [item.task.template_key for item in roadmap.late] == ["accessibility"]
    assert any(item.state == "done" for item in roadmap.items)


def test_demo_sessions_get_agendas_from_the_toolkit_templates():
    run_demo()
    run_demo()
    jam = Jam.objects.get(slug=DEMO_SLUG)

    counts = [session.agenda_items.count() for session in jam.sessions.order_by("number")]
    assert counts == [7, 4, 11]
    first = jam.sessions.get(number=1).agenda_items.order_by("position").first()
    assert first.title == "Welcome and introductions"
    assert jam.house_rules.count() >= 8
