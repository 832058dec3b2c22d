"""The countdown roadmap: which steps a Jam gets, when each is due, and its state."""

import datetime as dt
import json
import zoneinfo

import pytest

from jamsessions.actions.jams import jam_create
from planning.enums import Phase, TeamRole
from planning.models import Jam, Session, Task
from planning.roadmap.dates import TaskState
from planning.roadmap.selectors import roadmap_get
from planning.roadmap.services import (
    ROADMAP_FIXTURE,
    task_create,
    task_set_done,
    task_set_skipped,
    task_update,
)
from sessions.schedule.services import session_create, session_delete, session_update
from tests.factories import TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Early January 2027: every step of a Jam on 1 February 2027 is still ahead.
EARLY_JANUARY = dt.datetime(2027, 1, 5, 12, 0, tzinfo=UTC)
ZONES = ["Pacific/Auckland", "America/Los_Angeles", "Africa/Nairobi"]

STEPS = [
    (phase["key"], phase["anchor"], task["key"])
    for phase in json.loads(ROADMAP_FIXTURE.read_text(encoding="utf-8"))["phases"]
    for task in phase["tasks"]
]
ONCE_PER_JAM = [key for _, anchor, key in STEPS if anchor != "each_session"]
EACH_SESSION = [key for _, anchor, key in STEPS if anchor == "each_session"]
BEFORE_THE_DAY = [
    key for phase, _, key in STEPS if phase in (Phase.WEEKS_2_3, Phase.WEEKS_2, Phase.WEEK_1)
]


def at(zone: str, *args: int) -> dt.datetime:
    """An instant given on a zone's wall clock."""
    return dt.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone))


def new_jam(host, starts_at: dt.datetime, zone: str) -> Jam:
    """A Jam as a host creates it: its first session, its host on the team, its roadmap."""
    return jam_create(
        host=host,
        details={"name": "Healing Jam", "objectives": "Rest and laugh together."},
        starts_at=starts_at,
        duration_minutes=120,
        timezone=zone,
    )


def add_session(jam: Jam, starts_at: dt.datetime, zone: str) -> Session:
    return session_create(jam=jam, starts_at=starts_at, duration_minutes=120, timezone=zone)


def item_key(item) -> str:
    """A step's key, with the number of its session for steps repeated per session."""
    task = item.task
    return f"{task.template_key}@{task.session.number}" if task.session_id else task.template_key


def due_dates(jam: Jam, now: dt.datetime = EARLY_JANUARY) -> dict[str, dt.date]:
    return {item_key(item): item.due_on for item in roadmap_get(jam=jam, now=now).items}


def states(jam: Jam, now: dt.datetime) -> dict[str, str]:
    return {item_key(item): item.state for item in roadmap_get(jam=jam, now=now).items}


def step(jam: Jam, key: str, session: Session | None = None) -> Task:
    return Task.objects.get(jam=jam, template_key=key, session=session)


# --- Creating the roadmap -------------------------------------------------------


def test_roadmap_create_gives_a_new_jam_every_step_once(host):
    jam = new_jam(host, at("Africa/Nairobi", 2027, 2, 1, 18), "Africa/Nairobi")

    session = jam.sessions.get()
    assert sorted(jam.tasks.filter(session=None).values_list("template_key", flat=True)) == sorted(
        ONCE_PER_JAM
    )
    assert sorted(jam.tasks.filter(session=session).values_list("template_key", flat=True)) == (
        sorted(EACH_SESSION)
    )
    assert jam.tasks.count() == len(STEPS) == 21
    # What the host gave on creating it is done already: the objectives, and the date.
    done = jam.tasks.filter(done_at__isnull=False)
    assert sorted(done.values_list("template_key", flat=True)) == ["dates", "objectives"]
    assert {task.done_by for task in done} == {host}
    assert not jam.tasks.filter(skipped=True).exists()


def test_roadmap_create_puts_the_steps_in_the_toolkits_order(host):
    jam = new_jam(host, at("Africa/Nairobi", 2027, 2, 1, 18), "Africa/Nairobi")

    roadmap = roadmap_get(jam=jam, now=EARLY_JANUARY)

    assert [phase.phase for phase in roadmap.phases] == Phase.values
    assert [item.task.template_key for item in roadmap.items] == [key for _, _, key in STEPS]
    assert (
        roadmap.phases[0].tasks[0].task.title == "Write down what you want the Jam to give people"
    )


@pytest.mark.parametrize(
    ("zone", "local_start", "utc_start"),
    [
        # 08:00 on 1 February in Auckland is still 31 January in UTC.
        ("Pacific/Auckland", (2027, 2, 1, 8), dt.datetime(2027, 1, 31, 19, tzinfo=UTC)),
        # 20:00 on 1 February in Los Angeles is already 2 February in UTC.
        ("America/Los_Angeles", (2027, 2, 1, 20), dt.datetime(2027, 2, 2, 4, tzinfo=UTC)),
        # 00:30 on 1 February in Nairobi is still 31 January in UTC.
        ("Africa/Nairobi", (2027, 2, 1, 0, 30), dt.datetime(2027, 1, 31, 21, 30, tzinfo=UTC)),
    ],
)
def test_roadmap_due_dates_count_from_the_sessions_local_date(host, zone, local_start, utc_start):
    starts_at = at(zone, *local_start)
    assert starts_at == utc_start

    jam = new_jam(host, starts_at, zone)

    due = due_dates(jam)
    assert due["objectives"] == dt.date(2027, 1, 11)
    assert due["dates"] == dt.date(2027, 1, 18)
    assert due["confirm"] == dt.date(2027, 1, 25)
    assert due["remind@1"] == due["share_agenda@1"] == dt.date(2027, 1, 31)
    assert due["arrive_early@1"] == due["music@1"] == dt.date(2027, 2, 1)
    assert due["report"] == due["journal"] == dt.date(2027, 2, 4)


@pytest.mark.parametrize("zone", ZONES)
def test_roadmap_due_dates_of_a_phase_are_all_the_same_day(host, zone):
    jam = new_jam(host, at(zone, 2027, 2, 1, 10), zone)

    roadmap = roadmap_get(jam=jam, now=EARLY_JANUARY)

    expected = {
        Phase.WEEKS_2_3: dt.date(2027, 1, 11),
        Phase.WEEKS_2: dt.date(2027, 1, 18),
        Phase.WEEK_1: dt.date(2027, 1, 25),
        Phase.DAY_BEFORE: dt.date(2027, 1, 31),
        Phase.THE_DAY: dt.date(2027, 2, 1),
        Phase.AFTER: dt.date(2027, 2, 4),
    }
    assert {phase.phase: {item.due_on for item in phase.tasks} for phase in roadmap.phases} == {
        phase: {day} for phase, day in expected.items()
    }


def test_roadmap_report_counts_from_the_last_session(host):
    zone = "Pacific/Auckland"
    jam = new_jam(host, at(zone, 2027, 2, 1, 8), zone)
    add_session(jam, at(zone, 2027, 2, 15, 8), zone)
    add_session(jam, at(zone, 2027, 2, 8, 8), zone)

    due = due_dates(jam)

    assert due["objectives"] == dt.date(2027, 1, 11)
    assert due["confirm"] == dt.date(2027, 1, 25)
    assert due["report"] == due["journal"] == dt.date(2027, 2, 18)


def test_roadmap_of_sessions_in_different_zones_counts_each_on_its_own_clock(host):
    jam = new_jam(host, at("Pacific/Auckland", 2027, 2, 1, 8), "Pacific/Auckland")
    # 23:00 on 8 February in Los Angeles is 9 February in UTC and 20:00 on the 9th in Auckland.
    add_session(jam, at("America/Los_Angeles", 2027, 2, 8, 23), "America/Los_Angeles")
    # 01:00 on 15 February in Nairobi is 14 February in UTC.
    add_session(jam, at("Africa/Nairobi", 2027, 2, 15, 1), "Africa/Nairobi")

    due = due_dates(jam)

    assert due["remind@1"] == dt.date(2027, 1, 31)
    assert due["arrive_early@1"] == dt.date(2027, 2, 1)
    assert due["remind@2"] == dt.date(2027, 2, 7)
    assert due["arrive_early@2"] == dt.date(2027, 2, 8)
    assert due["remind@3"] == dt.date(2027, 2, 14)
    assert due["arrive_early@3"] == dt.date(2027, 2, 15)
    assert due["report"] == dt.date(2027, 2, 18)


# --- Moving sessions --------------------------------------------------------------


def test_moving_the_first_session_moves_open_steps_and_keeps_done_ones_done(host):
    zone = "Pacific/Auckland"
    jam = new_jam(host, at(zone, 2027, 2, 1, 8), zone)
    session = jam.sessions.get()
    objectives = task_set_done(task=step(jam, "objectives"), done=True, actor=host)
    remind = task_set_done(task=step(jam, "remind", session), done=True, actor=host)
    before = due_dates(jam)

    session_update(
        session=session, starts_at=at(zone, 2027, 2, 11, 8), duration_minutes=120, timezone=zone
    )

    after = due_dates(jam)
    assert after["dates"] == dt.date(2027, 1, 28)
    assert after["confirm"] == dt.date(2027, 2, 4)
    assert after["remind@1"] == dt.date(2027, 2, 10)
    assert after["arrive_early@1"] == dt.date(2027, 2, 11)
    assert after["report"] == dt.date(2027, 2, 14)
    assert all(after[key] == before[key] + dt.timedelta(days=10) for key in before)
    for task in (objectives, remind):
        stored = Task.objects.get(pk=task.pk)
        assert stored.done_at == task.done_at
        assert stored.done_by == host
    moved = states(jam, EARLY_JANUARY)
    assert moved["objectives"] == moved["remind@1"] == TaskState.DONE
    assert moved["team"] == TaskState.UPCOMING


def test_moving_a_session_to_another_zone_recounts_from_its_new_local_date(host):
    jam = new_jam(host, at("Pacific/Auckland", 2027, 2, 1, 8), "Pacific/Auckland")
    session = jam.sessions.get()

    # The same instant, 31 January 19:00 UTC, is still 31 January in Nairobi.
    session_update(
        session=session,
        starts_at=at("Africa/Nairobi", 2027, 1, 31, 22),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )

    due = due_dates(jam)
    assert due["objectives"] == dt.date(2027, 1, 10)
    assert due["arrive_early@1"] == dt.date(2027, 1, 31)


def test_moving_a_session_leaves_a_due_date_set_by_hand(host):
    zone = "Africa/Nairobi"
    jam = new_jam(host, at(zone, 2027, 2, 1, 18), zone)
    venue = task_update(task=step(jam, "venue"), details={"due_on_override": dt.date(2027, 1, 20)})

    session_update(
        session=jam.sessions.get(),
        starts_at=at(zone, 2027, 3, 1, 18),
        duration_minutes=120,
        timezone=zone,
    )

    due = due_dates(jam)
    assert due["venue"] == dt.date(2027, 1, 20)
    assert due["agenda"] == dt.date(2027, 2, 15)
    assert Task.objects.get(pk=venue.pk).due_on_override == dt.date(2027, 1, 20)


def test_adding_an_earlier_session_moves_the_steps_counted_from_the_first(host):
    zone = "America/Los_Angeles"
    jam = new_jam(host, at(zone, 2027, 2, 8, 18), zone)

    add_session(jam, at(zone, 2027, 2, 1, 18), zone)

    due = due_dates(jam)
    assert due["objectives"] == dt.date(2027, 1, 11)
    assert due["report"] == dt.date(2027, 2, 11)


# --- Several sessions ---------------------------------------------------------------


def test_roadmap_of_three_sessions_has_the_day_before_and_the_day_for_each(host):
    zone = "Africa/Nairobi"
    jam = new_jam(host, at(zone, 2027, 2, 1, 18), zone)
    add_session(jam, at(zone, 2027, 2, 8, 18), zone)
    add_session(jam, at(zone, 2027, 2, 15, 18), zone)

    roadmap = roadmap_get(jam=jam, now=EARLY_JANUARY)

    phases = {phase.phase: phase.tasks for phase in roadmap.phases}
    assert len(phases[Phase.DAY_BEFORE]) == 6
    assert len(phases[Phase.THE_DAY]) == 6
    assert jam.tasks.exclude(session=None).count() == 12
    assert len(phases[Phase.AFTER]) == 2
    assert jam.tasks.count() == len(ONCE_PER_JAM) + 12
    # In order of the sessions, and each dated from its own session.
    assert [(item.task.session.number, item.due_on) for item in phases[Phase.DAY_BEFORE]] == [
        (1, dt.date(2027, 1, 31)),
        (1, dt.date(2027, 1, 31)),
        (2, dt.date(2027, 2, 7)),
        (2, dt.date(2027, 2, 7)),
        (3, dt.date(2027, 2, 14)),
        (3, dt.date(2027, 2, 14)),
    ]


def test_session_create_adds_the_steps_of_its_own(host):
    zone = "Africa/Nairobi"
    jam = new_jam(host, at(zone, 2027, 2, 1, 18), zone)
    before = set(jam.tasks.values_list("pk", flat=True))

    session = add_session(jam, at(zone, 2027, 2, 8, 18), zone)

    added = jam.tasks.exclude(pk__in=before)
    assert sorted(added.values_list("template_key", flat=True)) == sorted(EACH_SESSION)
    assert set(added.values_list("session", flat=True)) == {session.pk}
    due = due_dates(jam)
    assert due["remind@2"] == dt.date(2027, 2, 7)
    assert due["music@2"] == dt.date(2027, 2, 8)


def test_session_delete_removes_its_own_steps_only(host):
    zone = "Africa/Nairobi"
    jam = new_jam(host, at(zone, 2027, 2, 1, 18), zone)
    second = add_session(jam, at(zone, 2027, 2, 8, 18), zone)
    add_session(jam, at(zone, 2027, 2, 15, 18), zone)
    other_jam = new_jam(host, at(zone, 2027, 2, 8, 18), zone)
    other_count = other_jam.tasks.count()
    second_steps = list(second.tasks.values_list("pk", flat=True))

    session_delete(session=second)

    assert len(second_steps) == len(EACH_SESSION)
    assert not Task.objects.filter(pk__in=second_steps).exists()
    assert jam.tasks.count() == len(ONCE_PER_JAM) + 2 * len(EACH_SESSION)
    due = due_dates(jam)
    # What was session 3 is now session 2, and keeps its own dates.
    assert due["remind@2"] == dt.date(2027, 2, 14)
    assert due["report"] == dt.date(2027, 2, 18)
    assert other_jam.tasks.count() == other_count


def test_session_delete_of_the_first_session_dates_the_early_steps_from_the_next(host):
    zone = "Africa/Nairobi"
    jam = new_jam(host, at(zone, 2027, 2, 1, 18), zone)
    add_session(jam, at(zone, 2027, 2, 8, 18), zone)
    done = task_set_done(task=step(jam, "objectives"), done=True, actor=host)

    session_delete(session=jam.sessions.get(number=1))

    due = due_dates(jam)
    assert due["objectives"] == dt.date(2027, 1, 18)
    assert due["remind@1"] == dt.date(2027, 2, 7)
    assert Task.objects.get(pk=done.pk).is_done


# --- A Jam planned overnight ------------------------------------------------------


def test_roadmap_of_a_jam_created_the_day_before_shows_every_early_step_late(host):
    zone = "Pacific/Auckland"
    # 10:00 on 31 January in Auckland; the Jam is the next morning.
    now = at(zone, 2027, 1, 31, 10)
    jam = new_jam(host, at(zone, 2027, 2, 1, 8), zone)

    roadmap = roadmap_get(jam=jam, now=now)

    # Only what the host gave on creating it (the objectives, the date) is not late.
    late = sorted(item.task.template_key for item in roadmap.late)
    assert late == sorted(set(BEFORE_THE_DAY) - {"objectives", "dates"})
    assert len(roadmap.late) == 13
    assert len(roadmap.items) == 21  # nothing is hidden
    due_soon = {item_key(item) for item in roadmap.due_this_week}
    assert due_soon == {
        "remind@1",
        "share_agenda@1",
        "arrive_early@1",
        "music@1",
        "report",
        "journal",
    }


def test_roadmap_knows_today_on_the_clock_of_the_first_session(host):
    zone = "Pacific/Auckland"
    jam = new_jam(host, at(zone, 2027, 2, 1, 8), zone)
    # 20:00 on 31 January in UTC is already 1 February in Auckland.
    now = dt.datetime(2027, 1, 31, 20, tzinfo=UTC)

    roadmap = roadmap_get(jam=jam, now=now)

    assert roadmap.today == dt.date(2027, 2, 1)
    assert states(jam, now)["remind@1"] == TaskState.LATE
    assert states(jam, now)["arrive_early@1"] == TaskState.DUE_SOON


@pytest.mark.parametrize(
    ("now", "state"),
    [
        (dt.datetime(2027, 1, 3, 12, tzinfo=UTC), TaskState.UPCOMING),  # eight days ahead
        (dt.datetime(2027, 1, 4, 12, tzinfo=UTC), TaskState.UPCOMING),  # seven days ahead
        (dt.datetime(2027, 1, 5, 12, tzinfo=UTC), TaskState.DUE_SOON),  # six days ahead
        (dt.datetime(2027, 1, 11, 12, tzinfo=UTC), TaskState.DUE_SOON),  # due today
        (dt.datetime(2027, 1, 12, 12, tzinfo=UTC), TaskState.LATE),  # due yesterday
    ],
)
def test_roadmap_step_state_follows_its_due_date(host, now, state):
    jam = new_jam(host, at("Africa/Nairobi", 2027, 2, 1, 18), "Africa/Nairobi")

    assert states(jam, now)["who_to_invite"] == state


def test_task_set_skipped_takes_a_late_step_out_of_late_and_back(host):
    zone = "Pacific/Auckland"
    now = at(zone, 2027, 1, 31, 10)
    jam = new_jam(host, at(zone, 2027, 2, 1, 8), zone)
    local_name = step(jam, "local_name")

    task_set_skipped(task=local_name, skipped=True)

    roadmap = roadmap_get(jam=jam, now=now)
    assert local_name.pk not in {item.task.pk for item in roadmap.late}
    assert states(jam, now)["local_name"] == TaskState.SKIPPED
    assert len(roadmap.late) == 12
    weeks_2_3 = roadmap.phases[0]
    assert (weeks_2_3.done, weeks_2_3.skipped, weeks_2_3.total) == (1, 1, 5)

    task_set_skipped(task=local_name, skipped=False)

    roadmap = roadmap_get(jam=jam, now=now)
    assert local_name.pk in {item.task.pk for item in roadmap.late}
    assert len(roadmap.late) == 13


def test_task_set_skipped_undoes_a_tick_and_a_tick_undoes_a_skip(host):
    jam = new_jam(host, at("Africa/Nairobi", 2027, 2, 1, 18), "Africa/Nairobi")
    task = task_set_done(task=step(jam, "where"), done=True, actor=host)

    task_set_skipped(task=task, skipped=True)
    stored = Task.objects.get(pk=task.pk)
    assert (stored.skipped, stored.done_at, stored.done_by) == (True, None, None)

    task_set_done(task=stored, done=True, actor=host)
    stored = Task.objects.get(pk=task.pk)
    assert stored.skipped is False
    assert stored.is_done


# --- Ticking --------------------------------------------------------------------


def test_task_set_done_twice_keeps_the_first_tick(host, time_machine):
    time_machine.move_to(EARLY_JANUARY, tick=False)
    jam = new_jam(host, at("Africa/Nairobi", 2027, 2, 1, 18), "Africa/Nairobi")
    helper = UserFactory()
    task_set_done(task=step(jam, "support"), done=True, actor=host)
    time_machine.move_to(EARLY_JANUARY + dt.timedelta(hours=3))

    task_set_done(task=step(jam, "support"), done=True, actor=helper)

    stored = step(jam, "support")
    assert stored.done_at == EARLY_JANUARY
    assert stored.done_by == host


def test_task_set_done_false_unticks(host):
    jam = new_jam(host, at("Africa/Nairobi", 2027, 2, 1, 18), "Africa/Nairobi")
    task_set_done(task=step(jam, "support"), done=True, actor=host)

    task_set_done(task=step(jam, "support"), done=False, actor=host)

    stored = step(jam, "support")
    assert (stored.done_at, stored.done_by) == (None, None)
    assert states(jam, EARLY_JANUARY)["support"] == TaskState.DUE_SOON


def test_phase_progress_counts_done_and_leaves_out_skipped(host):
    jam = new_jam(host, at("Africa/Nairobi", 2027, 2, 1, 18), "Africa/Nairobi")
    for key in ("dates", "team", "agenda"):
        task_set_done(task=step(jam, key), done=True, actor=host)
    task_set_skipped(task=step(jam, "principles"), skipped=True)

    weeks_2 = roadmap_get(jam=jam, now=EARLY_JANUARY).phases[1]

    assert weeks_2.phase == Phase.WEEKS_2
    assert (weeks_2.done, weeks_2.skipped, weeks_2.total, weeks_2.percent) == (3, 1, 6, 50)


# --- Assignments and "My tasks" -------------------------------------------------------


def test_roadmap_assigned_to_gives_a_member_their_tasks_by_name_and_by_role(host):
    jam = new_jam(host, at("Africa/Nairobi", 2027, 2, 1, 18), "Africa/Nairobi")
    ana = TeamMemberFactory(jam=jam, role=TeamRole.LOGISTICS)
    ben = TeamMemberFactory(jam=jam, role=TeamRole.LOGISTICS)
    host_member = jam.team_members.get(user=host)
    task_update(task=step(jam, "venue"), details={"assignee": ana})
    task_update(task=step(jam, "materials"), details={"assignee_role": TeamRole.LOGISTICS})
    # Given to Ben by name: the role does not hand it to Ana too.
    task_update(
        task=step(jam, "accessibility"),
        details={"assignee": ben, "assignee_role": TeamRole.LOGISTICS},
    )
    task_update(task=step(jam, "who_to_invite"), details={"assignee_role": TeamRole.HOST})

    roadmap = roadmap_get(jam=jam, now=EARLY_JANUARY)

    def keys(member):
        return [item.task.template_key for item in roadmap.assigned_to(member)]

    assert keys(ana) == ["venue", "materials"]
    assert keys(ben) == ["accessibility", "materials"]
    assert keys(host_member) == ["who_to_invite"]
    assert keys(None) == []


def test_roadmap_assigned_to_leaves_out_done_and_skipped_tasks(host):
    jam = new_jam(host, at("Africa/Nairobi", 2027, 2, 1, 18), "Africa/Nairobi")
    member = TeamMemberFactory(jam=jam, role=TeamRole.NOTE_TAKER)
    for key in ("report", "journal", "agenda"):
        task_update(task=step(jam, key), details={"assignee": member})
    task_set_done(task=step(jam, "report"), done=True, actor=member.user)
    task_set_skipped(task=step(jam, "journal"), skipped=True)

    roadmap = roadmap_get(jam=jam, now=EARLY_JANUARY)

    assert [item.task.template_key for item in roadmap.assigned_to(member)] == ["agenda"]


def test_task_create_adds_a_task_of_the_teams_own_at_the_end(host):
    jam = new_jam(host, at("Africa/Nairobi", 2027, 2, 1, 18), "Africa/Nairobi")
    member = TeamMemberFactory(jam=jam)

    task = task_create(
        jam=jam,
        details={
            "title": "Book the sign-language interpreter",
            "description": "",
            "phase": Phase.WEEKS_2,
            "due_on_override": dt.date(2027, 1, 20),
            "assignee": member,
            "assignee_role": "",
        },
    )

    weeks_2 = roadmap_get(jam=jam, now=EARLY_JANUARY).phases[1]
    assert weeks_2.tasks[-1].task == task
    assert weeks_2.tasks[-1].due_on == dt.date(2027, 1, 20)
    assert task.template_key == ""
    assert task.assignee == member
