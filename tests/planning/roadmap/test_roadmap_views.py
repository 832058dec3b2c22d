"""The roadmap page, the task pages and the tasks on a Jam's home page."""

import datetime as dt
import json
import re
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jamsessions.actions.jams import jam_create
from planning.enums import Phase, TeamRole
from planning.models import Jam, Task, TeamMember
from planning.roadmap.selectors import task_get
from planning.roadmap.services import (
    roadmap_add_session,
    task_create,
    task_set_done,
    task_set_skipped,
    task_update,
)
from tests.factories import JamFactory, SessionFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
# Early January 2027, three and a half weeks before a Jam on 1 February 2027.
EARLY_JANUARY = dt.datetime(2027, 1, 5, 12, 0, tzinfo=UTC)
TODAY = dt.date(2027, 1, 5)
in_early_january = pytest.mark.time_machine(EARLY_JANUARY, tick=False)
# 10:00 on 31 January in Auckland: the day before a Jam there at 08:00 on 1 February.
THE_DAY_BEFORE = dt.datetime(2027, 1, 31, 10, tzinfo=AUCKLAND)
on_the_day_before = pytest.mark.time_machine(THE_DAY_BEFORE, tick=False)

EARLY_STEPS = [
    "Write down what you want the Jam to give people",
    "Choose the kind of Jam",
    "Find a name in your own language",
    "Think about who to invite",
    "Work out what support you need",
    "Think about where it could happen",
    "Set the date, or the dates of each session",
    "Gather an organising team and share the roles",
    "Plan the agenda and the activities",
    "Agree on principles and housekeeping rules",
    "Start inviting people",
    "Book the venue or set up the online platform",
    "Ask about and plan for everyone’s access needs",
    "Confirm who is coming",
    "Prepare the materials and tools",
]
# What new_jam() gives (objectives) and every new Jam has (a date): done from the start.
ANSWERED_BY_NEW_JAM = ["dates", "objectives"]
# The new-Jam form also asks the kind of Jam: the other early steps are still open after it.
ANSWERED_BY_THE_FORM = [
    "Write down what you want the Jam to give people",
    "Choose the kind of Jam",
    "Set the date, or the dates of each session",
]
LATE_AFTER_THE_FORM = [title for title in EARLY_STEPS if title not in ANSWERED_BY_THE_FORM]


def new_jam(host, starts_at=dt.datetime(2027, 2, 1, 8, tzinfo=AUCKLAND)) -> Jam:
    """A Jam as a host creates it: first session in Auckland, host on the team, roadmap."""
    return jam_create(
        host=host,
        details={"name": "Healing Jam", "objectives": "Rest and laugh together."},
        starts_at=starts_at,
        duration_minutes=120,
        timezone="Pacific/Auckland",
    )


def step(jam: Jam, key: str) -> Task:
    return Task.objects.get(jam=jam, template_key=key, session=None)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def roadmap_url(jam: Jam) -> str:
    return f"/jams/{jam.slug}/roadmap/"


def task_url(task: Task, action: str, jam: Jam | None = None) -> str:
    return f"/jams/{(jam or task.jam).slug}/roadmap/tasks/{task.pk}/{action}/"


ROW = re.compile(
    r'<li class="task task-(?P<state>\w+)" id="(?P<id>(?:\w+-)?task-\d+)">(?P<body>.*?)</li>', re.S
)


def rows(html: str) -> list[tuple[str, str]]:
    """(title, state) of each task row, in page order."""
    found = []
    for match in ROW.finditer(html):
        title = re.search(r'<p class="task-title">([^<]*)', match["body"])[1].strip()
        found.append((title, match["state"]))
    return found


def row_of(html: str, task: Task) -> str:
    match = re.search(
        rf'<li class="task task-\w+" id="(?:\w+-)?task-{task.pk}">.*?</li>', html, re.S
    )
    assert match, f"no row for {task.title!r}"
    return match[0]


def post_session(client, url: str, date: str) -> None:
    """Add or move a session through its form: 08:00 on `date` in Auckland."""
    data = {"date": date, "start_time": "08:00", "duration_minutes": "120"}
    response = client.post(url, {**data, "timezone": "Pacific/Auckland"})
    assert response.status_code == 302


def section(html: str, heading_id: str) -> str:
    match = re.search(rf'<section[^>]* aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, f"no section {heading_id}"
    return match[1]


def titles(html: str) -> list[str]:
    return [title for title, _ in rows(html)]


def stored(jam: Jam) -> list[tuple]:
    """Everything a request could change about a Jam's tasks."""
    return list(Task.objects.filter(jam_id=jam.pk).order_by("pk").values_list())


# --- The roadmap page ----------------------------------------------------------------


@in_early_january
def test_roadmap_shows_every_phase_and_step_with_its_due_date(host_client, host):
    jam = new_jam(host)

    response = host_client.get(roadmap_url(jam))

    html = response.text
    for heading in (
        "Two to three weeks before",
        "Two weeks before",
        "One week before",
        "One day before",
        "The day",
        "After the Jam",
    ):
        assert f">{heading}</h2>" in html
    assert len(rows(html)) == 21
    who_to_invite = row_of(html, step(jam, "who_to_invite"))
    assert '<time datetime="2027-01-11">Mon 11 Jan</time>' in who_to_invite
    assert '<span class="state state-soon">Due this week</span>' in who_to_invite
    objectives = row_of(html, step(jam, "objectives"))
    assert '<span class="state state-done">Done</span>' in objectives
    assert '<time datetime="2027-01-25">' in row_of(html, step(jam, "confirm"))
    assert '<time datetime="2027-02-04">' in row_of(html, step(jam, "report"))
    remind = jam.tasks.get(template_key="remind")
    assert '<time datetime="2027-01-31">' in row_of(html, remind)
    assert '<span class="tag">Session 1</span>' in row_of(html, remind)
    assert "1 of 6 done" in html  # the objectives, given on creating the Jam


@in_early_january
def test_roadmap_of_three_sessions_shows_the_day_before_and_the_day_of_each(host_client, host):
    jam = new_jam(host)
    for day in (8, 15):
        post_session(host_client, f"/jams/{jam.slug}/sessions/new/", f"2027-02-{day:02}")

    html = host_client.get(roadmap_url(jam)).text

    day_before = section(html, "phase-day_before")
    the_day = section(html, "phase-the_day")
    assert len(rows(day_before)) == len(rows(the_day)) == 6
    assert re.findall(r'<span class="tag">(Session \d)</span>', day_before) == [
        "Session 1",
        "Session 1",
        "Session 2",
        "Session 2",
        "Session 3",
        "Session 3",
    ]
    assert re.findall(r'<time datetime="([\d-]+)"', the_day) == [
        "2027-02-01",
        "2027-02-01",
        "2027-02-08",
        "2027-02-08",
        "2027-02-15",
        "2027-02-15",
    ]
    assert re.findall(r'<time datetime="([\d-]+)"', section(html, "phase-after")) == [
        "2027-02-18",
        "2027-02-18",
    ]


@in_early_january
def test_removing_a_session_removes_its_steps_from_the_roadmap(host_client, host):
    jam = new_jam(host)
    for day in (8, 15):
        post_session(host_client, f"/jams/{jam.slug}/sessions/new/", f"2027-02-{day:02}")

    second = jam.sessions.get(number=2)
    host_client.post(f"/jams/{jam.slug}/sessions/{second.key}/delete/")

    html = host_client.get(roadmap_url(jam)).text
    the_day = section(html, "phase-the_day")
    assert re.findall(r'<time datetime="([\d-]+)"', the_day) == [
        "2027-02-01",
        "2027-02-01",
        "2027-02-15",
        "2027-02-15",
    ]
    assert jam.tasks.count() == 17 + 2 * 4


@in_early_january
def test_moving_the_first_session_moves_the_dates_on_the_roadmap_and_keeps_ticks(host_client, host):
    jam = new_jam(host)
    who_to_invite = step(jam, "who_to_invite")
    host_client.post(task_url(who_to_invite, "done"), {"done": "1"})

    first = jam.sessions.get(number=1)
    post_session(host_client, f"/jams/{jam.slug}/sessions/{first.key}/edit/", "2027-02-11")

    html = host_client.get(roadmap_url(jam)).text
    assert '<time datetime="2027-01-21">' in row_of(html, who_to_invite)
    assert 'class="task task-done"' in row_of(html, who_to_invite)
    assert '<time datetime="2027-01-21">' in row_of(html, step(jam, "where"))
    assert '<time datetime="2027-02-14">' in row_of(html, step(jam, "report"))


# --- A Jam planned overnight -------------------------------------------------------------


def create_overnight_jam(client) -> Jam:
    """The host creates, on the 31 January, a Jam for the next morning in Auckland."""
    client.post(
        "/jams/new/",
        {
            "name": "Overnight Jam",
            "objectives": "Rest together, at short notice.",
            "kind": "fun",
            "format": "online",
            "language": "en",
            "session-date": "2027-02-01",
            "session-start_time": "08:00",
            "session-duration_minutes": "120",
            "session-timezone": "Pacific/Auckland",
        },
    )
    return Jam.objects.get(name="Overnight Jam")


@on_the_day_before
def test_roadmap_of_a_jam_created_the_day_before_shows_every_early_step_late(host_client):
    jam = create_overnight_jam(host_client)

    html = host_client.get(roadmap_url(jam)).text

    late = [title for title, state in rows(html) if state == "late"]
    assert late == LATE_AFTER_THE_FORM
    assert len(rows(html)) == 21
    done = [title for title, state in rows(html) if state == "done"]
    assert done == ANSWERED_BY_THE_FORM
    for task in jam.tasks.filter(template_key__in=["who_to_invite", "confirm"]):
        row = row_of(html, task)
        assert '<span class="state state-late">Late</span>' in row
        assert "Skip it" in row
    assert "Late steps stay here" in html


@on_the_day_before
def test_jam_home_of_a_jam_created_the_day_before_lists_every_early_step_under_late(host_client):
    jam = create_overnight_jam(host_client)

    html = host_client.get(f"/jams/{jam.slug}/").text

    assert titles(section(html, "late-title")) == LATE_AFTER_THE_FORM
    assert "Nothing is late" not in html
    assert titles(section(html, "week-title")) == [
        "Remind everyone, and check in with your team and providers",
        "Share the agenda",
        "Arrive early and check everything is in place",
        "Play some music as people arrive",
        "Write the report while it is fresh",
        "Write in your journal",
    ]


@on_the_day_before
def test_skipping_a_late_step_takes_it_out_of_late_and_bringing_it_back_restores_it(host_client):
    jam = create_overnight_jam(host_client)
    local_name = step(jam, "local_name")
    home = f"/jams/{jam.slug}/"

    skipped = host_client.post(task_url(local_name, "skip"), {"skipped": "1", "next": home})

    assert skipped.status_code == 302
    assert skipped["Location"] == home
    assert Task.objects.get(pk=local_name.pk).skipped is True
    html = host_client.get(home).text
    late = titles(section(html, "late-title"))
    assert local_name.title not in late
    assert len(late) == len(LATE_AFTER_THE_FORM) - 1 == 11
    assert "2 of 5 done · 1 skipped" in html
    roadmap = host_client.get(roadmap_url(jam)).text
    row = row_of(roadmap, local_name)
    assert '<span class="state state-skipped">Skipped</span>' in row
    assert "Bring back" in row

    host_client.post(task_url(local_name, "skip"), {"skipped": "0", "next": home})

    assert Task.objects.get(pk=local_name.pk).skipped is False
    assert titles(section(host_client.get(home).text, "late-title")) == LATE_AFTER_THE_FORM


@on_the_day_before
def test_skipping_with_htmx_answers_the_row_skipped(host_client):
    jam = create_overnight_jam(host_client)
    where = step(jam, "where")

    response = host_client.post(
        task_url(where, "skip"), {"skipped": "1"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert rows(response.text) == [(where.title, "skipped")]
    assert "Bring back" in response.text
    assert json.loads(response["HX-Trigger"]) == {"taskChanged": {}}


# --- Ticking ---------------------------------------------------------------------------


@in_early_january
def test_task_done_with_htmx_answers_the_row_ticked(host_client, host):
    jam = new_jam(host)
    task = step(jam, "who_to_invite")

    response = host_client.post(
        task_url(task, "done"), {"done": "1"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert rows(response.text) == [(task.title, "done")]
    assert "<html" not in response.text
    assert '<span class="state state-done">Done</span>' in response.text
    assert f'aria-label="Done: {task.title}. Mark as not done"' in response.text
    assert '<input type="hidden" name="done" value="0">' in response.text
    assert re.search(r'name="csrfmiddlewaretoken" value="\w+"', response.text)
    assert f'hx-post="{task_url(task, "done")}"' in response.text
    assert "HX-Request" in [part.strip() for part in response["Vary"].split(",")]
    assert json.loads(response["HX-Trigger"]) == {"taskChanged": {}}
    stored = Task.objects.get(pk=task.pk)
    assert stored.done_at == EARLY_JANUARY
    assert stored.done_by == host


@in_early_january
def test_task_done_fragment_carries_a_working_csrf_token(host):
    jam = new_jam(host)
    task = step(jam, "who_to_invite")
    client = Client(enforce_csrf_checks=True)
    client.force_login(host)
    page = client.get(roadmap_url(jam)).text
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', row_of(page, task))[1]

    ticked = client.post(
        task_url(task, "done"),
        {"done": "1", "csrfmiddlewaretoken": token},
        headers={"HX-Request": "true"},
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', ticked.text)[1]
    unticked = client.post(
        task_url(task, "done"),
        {"done": "0", "csrfmiddlewaretoken": token},
        headers={"HX-Request": "true"},
    )
    forged = client.post(task_url(task, "done"), {"done": "1"}, headers={"HX-Request": "true"})

    assert (ticked.status_code, unticked.status_code, forged.status_code) == (200, 200, 403)
    assert rows(unticked.text) == [(task.title, "due_soon")]
    assert not Task.objects.get(pk=task.pk).is_done


@in_early_january
def test_task_done_without_htmx_goes_back_to_the_roadmap(host_client, host):
    jam = new_jam(host)
    task = step(jam, "who_to_invite")

    response = host_client.post(task_url(task, "done"), {"done": "1"})

    assert response.status_code == 302
    assert response["Location"] == roadmap_url(jam)
    html = host_client.get(roadmap_url(jam)).text
    assert 'class="task task-done"' in row_of(html, task)
    assert "2 of 6 done" in html  # with the objectives, given on creating the Jam


@in_early_january
def test_task_done_without_htmx_goes_back_to_a_next_on_this_site(host_client, host):
    jam = new_jam(host)
    home = f"/jams/{jam.slug}/"
    page = host_client.get(home).text
    # The rows on the Jam home send people back there.
    assert f'<input type="hidden" name="next" value="{home}">' in page

    response = host_client.post(
        task_url(step(jam, "who_to_invite"), "done"), {"done": "1", "next": home}
    )

    assert response["Location"] == home


@in_early_january
@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/steal", "//evil.example/", "http://testserver.evil.example/", ""],
)
def test_task_done_ignores_a_next_that_leaves_the_site(host_client, host, next_url):
    jam = new_jam(host)

    response = host_client.post(
        task_url(step(jam, "who_to_invite"), "done"), {"done": "1", "next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == roadmap_url(jam)


@in_early_january
@pytest.mark.parametrize("next_url", ["-1", "2026-02-30", "/jams/\r\nSet-Cookie: x=1", "/a\x00b"])
def test_task_done_ignores_a_next_that_is_not_a_path(host_client, host, next_url):
    """A word is not taken for a page's name, nor a line break put in a header (it was a 500)."""
    jam = new_jam(host)

    response = host_client.post(
        task_url(step(jam, "who_to_invite"), "done"), {"done": "1", "next": next_url}
    )

    assert response.status_code == 302
    assert response["Location"] == roadmap_url(jam)


@in_early_january
def test_task_done_twice_is_harmless(host_client, host, time_machine):
    jam = new_jam(host)
    task = step(jam, "who_to_invite")
    host_client.post(task_url(task, "done"), {"done": "1"})
    time_machine.move_to(EARLY_JANUARY + dt.timedelta(minutes=5), tick=False)

    again = host_client.post(task_url(task, "done"), {"done": "1"}, headers={"HX-Request": "true"})

    assert again.status_code == 200
    assert rows(again.text) == [(task.title, "done")]
    stored = Task.objects.get(pk=task.pk)
    assert stored.done_at == EARLY_JANUARY
    done = Task.objects.filter(jam=jam, done_at__isnull=False)
    assert sorted(done.values_list("template_key", flat=True)) == [
        *ANSWERED_BY_NEW_JAM,
        "who_to_invite",
    ]


@in_early_january
def test_task_done_zero_unticks(host_client, host):
    jam = new_jam(host)
    task = task_set_done(task=step(jam, "who_to_invite"), done=True, actor=host)

    response = host_client.post(task_url(task, "done"), {"done": "0"})

    assert response["Location"] == roadmap_url(jam)
    stored = Task.objects.get(pk=task.pk)
    assert (stored.done_at, stored.done_by) == (None, None)
    html = host_client.get(roadmap_url(jam)).text
    assert f'aria-label="Mark as done: {task.title}"' in row_of(html, task)


# --- Adding, changing and removing tasks -----------------------------------------------


def task_data(**overrides) -> dict:
    data = {
        "title": "Book the sign-language interpreter",
        "description": "Two interpreters, taking turns.",
        "phase": Phase.WEEKS_2,
        "due_on_override": "2027-01-20",
        "assignee": "",
        "assignee_role": "",
    }
    data.update(overrides)
    return data


@in_early_january
def test_task_create_adds_the_task_to_the_roadmap(host_client, host):
    jam = new_jam(host)
    member = TeamMemberFactory(jam=jam, user=UserFactory(name="Ana Lima"), role=TeamRole.LOGISTICS)

    response = host_client.post(
        f"/jams/{jam.slug}/roadmap/tasks/new/", task_data(assignee=str(member.pk))
    )

    task = Task.objects.get(jam=jam, template_key="")
    assert response["Location"] == f"{roadmap_url(jam)}#task-{task.pk}"
    assert (task.title, task.phase, task.due_on_override) == (
        "Book the sign-language interpreter",
        Phase.WEEKS_2,
        dt.date(2027, 1, 20),
    )
    assert task.assignee == member
    html = host_client.get(roadmap_url(jam)).text
    assert f'<li class="task task-upcoming" id="task-{task.pk}">' in html
    row = row_of(html, task)
    assert '<time datetime="2027-01-20">' in row
    assert "For Ana Lima" in row
    assert titles(section(html, "phase-weeks_2"))[-1] == task.title


@in_early_january
def test_task_create_form_starts_on_the_phase_asked_for(host_client, host):
    jam = new_jam(host)

    plain = host_client.get(f"/jams/{jam.slug}/roadmap/tasks/new/").text
    after = host_client.get(f"/jams/{jam.slug}/roadmap/tasks/new/?phase=after").text

    assert '<option value="weeks_2" selected>' in plain
    assert '<option value="after" selected>' in after


@in_early_january
def test_task_edit_gives_a_step_to_a_member_and_another_to_a_role(host_client, host):
    jam = new_jam(host)
    member = TeamMemberFactory(jam=jam, user=UserFactory(name="Ana Lima"), role=TeamRole.LOGISTICS)
    venue, materials = step(jam, "venue"), step(jam, "materials")

    by_name = host_client.post(
        task_url(venue, "edit"),
        task_data(title=venue.title, phase=venue.phase, due_on_override="", assignee=member.pk),
    )
    by_role = host_client.post(
        task_url(materials, "edit"),
        task_data(
            title=materials.title,
            phase=materials.phase,
            due_on_override="",
            assignee_role=TeamRole.LOGISTICS,
        ),
    )

    assert by_name["Location"] == f"{roadmap_url(jam)}#task-{venue.pk}"
    assert by_role.status_code == 302
    venue.refresh_from_db()
    materials.refresh_from_db()
    assert (venue.assignee, venue.assignee_role, venue.due_on_override) == (member, "", None)
    assert (materials.assignee, materials.assignee_role) == (None, TeamRole.LOGISTICS)
    html = host_client.get(roadmap_url(jam)).text
    assert "For Ana Lima" in row_of(html, venue)
    assert "For the Logistics coordinator" in row_of(html, materials)
    # Still counted from the session.
    assert '<time datetime="2027-01-18">' in row_of(html, venue)


@in_early_january
def test_task_edit_form_offers_only_this_jams_team(host_client, host):
    jam = new_jam(host)
    TeamMemberFactory(jam=jam, user=UserFactory(name="Ana Lima"), role=TeamRole.FACILITATOR)
    TeamMemberFactory(user=UserFactory(name="Stranger Danger"))

    html = host_client.get(task_url(step(jam, "venue"), "edit")).text

    assert "Ana Lima (Facilitator)" in html
    assert "Host Person (Host)" in html
    assert "Stranger Danger" not in html


@in_early_january
def test_task_delete_asks_then_removes_the_task(host_client, host):
    jam = new_jam(host)
    task = step(jam, "local_name")

    asked = host_client.get(task_url(task, "delete"))
    removed = host_client.post(task_url(task, "delete"))

    assert "Remove “Find a name in your own language”?" in asked.text
    assert "This also deletes" not in asked.text  # nothing goes with it
    assert removed["Location"] == roadmap_url(jam)
    assert not Task.objects.filter(pk=task.pk).exists()
    assert task.title not in titles(host_client.get(roadmap_url(jam)).text)


def other_jams_member() -> str:
    return str(TeamMemberFactory(jam=JamFactory()).pk)


# 12:00 UTC on 5 January is already the 6th on the clock of the Jam, in Auckland.
TOO_FAR = "Choose a date within a year of today (2027-01-06)."
BAD_TASK_INPUT = [
    pytest.param({"title": ""}, "Say what needs doing.", id="empty title"),
    pytest.param({"title": "   \t "}, "Say what needs doing.", id="blank title"),
    pytest.param(
        {"due_on_override": "2100-01-01"},
        TOO_FAR,
        id="due in 2100",
    ),
    pytest.param(
        {"due_on_override": "2017-01-06"},
        TOO_FAR,
        id="due ten years back",
    ),
    pytest.param({"due_on_override": "2027-02-30"}, "Enter a valid date.", id="no such day"),
    pytest.param({"assignee": other_jams_member}, "Choose someone on this Jam’s team.", id="other"),
    pytest.param({"assignee": "999999"}, "Choose someone on this Jam’s team.", id="no such"),
    pytest.param({"assignee": "Ana"}, "Choose someone on this Jam’s team.", id="not an id"),
]


def bad_data(overrides: dict) -> dict:
    return task_data(
        **{key: value() if callable(value) else value for key, value in overrides.items()}
    )


@in_early_january
@pytest.mark.parametrize(("overrides", "message"), BAD_TASK_INPUT)
def test_task_create_with_bad_input_explains_and_saves_nothing(
    host_client, host, overrides, message
):
    jam = new_jam(host)
    before = stored(jam)

    response = host_client.post(f"/jams/{jam.slug}/roadmap/tasks/new/", bad_data(overrides))

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert stored(jam) == before


@in_early_january
@pytest.mark.parametrize(("overrides", "message"), BAD_TASK_INPUT)
def test_task_edit_with_bad_input_explains_and_changes_nothing(
    host_client, host, overrides, message
):
    jam = new_jam(host)
    task = step(jam, "venue")
    before = stored(jam)

    response = host_client.post(task_url(task, "edit"), bad_data(overrides))

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert stored(jam) == before


@in_early_january
def test_task_create_with_bad_input_keeps_what_was_typed(host_client, host):
    jam = new_jam(host)

    response = host_client.post(
        f"/jams/{jam.slug}/roadmap/tasks/new/",
        task_data(description="Ask María", due_on_override="2100-01-01"),
    )

    assert 'value="Book the sign-language interpreter"' in response.text
    assert "Ask María</textarea>" in response.text
    assert 'value="2100-01-01"' in response.text


# --- Who may see and change what ---------------------------------------------------------


def task_urls(task: Task, jam: Jam | None = None) -> list[tuple[str, str]]:
    return [
        ("post", task_url(task, "done", jam)),
        ("post", task_url(task, "skip", jam)),
        ("get", task_url(task, "edit", jam)),
        ("post", task_url(task, "edit", jam)),
        ("get", task_url(task, "delete", jam)),
        ("post", task_url(task, "delete", jam)),
    ]


TAKEOVER = task_data(title="Taken over", done="1", skipped="1")


@in_early_january
def test_task_urls_with_a_task_of_another_jam_are_404(host_client, host):
    jam = new_jam(host)
    other_jam = new_jam(host)
    theirs = step(other_jam, "objectives")
    before = stored(other_jam)

    for method, url in task_urls(theirs, jam=jam):
        response = getattr(host_client, method)(url, TAKEOVER)
        assert response.status_code == 404, (method, url)

    assert stored(other_jam) == before


@in_early_january
def test_roadmap_and_task_urls_are_404_for_another_host(other_client, host):
    jam = new_jam(host)
    task = step(jam, "objectives")
    before = stored(jam)
    requests = [
        ("get", roadmap_url(jam)),
        ("post", roadmap_url(jam)),
        ("get", f"/jams/{jam.slug}/roadmap/tasks/new/"),
        ("post", f"/jams/{jam.slug}/roadmap/tasks/new/"),
        *task_urls(task),
    ]

    for method, url in requests:
        response = getattr(other_client, method)(url, TAKEOVER)
        assert response.status_code in (404, 405), (
            method,
            url,
        )  # 405: a page that only shows takes no POST, from anyone
        assert task.title not in response.text
        assert jam.name not in response.text

    assert stored(jam) == before
    assert Task.objects.filter(title="Taken over").count() == 0


@in_early_january
@pytest.mark.parametrize("action", ["done", "skip"])
def test_ticking_and_skipping_by_get_is_refused_to_everyone_alike(
    host_client, other_client, host, action
):
    jam = new_jam(host)
    task = step(jam, "objectives")
    before = stored(jam)

    own = host_client.get(task_url(task, action), {"done": "1", "skipped": "1"})
    stranger = other_client.get(task_url(task, action), {"done": "1", "skipped": "1"})

    # Not Allowed whether or not the task is yours: it tells a stranger nothing.
    assert own.status_code == stranger.status_code == 405
    assert task.title not in stranger.text
    assert stored(jam) == before


@in_early_january
def test_roadmap_and_task_urls_send_signed_out_visitors_to_sign_in(client, host):
    jam = new_jam(host)
    task = step(jam, "objectives")
    before = stored(jam)

    for method, url in [("get", roadmap_url(jam)), *task_urls(task)]:
        response = getattr(client, method)(url, TAKEOVER)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")

    assert stored(jam) == before


@in_early_january
def test_roadmap_is_open_to_a_team_member(host):
    jam = new_jam(host)
    helper = TeamMemberFactory(jam=jam, role=TeamRole.NOTE_TAKER).user
    client = client_for(helper)
    task = step(jam, "report")

    page = client.get(roadmap_url(jam))
    ticked = client.post(task_url(task, "done"), {"done": "1"})

    assert len(rows(page.text)) == 21
    assert ticked.status_code == 302
    assert Task.objects.get(pk=task.pk).done_by == helper


@on_the_day_before
def test_roadmap_shows_its_controls_only_to_a_role_that_may_change_it(host_client):
    jam = create_overnight_jam(host_client)
    jam.role_permissions = {TeamRole.LOGISTICS: []}  # the host took the roadmap away
    jam.save()
    follower = TeamMemberFactory(jam=jam, role=TeamRole.LOGISTICS).user
    note_taker = TeamMemberFactory(jam=jam, role=TeamRole.NOTE_TAKER).user
    task = step(jam, "who_to_invite")
    controls = [
        task_url(task, "done"),
        task_url(task, "skip"),
        task_url(task, "edit"),
        f"/jams/{jam.slug}/roadmap/tasks/new/",
        f"/jams/{jam.slug}/roadmap/skip-past/",
    ]

    shown = client_for(follower).get(roadmap_url(jam)).text
    home = client_for(follower).get(f"/jams/{jam.slug}/").text
    offered = client_for(note_taker).get(roadmap_url(jam)).text

    assert (task.title, "late") in rows(shown)
    assert [url for url in controls if url in shown] == []
    assert "does not include changing the roadmap" in shown
    assert task.title in titles(section(home, "late-title"))
    assert task_url(task, "done") not in home
    assert [url for url in controls if url not in offered] == []
    assert "does not include changing the roadmap" not in offered


def test_task_get_says_what_this_person_may_do_on_the_jam(host):
    jam = JamFactory(host=host)
    task = Task.objects.create(jam=jam, phase=Phase.WEEK_1, title="Book the room")
    helper = TeamMemberFactory(jam=jam, role=TeamRole.LOGISTICS).user

    found = task_get(user=helper, slug=jam.slug, pk=task.pk)

    assert found.jam.can.materials and not found.jam.can.plan_agenda


@in_early_january
def test_task_fragment_after_a_tick_keeps_its_controls(host):
    jam = new_jam(host)
    helper = TeamMemberFactory(jam=jam, role=TeamRole.NOTE_TAKER).user
    task = step(jam, "who_to_invite")

    response = client_for(helper).post(
        task_url(task, "done"), {"done": "1"}, headers={"HX-Request": "true"}
    )

    assert rows(response.text) == [(task.title, "done")]
    assert f'hx-post="{task_url(task, "done")}"' in response.text
    assert task_url(task, "edit") in response.text


# --- My tasks on the Jam home -------------------------------------------------------------


@in_early_january
def test_jam_home_my_tasks_lists_what_is_given_to_me_by_name_or_by_role(host):
    jam = new_jam(host)
    ana = TeamMemberFactory(jam=jam, user=UserFactory(name="Ana Lima"), role=TeamRole.LOGISTICS)
    ben = TeamMemberFactory(jam=jam, user=UserFactory(name="Ben Okoro"), role=TeamRole.LOGISTICS)
    cleo = TeamMemberFactory(jam=jam, role=TeamRole.FACILITATOR)
    task_update(task=step(jam, "venue"), details={"assignee": ana})
    task_update(task=step(jam, "materials"), details={"assignee_role": TeamRole.LOGISTICS})
    task_update(task=step(jam, "agenda"), details={"assignee": ben})
    task_update(task=step(jam, "principles"), details={"assignee_role": TeamRole.FACILITATOR})
    task_set_done(
        task=task_update(task=step(jam, "confirm"), details={"assignee": ana}),
        done=True,
        actor=ana.user,
    )

    def my_tasks(member: TeamMember) -> list[str]:
        html = client_for(member.user).get(f"/jams/{jam.slug}/").text
        return titles(section(html, "my-tasks-title"))

    assert my_tasks(ana) == [
        "Book the venue or set up the online platform",
        "Prepare the materials and tools",
    ]
    assert my_tasks(ben) == [
        "Plan the agenda and the activities",
        "Prepare the materials and tools",
    ]
    assert my_tasks(cleo) == ["Agree on principles and housekeeping rules"]


@in_early_january
def test_jam_home_my_tasks_of_the_host_follow_the_host_role(host_client, host):
    jam = new_jam(host)
    html = host_client.get(f"/jams/{jam.slug}/").text
    assert "Nothing is assigned to you or your role right now." in html

    task_update(task=step(jam, "who_to_invite"), details={"assignee_role": TeamRole.HOST})

    html = host_client.get(f"/jams/{jam.slug}/").text
    mine = section(html, "my-tasks-title")
    assert titles(mine) == ["Think about who to invite"]
    assert "For the Host" in mine


@on_the_day_before
def test_jam_home_rows_have_unique_ids_when_a_late_task_is_also_mine(host_client):
    jam = create_overnight_jam(host_client)
    task_update(task=step(jam, "who_to_invite"), details={"assignee_role": TeamRole.HOST})

    html = host_client.get(f"/jams/{jam.slug}/").text

    assert "Think about who to invite" in titles(section(html, "my-tasks-title"))
    assert "Think about who to invite" in titles(section(html, "late-title"))
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    # Each row's buttons change that row, in whichever list it was ticked.
    for row in ROW.finditer(html):
        targets = re.findall(r'hx-target="([^"]+)"', row["body"])
        assert targets
        assert all(target in ("closest li", f"#{row['id']}") for target in targets)


# --- Query counts ---------------------------------------------------------------------


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def bare_jam(host) -> tuple[Jam, TeamMember]:
    """A Jam with one session and its per-session steps (4 tasks), its host on the team."""
    jam = JamFactory(host=host)
    session = SessionFactory(jam=jam, number=1, starts_at=dt.datetime(2027, 1, 12, 5, tzinfo=UTC))
    roadmap_add_session(session=session)
    return jam, TeamMemberFactory(jam=jam, user=host, role=TeamRole.HOST)


def add_tasks(jam: Jam, count: int, members: list[TeamMember]) -> None:
    """Tasks of the team's own: given to each member in turn, to a role, or to nobody;
    late, due this week or later; some done, some skipped."""
    start = jam.tasks.count()
    for index in range(start, start + count):
        task = task_create(
            jam=jam,
            details={
                "title": f"Task {index}",
                "phase": Phase.values[index % len(Phase.values)],
                "due_on_override": TODAY + dt.timedelta(days=index % 15 - 5),
                "assignee": members[index % len(members)] if index % 3 == 0 else None,
                "assignee_role": TeamRole.HOST if index % 3 == 1 else "",
            },
        )
        if index % 5 == 4:
            task_set_done(task=task, done=True, actor=jam.host)
        elif index % 7 == 6:
            task_set_skipped(task=task, skipped=True)


def spread_over(jam: Jam, members: list[TeamMember]) -> None:
    for index, task in enumerate(jam.tasks.order_by("pk")):
        task_update(task=task, details={"assignee": members[index % len(members)]})


@in_early_january
@pytest.mark.parametrize("page", ["roadmap/", ""], ids=["roadmap", "jam home"])
def test_page_queries_do_not_grow_with_the_number_of_tasks(host_client, host, page):
    jam, host_member = bare_jam(host)
    members = [host_member, TeamMemberFactory(jam=jam)]
    add_tasks(jam, 6, members)
    path = f"/jams/{jam.slug}/{page}"
    ten = queries_for(host_client, path)
    add_tasks(jam, 90, members)

    hundred = queries_for(host_client, path)

    assert jam.tasks.count() == 100
    assert len(rows(host_client.get(path).text)) >= 20
    assert hundred == ten, f"{page or 'home'}: {ten} queries for 10 tasks, {hundred} for 100"


@in_early_january
@pytest.mark.parametrize("page", ["roadmap/", ""], ids=["roadmap", "jam home"])
def test_page_queries_do_not_grow_with_the_size_of_the_team(host_client, host, page):
    jam, host_member = bare_jam(host)
    add_tasks(jam, 26, [host_member])
    spread_over(jam, [host_member])
    path = f"/jams/{jam.slug}/{page}"
    one = queries_for(host_client, path)
    team = [host_member, *(TeamMemberFactory(jam=jam) for _ in range(9))]
    spread_over(jam, team)

    ten = queries_for(host_client, path)

    assert jam.team_members.count() == 10
    assert ten == one, f"{page or 'home'}: {one} queries for 1 member, {ten} for 10"
