import datetime as dt
import re

import pytest

from planning.models import Session
from tests.factories import JamFactory, SessionFactory, TeamMemberFactory

UTC = dt.UTC
JANUARY_2027 = dt.datetime(2027, 1, 15, 12, 0, tzinfo=UTC)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(JANUARY_2027, tick=False)]


def madrid(month: int, day: int, hour: int = 18, minute: int = 0) -> dt.datetime:
    """An instant given on Madrid's clock, in 2027 (summer time from 28 March)."""
    offset = 2 if (month, day) >= (3, 28) and (month, day) < (10, 31) else 1
    return dt.datetime(2027, month, day, hour - offset, minute, tzinfo=UTC)


@pytest.fixture
def march_jam(host):
    """A Jam of `host` with one session: Wednesday 10 March 2027, 18:00 in Madrid."""
    jam = JamFactory(host=host, name="Spring Jam")
    SessionFactory(
        jam=jam, number=1, starts_at=madrid(3, 10), duration_minutes=150, timezone="Europe/Madrid"
    )
    return jam


def add_sessions(jam, *starts: dt.datetime) -> None:
    first = jam.sessions.count() + 1
    for number, starts_at in enumerate(starts, first):
        SessionFactory(jam=jam, number=number, starts_at=starts_at, timezone="Europe/Madrid")


def session_data(date="2027-03-17", start_time="18:00", duration="120", zone="Europe/Madrid"):
    return {"date": date, "start_time": start_time, "duration_minutes": duration, "timezone": zone}


def numbered(jam) -> list[tuple[int, dt.datetime]]:
    return list(jam.sessions.order_by("number").values_list("number", "starts_at"))


def session_url(jam, number: int, path: str = "") -> str:
    """The address of the session labelled ``number`` now: by its own key."""
    return f"/jams/{jam.slug}/sessions/{jam.sessions.get(number=number).key}/{path}"


def sessions_table(response) -> list[tuple[str, str]]:
    """(label, start on the session's clock) of each row of the Jam page's sessions table."""
    return re.findall(r">(Session \d+)</a></th>\s*<td><time[^>]*>([^<]*)</time>", response.text)


# --- Seeing a session -------------------------------------------------------------


def test_session_detail_shows_start_and_end_on_the_sessions_clock(host_client, host):
    jam = JamFactory(host=host, venue="Community hall")
    SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime(2027, 2, 1, 10, 0, tzinfo=UTC),  # 23:00 in Auckland (UTC+13)
        duration_minutes=90,
        timezone="Pacific/Auckland",
    )

    response = host_client.get(session_url(jam, 1))

    assert "<h1>Session 1</h1>" in response.text
    assert "Monday 1 February 2027, 23:00" in response.text
    assert "Tuesday 2 February 2027, 00:30" in response.text
    assert "Pacific/Auckland" in response.text
    assert "90 minutes" in response.text
    assert "Community hall" in response.text


def test_a_number_is_not_a_session_address(host_client, march_jam):
    """Numbers follow the order of the sessions and change: addresses use the key."""
    assert host_client.get(f"/jams/{march_jam.slug}/sessions/1/").status_code == 404
    assert host_client.get(f"/jams/{march_jam.slug}/sessions/2/").status_code == 404


# --- Adding sessions -----------------------------------------------------------------


def test_session_create_suggests_the_zone_and_length_of_the_latest_session(host_client, march_jam):
    response = host_client.get(f"/jams/{march_jam.slug}/sessions/new/")

    assert "<h1>Add a session</h1>" in response.text
    assert '<option value="Europe/Madrid" selected>' in response.text
    assert 'name="duration_minutes" value="150"' in response.text


def test_session_create_adds_a_session_and_says_so(host_client, march_jam):
    response = host_client.post(
        f"/jams/{march_jam.slug}/sessions/new/", session_data(date="2027-03-17"), follow=True
    )

    assert response.redirect_chain == [(f"/jams/{march_jam.slug}/", 302)]
    assert "Session 2 is added." in response.text
    assert numbered(march_jam) == [(1, madrid(3, 10)), (2, madrid(3, 17))]
    added = march_jam.sessions.get(number=2)
    assert (added.duration_minutes, added.timezone) == (120, "Europe/Madrid")
    assert sessions_table(response) == [
        ("Session 1", "Wed 10 Mar 2027, 18:00"),
        ("Session 2", "Wed 17 Mar 2027, 18:00"),
    ]


def test_session_create_numbers_by_when_sessions_happen_not_when_added(host_client, march_jam):
    url = f"/jams/{march_jam.slug}/sessions/new/"

    host_client.post(url, session_data(date="2027-04-07"))
    host_client.post(url, session_data(date="2027-03-03", start_time="10:00"))
    response = host_client.post(url, session_data(date="2027-03-24"), follow=True)

    assert "Session 3 is added." in response.text
    assert numbered(march_jam) == [
        (1, madrid(3, 3, 10)),
        (2, madrid(3, 10)),
        (3, madrid(3, 24)),
        (4, madrid(4, 7)),
    ]
    assert sessions_table(response) == [
        ("Session 1", "Wed 3 Mar 2027, 10:00"),
        ("Session 2", "Wed 10 Mar 2027, 18:00"),
        ("Session 3", "Wed 24 Mar 2027, 18:00"),
        ("Session 4", "Wed 7 Apr 2027, 18:00"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(
            session_data(date="2027-01-14"),
            "This date has already passed in Europe/Madrid. Choose today or a later date.",
            id="date-in-the-past",
        ),
        pytest.param(
            session_data(date="2027-03-28", start_time="02:30"),
            "02:30 does not exist in Europe/Madrid that day: the clocks jump forward. "
            "Choose another time.",
            id="time-skipped-by-clocks",
        ),
        pytest.param(
            session_data(duration="9"), "A session lasts at least 10 minutes.", id="too-short"
        ),
        pytest.param(
            session_data(duration="721"),
            "A session lasts at most 720 minutes (12 hours).",
            id="too-long",
        ),
        pytest.param(
            session_data(zone="Mars/Olympus"),
            "“Mars/Olympus” is not a time zone we know. Pick one from the list.",
            id="unknown-zone",
        ),
        pytest.param(
            session_data(start_time="25:00"), "Enter a valid time.", id="time-that-is-no-time"
        ),
        pytest.param(session_data(date=""), "This field is required.", id="no-date"),
    ],
)
def test_session_create_with_bad_input_explains_and_adds_nothing(
    host_client, march_jam, data, message
):
    response = host_client.post(f"/jams/{march_jam.slug}/sessions/new/", data)

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    assert numbered(march_jam) == [(1, madrid(3, 10))]


# --- Changing a session --------------------------------------------------------------


def test_session_edit_shows_the_time_on_the_sessions_clock(host_client, march_jam):
    response = host_client.get(session_url(march_jam, 1, "edit/"))

    assert "<h1>Change Session 1</h1>" in response.text
    assert 'value="2027-03-10"' in response.text
    assert 'value="18:00"' in response.text
    assert 'value="150"' in response.text
    assert '<option value="Europe/Madrid" selected>' in response.text


def test_session_edit_moving_a_session_numbers_them_again(host_client, march_jam):
    add_sessions(march_jam, madrid(3, 17), madrid(3, 24))
    first = march_jam.sessions.get(number=1)

    response = host_client.post(
        session_url(march_jam, 1, "edit/"),
        session_data(date="2027-03-31", start_time="19:30", duration="60"),
        follow=True,
    )

    assert response.redirect_chain == [(f"/jams/{march_jam.slug}/", 302)]
    assert "The session’s time and place are saved." in response.text
    first.refresh_from_db()
    assert (first.number, first.starts_at) == (3, madrid(3, 31, 19, 30))
    assert first.duration_minutes == 60
    assert numbered(march_jam) == [(1, madrid(3, 17)), (2, madrid(3, 24)), (3, first.starts_at)]
    assert sessions_table(response) == [
        ("Session 1", "Wed 17 Mar 2027, 18:00"),
        ("Session 2", "Wed 24 Mar 2027, 18:00"),
        ("Session 3", "Wed 31 Mar 2027, 19:30"),
    ]


def test_session_edit_to_another_zone_keeps_the_wall_clock_time(host_client, march_jam):
    host_client.post(
        session_url(march_jam, 1, "edit/"),
        session_data(date="2027-03-10", zone="Atlantic/Canary"),
    )

    session = march_jam.sessions.get()
    assert session.timezone == "Atlantic/Canary"
    assert session.starts_at == dt.datetime(2027, 3, 10, 18, 0, tzinfo=UTC)  # Canaries: UTC+0


def test_session_edit_of_a_past_session_without_moving_it_is_allowed(host_client, march_jam):
    add_sessions(march_jam, madrid(1, 8))  # a week ago, now session 2 of 2 by number

    response = host_client.post(
        session_url(march_jam, 2, "edit/"),
        session_data(date="2027-01-08", duration="45"),
    )

    assert response.status_code == 302
    past = march_jam.sessions.get(starts_at=madrid(1, 8))
    assert past.duration_minutes == 45


def test_session_edit_of_a_past_session_in_a_repeated_hour_is_allowed(host_client, host, freeze_at):
    # 02:30 happened twice in Madrid on 31 October 2027; this session began at the first.
    jam = JamFactory(host=host)
    SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
        timezone="Europe/Madrid",
    )
    freeze_at(dt.datetime(2027, 11, 15, 12, tzinfo=UTC))

    response = host_client.post(
        session_url(jam, 1, "edit/"),
        session_data(date="2027-10-31", start_time="02:30", duration="45"),
    )

    assert response.status_code == 302
    session = jam.sessions.get()
    assert session.starts_at == dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    assert session.duration_minutes == 45


@pytest.mark.parametrize(
    ("starts_at", "new_date"),
    [
        pytest.param(madrid(3, 10), "2027-01-14", id="future-to-past"),
        pytest.param(madrid(1, 8), "2027-01-07", id="past-to-another-past-day"),
    ],
)
def test_session_edit_moving_a_session_into_the_past_is_refused(
    host_client, host, starts_at, new_date
):
    jam = JamFactory(host=host)
    SessionFactory(jam=jam, number=1, starts_at=starts_at, timezone="Europe/Madrid")

    response = host_client.post(
        session_url(jam, 1, "edit/"), session_data(date=new_date, duration="45")
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    session = jam.sessions.get()
    assert (session.starts_at, session.duration_minutes) == (starts_at, 120)


def test_session_edit_into_the_past_says_why(host_client, march_jam):
    response = host_client.post(session_url(march_jam, 1, "edit/"), session_data(date="2027-01-14"))

    assert (
        "Date: This date has already passed in Europe/Madrid. Choose today or a later date."
        in response.text
    )


def test_session_edit_to_the_same_day_earlier_than_now_is_allowed(host_client, march_jam):
    # 12:00 UTC is 13:00 in Madrid; 09:00 that day has gone, but the day has not.
    host_client.post(
        session_url(march_jam, 1, "edit/"),
        session_data(date="2027-01-15", start_time="09:00"),
    )

    assert march_jam.sessions.get().starts_at == madrid(1, 15, 9)


# --- Deleting a session added by mistake ---------------------------------------------------
# (Cancelling one guests know of: test_cancel.py.)


def test_a_session_nobody_knows_of_is_offered_for_deletion_with_its_time(host_client, march_jam):
    add_sessions(march_jam, madrid(3, 17))

    response = host_client.get(session_url(march_jam, 2, "cancel/"))

    assert "Delete Session 2?" in response.text
    assert "No guest knows of the session on Wednesday 17 March 2027, 18:00 (Europe/Madrid)" in (
        response.text
    )
    assert f'action="{session_url(march_jam, 2, "delete/")}"' in response.text
    assert march_jam.sessions.count() == 2


def test_session_delete_removes_it_and_numbers_the_rest_again(host_client, march_jam):
    add_sessions(march_jam, madrid(3, 17), madrid(3, 24))

    response = host_client.post(session_url(march_jam, 1, "delete/"), follow=True)

    assert response.redirect_chain == [(f"/jams/{march_jam.slug}/#sessions-title", 302)]
    assert "The session is deleted." in response.text
    assert numbered(march_jam) == [(1, madrid(3, 17)), (2, madrid(3, 24))]
    assert sessions_table(response) == [
        ("Session 1", "Wed 17 Mar 2027, 18:00"),
        ("Session 2", "Wed 24 Mar 2027, 18:00"),
    ]


def test_session_delete_of_the_last_session_is_refused(host_client, march_jam):
    response = host_client.post(session_url(march_jam, 1, "delete/"))

    assert response.status_code == 200
    assert "A Jam needs at least one session that goes ahead." in response.text
    assert numbered(march_jam) == [(1, madrid(3, 10))]


# --- The team ------------------------------------------------------------------------------


def test_sessions_are_changed_by_team_members_whose_role_allows_it(
    other_client, other_host, march_jam
):
    TeamMemberFactory(jam=march_jam, user=other_host)
    base = f"/jams/{march_jam.slug}/sessions"

    assert "Session 1" in other_client.get(session_url(march_jam, 1)).text
    refused = other_client.post(f"{base}/new/", session_data(date="2027-03-03"))
    assert refused.status_code == 403
    assert "Add sessions and change their times and places" in refused.text
    march_jam.role_permissions = {"facilitator": ["schedule_sessions"]}
    march_jam.save()
    other_client.post(f"{base}/new/", session_data(date="2027-03-03"))
    other_client.post(session_url(march_jam, 2, "edit/"), session_data(date="2027-03-31"))

    assert numbered(march_jam) == [(1, madrid(3, 3)), (2, madrid(3, 31))]


@pytest.mark.parametrize("action", ["cancel/", "delete/"])
def test_a_team_member_cannot_cancel_or_delete_a_session(
    other_client, other_host, march_jam, action
):
    """Calling a session off is the host's (``can_cancel_sessions``), even one added by mistake."""
    TeamMemberFactory(jam=march_jam, user=other_host)
    add_sessions(march_jam, madrid(3, 17))

    asked = other_client.get(session_url(march_jam, 2, action))
    posted = other_client.post(session_url(march_jam, 2, action))

    assert (asked.status_code, posted.status_code) == (403, 403)
    assert numbered(march_jam) == [(1, madrid(3, 10)), (2, madrid(3, 17))]
    assert not march_jam.sessions.cancelled().exists()


def test_session_pages_are_404_for_a_team_member_of_another_jam(
    other_client, other_host, march_jam
):
    TeamMemberFactory(user=other_host)  # on someone else's team

    assert other_client.get(session_url(march_jam, 1)).status_code == 404
    assert other_client.post(session_url(march_jam, 1, "delete/")).status_code == 404
    assert Session.objects.filter(jam=march_jam).count() == 1
