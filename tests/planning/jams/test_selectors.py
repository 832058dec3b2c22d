import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.template import Context, Template

from planning.enums import TeamRole
from planning.jams.selectors import jam_countdown, jam_get, jam_list
from tests.factories import JamFactory, SessionFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
NOW = dt.datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # 12:00 in Nairobi


def test_jam_list_holds_hosted_and_team_jams_only(host, other_host):
    hosted = JamFactory(host=host)
    helped = JamFactory(host=other_host)
    TeamMemberFactory(jam=helped, user=host)
    JamFactory(host=other_host)
    TeamMemberFactory()  # someone else's team

    assert set(jam_list(user=host)) == {hosted, helped}


def test_jam_list_holds_a_jam_once_when_its_host_is_also_on_the_team(host):
    jam = JamFactory(host=host)
    TeamMemberFactory(jam=jam, user=host)

    assert list(jam_list(user=host)) == [jam]


def test_jam_list_is_empty_for_a_signed_out_visitor(jam):
    assert list(jam_list(user=AnonymousUser())) == []


def test_jam_list_fetches_hosts_and_sessions_in_order_up_front(host, django_assert_num_queries):
    for index in range(3):
        jam = JamFactory(host=host)
        for number, day in [(1, 3), (2, 1), (3, 2)]:
            SessionFactory(
                jam=jam,
                number=number,
                starts_at=dt.datetime(2027, 1, day, 10 + index, tzinfo=UTC),
            )

    with django_assert_num_queries(2):
        jams = list(jam_list(user=host))
        days = [[s.starts_at.day for s in jam.sessions.all()] for jam in jams]
        hosts = {jam.host.email for jam in jams}

    assert days == [[1, 2, 3]] * 3
    assert hosts == {host.email}


def test_jam_get_finds_a_jam_for_its_host_and_its_team(jam, host, other_host):
    TeamMemberFactory(jam=jam, user=other_host)

    assert jam_get(user=host, slug=jam.slug) == jam
    assert jam_get(user=other_host, slug=jam.slug) == jam


def test_jam_get_is_404_for_anyone_else(jam, other_host):
    with pytest.raises(Http404):
        jam_get(user=other_host, slug=jam.slug)
    with pytest.raises(Http404):
        jam_get(user=AnonymousUser(), slug=jam.slug)


def test_jam_get_says_what_this_person_may_do(jam, host, other_host):
    TeamMemberFactory(jam=jam, user=other_host, role=TeamRole.NOTE_TAKER)

    assert jam_get(user=host, slug=jam.slug).can.plan_agenda
    theirs = jam_get(user=other_host, slug=jam.slug).can
    assert theirs.take_notes and not theirs.plan_agenda


def test_a_jam_not_read_for_a_person_has_no_can_and_a_template_asking_fails_loudly(jam):
    """Else every control of the page would quietly disappear for everyone."""
    asking = Template("{% if jam.can.plan_agenda %}Plan{% endif %}")

    with pytest.raises(RuntimeError, match="jam_get"):
        asking.render(Context({"jam": jam}))


def jam_on(*starts: dt.datetime):
    """A Jam with sessions starting at these instants, on Nairobi's clock (UTC+3)."""
    jam = JamFactory()
    for number, starts_at in enumerate(sorted(starts), 1):
        SessionFactory(jam=jam, number=number, starts_at=starts_at, timezone="Africa/Nairobi")
    return jam


def test_jam_countdown_picks_the_next_of_several_sessions():
    jam = jam_on(
        dt.datetime(2026, 11, 20, 15, tzinfo=UTC),
        dt.datetime(2026, 12, 12, 15, tzinfo=UTC),
        dt.datetime(2026, 12, 19, 15, tzinfo=UTC),
    )

    result = jam_countdown(jam, now=NOW)

    assert result.session.number == 2
    assert result.countdown.days == 12
    assert result.countdown.text == "12 days to go"


def test_jam_countdown_counts_a_session_earlier_today_as_today():
    jam = jam_on(
        dt.datetime(2026, 11, 30, 5, tzinfo=UTC),  # 08:00 in Nairobi, four hours ago
        dt.datetime(2026, 12, 7, 15, tzinfo=UTC),
    )

    result = jam_countdown(jam, now=NOW)

    assert result.session.number == 1
    assert result.countdown.text == "today"


def test_jam_countdown_counts_since_the_last_session_when_all_are_past():
    jam = jam_on(
        dt.datetime(2026, 11, 10, 15, tzinfo=UTC),
        dt.datetime(2026, 11, 27, 15, tzinfo=UTC),
    )

    result = jam_countdown(jam, now=NOW)

    assert result.session.number == 2
    assert result.countdown.days == -3
    assert result.countdown.is_past
    assert result.countdown.text == "3 days ago"


def test_jam_countdown_of_a_jam_without_sessions_is_none():
    assert jam_countdown(JamFactory(), now=NOW) is None


def test_jam_countdown_reads_each_session_in_its_own_zone():
    jam = JamFactory()
    # 23:30 on 30 November in Honolulu is 09:30 UTC on 1 December;
    # 08:00 on 1 December in Auckland is 19:00 UTC on 30 November.
    SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime(2026, 11, 30, 19, tzinfo=UTC),
        timezone="Pacific/Auckland",
    )
    SessionFactory(
        jam=jam,
        number=2,
        starts_at=dt.datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        timezone="Pacific/Honolulu",
    )

    # At 10:00 UTC on 30 November it is 23:00 in Auckland and 00:00 in Honolulu.
    result = jam_countdown(jam, now=dt.datetime(2026, 11, 30, 10, tzinfo=UTC))

    assert result.session.number == 1
    assert result.countdown.text == "tomorrow"
