"""Attendance on the day: guests ticked from the list, walk-ins by first name, the counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from planning.enums import TeamRole
from sessions.day.models import Attendance
from sessions.day.services import (
    attendance_counts,
    attendance_counts_for_jam,
    attendance_mark,
    attendance_sheet,
    walk_in_add,
    walk_in_remove,
)
from tests.factories import (
    AttendanceFactory,
    GuestFactory,
    JamFactory,
    RsvpFactory,
    SessionFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db


def url(session, name="attendance", **kwargs):
    return reverse(
        f"sessions:{name}", kwargs={"slug": session.jam.slug, "key": session.key, **kwargs}
    )


@pytest.fixture
def session(jam):
    return jam.sessions.get()


# --- The sheet and the counts -----------------------------------------------------------


def test_sheet_lists_guests_not_saying_no_first(session):
    coming = GuestFactory(jam=session.jam, name="Amina")
    silent = GuestFactory(jam=session.jam, name="Bea")
    away = GuestFactory(jam=session.jam, name="Chen")
    GuestFactory(jam=session.jam, name="Erased", erased_at=dt.datetime.now(dt.UTC))
    GuestFactory(name="Of another Jam")
    RsvpFactory(guest=coming, session=session, answer="yes")
    RsvpFactory(guest=away, session=session, answer="no")

    sheet = attendance_sheet(session)

    assert [(row.guest, row.answer) for row in sheet.expected] == [(coming, "yes"), (silent, "")]
    assert [row.guest for row in sheet.said_no] == [away]


def test_sheet_answers_of_another_session_do_not_count(session):
    other = SessionFactory(jam=session.jam, number=2)
    guest = GuestFactory(jam=session.jam)
    RsvpFactory(guest=guest, session=other, answer="no")

    assert [row.guest for row in attendance_sheet(session).expected] == [guest]


def test_mark_and_unmark_a_guest(session):
    guest = GuestFactory(jam=session.jam)

    attendance_mark(session, guest, True)
    attendance_mark(session, guest, True)  # twice is still once
    assert attendance_counts(session).guests_came == 1
    assert [row.came for row in attendance_sheet(session).expected] == [True]

    attendance_mark(session, guest, False)
    assert not Attendance.objects.filter(session=session).exists()


def test_mark_refuses_a_guest_of_another_jam(session):
    stranger = GuestFactory(jam=JamFactory())

    with pytest.raises(ValidationError):
        attendance_mark(session, stranger, True)
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("typed", "kept"),
    [("  Mei  ", "Mei"), ("Ana  María", "Ana María"), ("Jean Luc Paul", "Jean Luc Paul")],
)
def test_walk_in_keeps_a_tidy_first_name(session, typed, kept):
    assert walk_in_add(session, typed).walk_in_name == kept


@pytest.mark.parametrize(
    "typed",
    [
        "mei@example.org",
        "Mei Chen Li Wong",
        "Mei 0712345678",
        "",
        "   ",
        "M" * 41,
    ],
)
def test_walk_in_refuses_more_than_a_first_name(session, typed):
    with pytest.raises(ValidationError):
        walk_in_add(session, typed)
    assert not Attendance.objects.exists()


def test_counts_guests_and_walk_ins(session):
    AttendanceFactory.create_batch(3, session=session)
    walk_in_add(session, "Mei")
    walk_in_add(session, "Mei")  # two people can share a first name
    removed = walk_in_add(session, "Tomás")
    walk_in_remove(session, removed.pk)

    counts = attendance_counts(session)

    assert (counts.guests_came, counts.walk_ins, counts.total) == (3, 2, 5)


def test_walk_in_remove_touches_only_walk_ins(session):
    guest_mark = AttendanceFactory(session=session)

    assert walk_in_remove(session, guest_mark.pk) is None
    assert Attendance.objects.filter(pk=guest_mark.pk).exists()


def test_counts_for_jam_average_over_sessions_held(jam, django_assert_num_queries):
    now = dt.datetime.now(dt.UTC)
    first = jam.sessions.get()
    first.starts_at = now - dt.timedelta(days=14)
    first.save()
    second = SessionFactory(jam=jam, number=2, starts_at=now - dt.timedelta(days=7))
    started_not_recorded = SessionFactory(jam=jam, number=3, starts_at=now - dt.timedelta(days=1))
    ahead = SessionFactory(jam=jam, number=4, starts_at=now + dt.timedelta(days=7))
    AttendanceFactory.create_batch(6, session=first)
    walk_in_add(first, "Mei")
    walk_in_add(first, "Ana")
    AttendanceFactory.create_batch(4, session=second)
    AttendanceFactory(session=SessionFactory())  # another Jam's

    with django_assert_num_queries(1):
        counts = attendance_counts_for_jam(jam, now=now)
        rows = [(row.session, row.counts.total, row.held) for row in counts.sessions]

    assert rows == [
        (first, 8, True),
        (second, 4, True),
        (started_not_recorded, 0, False),
        (ahead, 0, False),
    ]
    assert counts.average == 6


def test_counts_for_jam_without_a_session_held(jam):
    assert attendance_counts_for_jam(jam).average is None


def test_erased_guest_still_counts(session):
    guest = GuestFactory(jam=session.jam)
    attendance_mark(session, guest, True)
    guest.erased_at = dt.datetime.now(dt.UTC)
    guest.name = ""
    guest.save()

    sheet = attendance_sheet(session)

    assert sheet.expected == []
    assert sheet.counts.guests_came == 1


# --- The page ----------------------------------------------------------------------------


def test_page_shows_guests_and_totals(host_client, session):
    came = GuestFactory(jam=session.jam, name="Amina Wanjiru")
    GuestFactory(jam=session.jam, name="Bea Otieno")
    AttendanceFactory(session=session, guest=came)
    walk_in_add(session, "Mei")

    page = host_client.get(url(session)).content.decode()

    assert "2 came" in page
    assert "1 guest, 1 walk-in" in page
    assert "Amina Wanjiru" in page and "Bea Otieno" in page
    assert 'aria-pressed="true"' in page and 'aria-pressed="false"' in page
    assert "Mei" in page


def test_page_offers_marking_only_to_a_role_that_takes_attendance(client, session):
    came = GuestFactory(jam=session.jam, name="Amina Wanjiru")
    waited = GuestFactory(jam=session.jam, name="Bea Otieno")
    AttendanceFactory(session=session, guest=came)
    walk_in = walk_in_add(session, "Mei")
    controls = [
        url(session, "attendance_mark", pk=came.pk),
        url(session, "attendance_mark", pk=waited.pk),
        url(session, "attendance_walk_in_add"),
        url(session, "attendance_walk_in_remove", pk=walk_in.pk),
    ]

    client.force_login(TeamMemberFactory(jam=session.jam, role=TeamRole.FACILITATOR).user)
    shown = client.get(url(session)).content.decode()
    client.force_login(TeamMemberFactory(jam=session.jam, role=TeamRole.NOTE_TAKER).user)
    offered = client.get(url(session)).content.decode()

    assert "2 came" in shown and "1 guest, 1 walk-in" in shown
    assert "Amina Wanjiru" in shown and "Bea Otieno" in shown and "Mei" in shown
    assert ": came</span>" in shown and ": not marked yet</span>" in shown
    assert [address for address in controls if address in shown] == []
    walk_ins = shown.split('id="walk-ins-title"')[1].split("</section>")[0]
    assert "Mei" in walk_ins and "<button" not in walk_ins
    assert "does not include taking attendance" in shown
    assert [address for address in controls if address not in offered] == []
    assert "does not include taking attendance" not in offered


def test_tick_without_javascript_goes_back_to_the_list(host_client, session):
    guest = GuestFactory(jam=session.jam)

    response = host_client.post(url(session, "attendance_mark", pk=guest.pk), {"came": "1"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"{url(session)}#guest-{guest.pk}")
    assert Attendance.objects.filter(session=session, guest=guest).exists()


def test_tick_with_htmx_swaps_the_row_and_the_totals(host_client, session):
    guest = GuestFactory(jam=session.jam, name="Amina Wanjiru")
    AttendanceFactory(session=session, guest=guest)

    response = host_client.post(
        url(session, "attendance_mark", pk=guest.pk), {"came": "0"}, headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="guest-{guest.pk}"' in page and 'aria-pressed="false"' in page
    assert 'hx-swap-oob="innerHTML"' in page and "0 came" in page
    assert "HX-Request" in response["Vary"]
    assert not Attendance.objects.exists()


def test_tick_with_a_wrong_value_changes_nothing(host_client, session):
    guest = GuestFactory(jam=session.jam)

    response = host_client.post(
        url(session, "attendance_mark", pk=guest.pk), {"came": "perhaps"}, follow=True
    )

    assert "Choose whether this guest came." in response.content.decode()
    assert not Attendance.objects.exists()


def test_tick_a_guest_of_another_jam_is_404(host_client, session):
    stranger = GuestFactory(jam=JamFactory())

    response = host_client.post(url(session, "attendance_mark", pk=stranger.pk), {"came": "1"})

    assert response.status_code == 404
    assert not Attendance.objects.exists()


def test_walk_in_added_without_javascript(host_client, session):
    response = host_client.post(url(session, "attendance_walk_in_add"), {"first_name": " Mei "})

    assert response.status_code == 302
    assert list(session.attendances.values_list("walk_in_name", flat=True)) == ["Mei"]
    page = host_client.get(response["Location"]).content.decode()
    assert "Mei is counted as a walk-in." in page


def test_walk_in_with_an_email_is_answered_and_kept(host_client, session):
    response = host_client.post(
        url(session, "attendance_walk_in_add"), {"first_name": "mei@example.org"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Only a first name is kept" in page
    assert 'value="mei@example.org"' in page
    assert not Attendance.objects.exists()


def test_walk_in_error_with_htmx_comes_back_in_place(host_client, session):
    response = host_client.post(
        url(session, "attendance_walk_in_add"),
        {"first_name": "Mei Chen Li Wong"},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<section id="walk-ins"')
    assert "Only a first name is kept" in page and 'value="Mei Chen Li Wong"' in page


def test_walk_in_added_and_removed_with_htmx(host_client, session):
    host_client.post(
        url(session, "attendance_walk_in_add"),
        {"first_name": "Mei"},
        headers={"HX-Request": "true"},
    )
    walk_in = session.attendances.get()

    response = host_client.post(
        url(session, "attendance_walk_in_remove", pk=walk_in.pk), headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert "Mei is no longer counted." in page
    assert "0 came" in page
    assert not session.attendances.exists()


def test_get_on_a_change_address_goes_back_to_the_page(host_client, session):
    response = host_client.get(url(session, "attendance_walk_in_add"))

    assert response.status_code == 302
    assert not Attendance.objects.exists()


@pytest.mark.parametrize(
    ("name", "kwargs", "method"),
    [
        ("attendance", {}, "get"),
        ("attendance_mark", {"pk": 1}, "post"),
        ("attendance_walk_in_add", {}, "post"),
        ("attendance_walk_in_remove", {"pk": 1}, "post"),
    ],
)
def test_another_host_gets_404(other_client, session, name, kwargs, method):
    guest = GuestFactory(jam=session.jam)
    walk_in = walk_in_add(session, "Mei")
    kwargs = {key: (guest.pk if name == "attendance_mark" else walk_in.pk) for key in kwargs}

    response = getattr(other_client, method)(
        url(session, name, **kwargs), {"came": "1", "first_name": "Eve"}
    )

    assert response.status_code == 404
    assert list(session.attendances.values_list("walk_in_name", flat=True)) == ["Mei"]


def test_signed_out_is_sent_to_sign_in(client, session):
    response = client.get(url(session))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("guests", [5, 200])
def test_page_queries_do_not_grow_with_guests(
    host_client, session, guests, django_assert_num_queries
):
    for guest in GuestFactory.create_batch(guests, jam=session.jam):
        RsvpFactory(guest=guest, session=session, answer="yes")
    AttendanceFactory.create_batch(3, session=session)
    walk_in_add(session, "Mei")

    with django_assert_num_queries(QUERIES_ON_PAGE):
        response = host_client.get(url(session))

    assert response.content.decode().count('class="attendance-row') == guests + 3


# The signed-in user and their session (2), the session with its Jam (1), guests with their
# answers (1), the session's attendance (1).
QUERIES_ON_PAGE = 5
