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
from planning.enums import MessageStatus
from planning.guests.selectors import diversity_summary, needs_shared
from planning.guests.tokens import guest_link_token
from planning.models import Guest, GuestMessage, Jam, Rsvp, Session, Task, TeamMember
from planning.roadmap.selectors import roadmap_get
from reporting.models import Report
from sessions.day.models import ItemNote

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
    """Everything the demo makes: accounts and Jams in all, the demo Jam's records in detail."""
    demo = {"jam__slug": DEMO_SLUG}
    return {
        "users": User.objects.count(),
        "jams": Jam.objects.count(),
        "reports": Report.objects.count(),
        "sessions": Session.objects.filter(**demo).count(),
        "reviewers": Group.objects.get(name="reviewers").user_set.count(),
        "team": TeamMember.objects.filter(**demo).count(),
        "tasks": Task.objects.filter(**demo).count(),
        "done": Task.objects.filter(**demo, done_at__isnull=False).count(),
        "guests": Guest.objects.filter(**demo).count(),
        "answers": Rsvp.objects.filter(session__jam__slug=DEMO_SLUG).count(),
        "messages": GuestMessage.objects.filter(**demo).count(),
    }


EXPECTED = {
    "users": 9,
    "jams": 5,
    "reports": 4,
    "sessions": 3,
    "reviewers": 1,
    "team": 4,
    "tasks": 29,
    "done": 18,
    "guests": 12,
    "answers": 26,
    "messages": 12,
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
    jam_pk = Jam.objects.get(slug=DEMO_SLUG).pk
    user_pks = set(User.objects.values_list("pk", flat=True))

    run_demo()

    assert counts() == first == EXPECTED
    jam = Jam.objects.get(slug=DEMO_SLUG)
    assert jam.pk == jam_pk
    assert set(User.objects.values_list("pk", flat=True)) == user_pks
    assert list(jam.sessions.values_list("number", flat=True)) == [1, 2, 3]


def test_demo_first_session_was_held_and_the_next_two_are_ahead_a_week_apart():
    run_demo()

    sessions = list(Session.objects.filter(jam__slug=DEMO_SLUG).order_by("number"))
    now = timezone.now()
    assert [session.starts_at > now for session in sessions] == [False, True, True]
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


def test_demo_first_session_has_attendance_notes_questions_and_feedback():
    run_demo()
    run_demo()

    first = Session.objects.get(jam__slug=DEMO_SLUG, number=1)
    assert first.attendances.filter(guest__isnull=False).count() == 7
    assert sorted(
        first.attendances.exclude(walk_in_name="").values_list("walk_in_name", flat=True)
    ) == [
        "Tomás",
        "Wanjiru",
    ]
    assert ItemNote.objects.filter(item__session=first).count() == 3
    assert (
        first.questions.count() == 4
        and first.questions.filter(hidden_at__isnull=False).count() == 1
    )
    assert sorted(set(first.feedback.values_list("prompt", flat=True))) == [
        "improve",
        "learned",
        "liked",
    ]
    assert first.run_state.finished_at is not None
    assert not Session.objects.get(jam__slug=DEMO_SLUG, number=2).attendances.exists()


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

    sessions = list(Session.objects.filter(jam__slug=DEMO_SLUG).order_by("number"))
    assert [session.number for session in sessions] == [1, 2, 3]
    assert all(session.starts_at > later for session in sessions[1:])
    assert Jam.objects.count() == EXPECTED["jams"]


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


def test_demo_guests_have_a_mix_of_answers_needs_and_profiles_and_one_opens_their_link():
    output = run_demo()
    jam = Jam.objects.get(slug=DEMO_SLUG)

    answers = set(Rsvp.objects.values_list("answer", flat=True))
    assert answers == {"yes", "maybe", "no"}
    assert Guest.objects.filter(rsvps__isnull=True).count() == 2
    needs = needs_shared(jam=jam)
    assert len(needs) == 6 and sum(1 for need in needs if not need.name) == 3
    assert diversity_summary(jam=jam).answered == 9
    failed = GuestMessage.objects.filter(status=MessageStatus.FAILED)
    assert list(failed.values_list("guest__name", flat=True)) == ["Hana Kimura"]

    link = next(line for line in output.splitlines() if "/i/" in line).split()[-1]
    assert link.startswith("http://127.0.0.1:8000/i/")
    response = Client().get(link.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert "Rest and Resource" in response.text


def test_demo_sessions_meet_online_twice_then_in_a_hall_and_each_guest_sees_their_places():
    run_demo()
    run_demo()
    jam = Jam.objects.get(slug=DEMO_SLUG)
    first, second, third = jam.sessions.order_by("number")

    assert not first.has_own_place and not second.has_own_place
    assert first.place.online_link == jam.online_link != ""
    assert third.place.venue == "Community hall, 12 Uhuru Road, Nairobi"
    assert third.place.online_link == ""
    # Jomo said maybe to session 1, nothing to 2 and yes to 3: the hall, and no Zoom link.
    jomo = Guest.objects.get(jam=jam, name="Jomo Kariuki")
    page = Client().get(f"/i/{guest_link_token(jomo)}/").text
    assert "12 Uhuru Road" in page
    assert jam.online_link not in page
    # Gulnara said yes to session 1 only: the Zoom link, and not the hall.
    gulnara = Guest.objects.get(jam=jam, name="Gulnara Sadykova")
    page = Client().get(f"/i/{guest_link_token(gulnara)}/").text
    assert jam.online_link in page
    assert "12 Uhuru Road" not in page
