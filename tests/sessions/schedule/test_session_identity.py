"""A session is named by its own key, never by its place in time order.

Sessions are numbered 1, 2, 3 in the order they happen, and numbered again when one
is added, moved or removed: a number is a label. Every address and every form names
the session by ``Session.key``, so a page opened before a change acts on the session it
showed, or, when that session was removed, on none, and says so with the current plan.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from planning.guests.tokens import guest_link_token
from planning.models import PUBLIC_CODE_ALPHABET, SESSION_KEY_LENGTH, Rsvp, Session
from sessions.calendar.ics import jam_feed_ics
from sessions.day.models import Attendance, ItemNote
from sessions.run.models import RunState
from sessions.schedule.services import (
    session_create,
    session_delete,
    session_update,
    sessions_renumber,
)
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    JamFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

REMOVED = "This session was removed; here is the current plan."
HTMX = {"HX-Request": "true"}
# Saturday 13 December 2031, 18:00 in Nairobi; the session added later is a week earlier.
SEEN_START = dt.datetime(2031, 12, 13, 15, 0, tzinfo=dt.UTC)
EARLIER_START = SEEN_START - dt.timedelta(days=7)
LATER_START = SEEN_START + dt.timedelta(days=7)


class _Forms(HTMLParser):
    """The forms of a page: their action and hidden fields, in page order."""

    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append((attrs.get("action", ""), {}))
        elif tag == "input" and attrs.get("type") == "hidden" and self.forms:
            self.forms[-1][1][attrs["name"]] = attrs.get("value", "")


def forms_in(html: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def own_form(response) -> str:
    """Where the page's form without an action posts: the page's own address."""
    assert "" in [action for action, _fields in forms_in(response.content.decode())]
    return response.request["PATH_INFO"]


def form_to(response, pattern: str) -> tuple[str, dict[str, str]]:
    """The one form on the page whose action matches ``pattern``: what a click would send."""
    (found,) = [
        (action, fields)
        for action, fields in forms_in(response.content.decode())
        if re.search(pattern, action)
    ]
    return found


@pytest.fixture
def seen(jam):
    """The session the open pages show: session 1 of `jam` on Saturday 13 December 2031."""
    session = jam.sessions.get()
    session.starts_at = SEEN_START
    session.save()
    AgendaItemFactory(session=session, title="Arrival circle", duration_minutes=30)
    return session


@pytest.fixture
def guest(jam):
    return GuestFactory(jam=jam, name="Wanjiru Kamau", email="wanjiru@example.test")


def add_earlier(jam) -> Session:
    """Someone adds a session a week before: the one seen becomes session 2."""
    return session_create(
        jam=jam, starts_at=EARLIER_START, duration_minutes=90, timezone="Africa/Nairobi"
    )


def gone(session: Session) -> None:
    """The session is no longer there, however that came about.

    No service removes a session holding an agenda any more (it is cancelled, and kept),
    but a page open for a session that is gone must still answer plainly.
    """
    jam = session.jam
    Session.objects.filter(pk=session.pk).delete()
    sessions_renumber(jam=jam)


def plan_url(jam) -> str:
    return f"/jams/{jam.slug}/#sessions-title"


def messages_on(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


# --- The key ------------------------------------------------------------------------------


def test_every_session_gets_a_short_url_safe_key_of_its_own(jam):
    sessions = [jam.sessions.get(), *(SessionFactory(jam=jam, number=n) for n in (2, 3))]

    keys = [session.key for session in sessions]
    assert len(set(keys)) == 3
    for key in keys:
        assert len(key) == SESSION_KEY_LENGTH
        assert set(key) <= set(PUBLIC_CODE_ALPHABET)


def test_the_key_stays_when_sessions_are_added_moved_and_removed(jam, seen):
    keys_before = {seen.pk: seen.key}

    earlier = add_earlier(jam)
    earlier_pk = earlier.pk
    keys_before[earlier.pk] = earlier.key
    later = session_create(
        jam=jam, starts_at=LATER_START, duration_minutes=60, timezone="Africa/Nairobi"
    )
    keys_before[later.pk] = later.key
    session_update(
        session=later,
        starts_at=EARLIER_START - dt.timedelta(days=7),
        duration_minutes=60,
        timezone="Africa/Nairobi",
    )
    session_delete(session=earlier)

    seen.refresh_from_db()
    assert seen.number == 2  # a label: it moved
    assert dict(jam.sessions.values_list("pk", "key")) == {
        pk: key for pk, key in keys_before.items() if pk != earlier_pk
    }


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_every_existing_session_a_key_of_its_own():
    jam = JamFactory()
    sessions = [SessionFactory(jam=jam, number=n) for n in (1, 2, 3)]
    SessionFactory(jam=JamFactory(), number=1)
    rows_before = {
        row["id"]: row
        for row in Session.objects.values("id", "number", "uid", "starts_at", "public_code")
    }
    executor = MigrationExecutor(connection)
    executor.migrate([("gatherings", "0005_feedback_pace")])
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM gatherings_session")
            assert cursor.fetchone()[0] == 4
        executor.loader.build_graph()
        executor.migrate([("gatherings", "0006_session_key")])
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    keys = list(Session.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 4
    assert all(
        len(key) == SESSION_KEY_LENGTH and set(key) <= set(PUBLIC_CODE_ALPHABET) for key in keys
    )
    rows_after = {
        row["id"]: row
        for row in Session.objects.values("id", "number", "uid", "starts_at", "public_code")
    }
    assert rows_after == rows_before
    assert Session.objects.get(pk=sessions[1].pk).number == 2


def test_the_migration_helper_never_gives_two_sessions_the_same_key(monkeypatch):
    migration = import_module("sessions.migrations.0006_session_key")
    given = iter(["aaaaaaaa", "aaaaaaaa", "bbbbbbbb", "bbbbbbbb", "cccccccc"])
    monkeypatch.setattr("planning.models.session_key_new", lambda: next(given))
    jam = JamFactory()
    for number, key in ((1, "xxxxxxxx"), (2, "yyyyyyyy"), (3, "zzzzzzzz")):
        SessionFactory(jam=jam, number=number, key=key)

    # The apps as that migration knew them: the session still in the sessions app then.
    then = MigrationLoader(connection).project_state(("gatherings", "0006_session_key")).apps
    migration.give_each_session_its_own_key(then, None)

    assert sorted(Session.objects.values_list("key", flat=True)) == [
        "aaaaaaaa",
        "bbbbbbbb",
        "cccccccc",
    ]


# --- The team's addresses -------------------------------------------------------------------


def test_the_stable_addresses_name_the_session_by_its_key(jam, seen):
    base = f"/jams/{jam.slug}/sessions/{seen.key}/"

    assert seen.get_absolute_url() == base
    assert reverse("sessions:agenda_pdf", args=[jam.slug, seen.key]) == f"{base}agenda.pdf"
    assert reverse("sessions:invite_ics", args=[jam.slug, seen.key]) == f"{base}invite.ics"
    assert reverse("sessions:run", args=[jam.slug, seen.key]) == f"{base}run/"


def test_a_sessions_address_shows_it_after_others_are_added_and_removed(host_client, jam, seen):
    url = seen.get_absolute_url()
    first = host_client.get(url).content.decode()
    assert "<h1>Session 1</h1>" in first and "Saturday 13 December 2031" in first

    earlier = add_earlier(jam)
    after_adding = host_client.get(url).content.decode()
    assert "<h1>Session 2</h1>" in after_adding
    assert "Saturday 13 December 2031" in after_adding
    assert "Arrival circle" in after_adding

    session_delete(session=earlier)
    after_removing = host_client.get(url).content.decode()
    assert "<h1>Session 1</h1>" in after_removing
    assert "Saturday 13 December 2031" in after_removing


def test_the_jams_page_links_each_session_by_its_key(host_client, jam, seen):
    earlier = add_earlier(jam)

    page = host_client.get(jam.get_absolute_url()).content.decode()

    for session in (earlier, seen):
        assert f'href="/jams/{jam.slug}/sessions/{session.key}/"' in page
        assert f'href="/jams/{jam.slug}/sessions/{session.key}/run/"' in page


def test_the_address_of_a_removed_session_says_so_with_the_current_plan(host_client, jam, seen):
    earlier = add_earlier(jam)
    url = earlier.get_absolute_url()
    session_delete(session=earlier)

    response = host_client.get(url, follow=True)

    assert response.redirect_chain == [(plan_url(jam), 302)]
    assert REMOVED in messages_on(response)
    assert f"/jams/{jam.slug}/sessions/{seen.key}/" in response.content.decode()


def test_another_host_gets_404_and_never_the_session(other_client, other_host, jam, seen):
    assert other_client.get(seen.get_absolute_url()).status_code == 404
    assert other_client.post(f"{seen.get_absolute_url()}delete/").status_code == 404

    # Under a Jam of their own, the key names none of its sessions: nothing is shown or changed.
    own = JamFactory(host=other_host)
    SessionFactory(jam=own, number=1)
    response = other_client.post(f"/jams/{own.slug}/sessions/{seen.key}/delete/", follow=True)

    assert response.redirect_chain == [(plan_url(own), 302)]
    assert "Saturday 13 December 2031" not in response.content.decode()
    assert Session.objects.filter(pk=seen.pk).exists()


def test_a_number_in_place_of_the_key_is_not_an_address(host_client, client, jam, seen, guest):
    assert host_client.get(f"/jams/{jam.slug}/sessions/1/").status_code == 404
    token = guest_link_token(guest)
    assert client.post(f"/i/{token}/sessions/1/rsvp/", {"answer": "no"}).status_code == 404
    assert not Rsvp.objects.exists()


# --- Team forms from a page opened before a change --------------------------------------------


def test_a_session_edit_form_opened_before_a_change_changes_the_session_it_showed(
    host_client, jam, seen
):
    action = own_form(host_client.get(f"{seen.get_absolute_url()}edit/"))
    earlier = add_earlier(jam)

    host_client.post(
        action,
        {
            "date": "2031-12-13",
            "start_time": "19:00",
            "duration_minutes": "45",
            "timezone": "Africa/Nairobi",
        },
    )

    seen.refresh_from_db()
    earlier.refresh_from_db()
    assert (seen.duration_minutes, seen.local_start.hour) == (45, 19)
    assert (earlier.duration_minutes, earlier.starts_at) == (90, EARLIER_START)


TEAM_ADDRESSES = [
    ("get", ""),
    ("post", "edit/"),
    ("post", "agenda/items/new/"),
    ("post", "agenda/reorder/"),
    ("post", "agenda/template/save/"),
    ("post", "agenda/library/"),
    ("get", "agenda.pdf"),
    ("get", "invite.ics"),
    ("get", "run/"),
    ("post", "run/next/"),
    ("get", "run/questions/"),
    ("get", "attendance/"),
    ("post", "attendance/walk-ins/"),
    ("get", "notes/"),
    ("get", "feedback/"),
]


@pytest.mark.parametrize(("method", "path"), TEAM_ADDRESSES)
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_every_team_address_of_a_removed_session_answers_with_the_plan(
    host_client, jam, seen, method, path, htmx
):
    earlier = add_earlier(jam)
    url = f"{earlier.get_absolute_url()}{path}"
    session_delete(session=earlier)
    before = list(Session.objects.order_by("pk").values())

    response = getattr(host_client, method)(
        url, {"title": "Taken", "first_name": "Ana"}, headers=HTMX if htmx else {}
    )

    if htmx:
        assert (response.status_code, response["HX-Redirect"]) == (200, plan_url(jam))
    else:
        assert (response.status_code, response["Location"]) == (302, plan_url(jam))
    assert list(Session.objects.order_by("pk").values()) == before
    assert not seen.agenda_items.filter(title="Taken").exists()
    assert not Attendance.objects.exists()


def test_removing_a_session_already_removed_removes_nothing_else(host_client, jam, seen):
    earlier = add_earlier(jam)
    later = session_create(
        jam=jam, starts_at=LATER_START, duration_minutes=60, timezone="Africa/Nairobi"
    )
    action, _hidden = form_to(host_client.get(f"{earlier.get_absolute_url()}cancel/"), r"/delete/$")
    session_delete(session=earlier)  # someone else was quicker

    response = host_client.post(action, follow=True)

    assert REMOVED in messages_on(response)
    assert set(jam.sessions.values_list("pk", flat=True)) == {seen.pk, later.pk}


def test_an_agenda_item_form_adds_to_the_session_it_showed(host_client, jam, seen):
    action, _hidden = form_to(host_client.get(seen.get_absolute_url()), r"/agenda/items/new/$")
    earlier = add_earlier(jam)

    host_client.post(
        action, {"title": "Closing poem", "duration_minutes": "15", "kind": "activity"}
    )

    assert seen.agenda_items.filter(title="Closing poem").exists()
    assert not earlier.agenda_items.exists()


def test_attendance_marked_on_an_open_page_goes_to_the_session_it_showed(host_client, jam, seen):
    guest = GuestFactory(jam=jam, name="Wanjiru")
    attendance = host_client.get(reverse("sessions:attendance", args=[jam.slug, seen.key]))
    action, hidden = form_to(attendance, rf"/attendance/guests/{guest.pk}/$")
    earlier = add_earlier(jam)

    response = host_client.post(action, hidden, headers=HTMX)

    assert response.status_code == 200
    assert list(Attendance.objects.values_list("session_id", "guest_id")) == [(seen.pk, guest.pk)]
    assert not earlier.attendances.exists()


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_attendance_for_a_removed_session_is_refused_with_the_plan(host_client, jam, seen, htmx):
    guest = GuestFactory(jam=jam, name="Wanjiru")
    earlier = add_earlier(jam)
    attendance = host_client.get(reverse("sessions:attendance", args=[jam.slug, earlier.key]))
    action, hidden = form_to(attendance, rf"/attendance/guests/{guest.pk}/$")
    session_delete(session=earlier)

    response = host_client.post(action, hidden, headers=HTMX if htmx else {})

    if htmx:
        assert response.status_code == 200
        assert response["HX-Redirect"] == plan_url(jam)
    else:
        assert response.status_code == 302
        assert response["Location"] == plan_url(jam)
    assert REMOVED in messages_on(host_client.get(plan_url(jam)))
    assert not Attendance.objects.exists()


def test_notes_typed_on_an_open_page_are_saved_on_the_session_it_showed(host_client, jam, seen):
    item = seen.agenda_items.get()
    notes = host_client.get(reverse("sessions:notes", args=[jam.slug, seen.key]))
    action, hidden = form_to(notes, r"/notes/save/$")
    earlier = add_earlier(jam)
    AgendaItemFactory(session=earlier, title="Arrival circle", duration_minutes=30)

    response = host_client.post(
        action, {**hidden, "text": "We began with a song."}, headers={"Accept": "application/json"}
    )

    assert response.status_code == 200 and response.json()["ok"]
    assert list(ItemNote.objects.values_list("item_id", "text")) == [
        (item.pk, "We began with a song.")
    ]


def test_notes_for_a_removed_session_are_refused_and_the_text_is_kept(host_client, jam, seen):
    earlier = add_earlier(jam)
    AgendaItemFactory(session=earlier, title="Opening", duration_minutes=30)
    notes = host_client.get(reverse("sessions:notes", args=[jam.slug, earlier.key]))
    action, hidden = form_to(notes, r"/notes/save/$")
    gone(earlier)
    typed = {**hidden, "text": "What we decided."}

    from_script = host_client.post(action, typed, headers={"Accept": "application/json"})
    without_script = host_client.post(action, typed)

    assert from_script.status_code == 410
    assert from_script.json() == {
        "ok": False,
        "removed": True,
        "message": REMOVED,
        "url": plan_url(jam),
    }
    assert without_script.status_code == 410
    page = without_script.content.decode()
    assert REMOVED in page and "What we decided." in page
    assert not ItemNote.objects.exists()


def test_a_run_of_show_button_on_an_open_page_acts_on_the_session_it_showed(host_client, jam, seen):
    run = host_client.get(reverse("sessions:run", args=[jam.slug, seen.key]))
    action, hidden = form_to(run, r"/run/start/$")
    earlier = add_earlier(jam)
    AgendaItemFactory(session=earlier, title="Opening", duration_minutes=30)

    response = host_client.post(action, hidden, headers=HTMX)

    assert response.status_code == 200
    assert list(RunState.objects.values_list("session_id", flat=True)) == [seen.pk]
    assert RunState.objects.get().current_item.title == "Arrival circle"


def test_the_run_of_show_of_a_removed_session_says_so(host_client, jam, seen):
    earlier = add_earlier(jam)
    AgendaItemFactory(session=earlier, title="Opening", duration_minutes=30)
    run = host_client.get(reverse("sessions:run", args=[jam.slug, earlier.key]))
    action, hidden = form_to(run, r"/run/start/$")
    state_url = reverse("sessions:run_state", args=[jam.slug, earlier.key])
    gone(earlier)

    pressed = host_client.post(action, hidden, headers=HTMX)
    polled = host_client.get(state_url, headers={"Accept": "application/json"})

    assert pressed["HX-Redirect"] == plan_url(jam)
    assert polled.status_code == 410 and polled.json()["message"] == REMOVED
    assert not RunState.objects.exists()


# --- The guest's page ------------------------------------------------------------------------


def guest_page(client, guest):
    return client.get(reverse("guest:page", kwargs={"token": guest_link_token(guest)}))


def page_url(guest, anchor: str) -> str:
    return reverse("guest:page", kwargs={"token": guest_link_token(guest)}) + f"#{anchor}"


def htmx_on_page(guest) -> dict[str, str]:
    """The headers htmx sends from the guest's open page."""
    current = reverse("guest:page", kwargs={"token": guest_link_token(guest)})
    return {**HTMX, "HX-Current-URL": f"http://testserver{current}"}


def rsvp_form_for(response, day: str) -> tuple[str, dict[str, str]]:
    """The answer form on the card of the session on ``day``, as the guest sees it."""
    cards = [
        piece.split("</article>", 1)[0] for piece in response.content.decode().split("<article ")
    ][1:]
    (card,) = [card for card in cards if day in card]
    (found,) = [(action, fields) for action, fields in forms_in(card) if action.endswith("/rsvp/")]
    return found


def test_an_answer_from_an_open_page_is_stored_on_the_session_the_guest_saw(
    client, jam, seen, guest
):
    action, hidden = rsvp_form_for(guest_page(client, guest), "Saturday 13 December 2031")
    earlier = add_earlier(jam)

    response = client.post(action, {**hidden, "answer": "no"})

    assert response.status_code == 302
    assert response["Location"] == page_url(guest, f"session-{seen.key}")
    assert list(Rsvp.objects.values_list("session_id", "answer")) == [(seen.pk, "no")]
    assert not earlier.rsvps.exists()
    page = client.get(response["Location"]).content.decode()
    assert "your answer for Session 2 is saved" in page  # its label now


def test_an_answer_with_htmx_from_a_renumbered_page_brings_the_page_up_to_date(
    client, jam, seen, guest
):
    action, hidden = rsvp_form_for(guest_page(client, guest), "Saturday 13 December 2031")
    assert hidden["seen"] == "1"
    add_earlier(jam)

    response = client.post(action, {**hidden, "answer": "maybe"}, headers=htmx_on_page(guest))

    # Only an anchor of the open page would not load it again: the page reloads instead.
    assert response["HX-Refresh"] == "true"
    assert list(Rsvp.objects.values_list("session_id", "answer")) == [(seen.pk, "maybe")]
    page = guest_page(client, guest).content.decode()
    assert "your answer for Session 2 is saved" in page


def test_an_answer_with_htmx_when_nothing_was_renumbered_swaps_its_own_part(
    client, jam, seen, guest
):
    action, hidden = rsvp_form_for(guest_page(client, guest), "Saturday 13 December 2031")
    session_create(jam=jam, starts_at=LATER_START, duration_minutes=60, timezone="Africa/Nairobi")

    response = client.post(action, {**hidden, "answer": "yes"}, headers=htmx_on_page(guest))

    assert response.content.decode().lstrip().startswith(f'<div id="session-{seen.key}-rsvp"')
    assert list(Rsvp.objects.values_list("session_id", "answer")) == [(seen.pk, "yes")]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_an_answer_for_a_removed_session_is_refused_with_the_current_plan(
    client, jam, seen, guest, htmx
):
    earlier = add_earlier(jam)
    Rsvp.objects.create(guest=guest, session=seen, answer="yes")
    action, hidden = rsvp_form_for(guest_page(client, guest), "Saturday 6 December 2031")
    session_delete(session=earlier)

    response = client.post(
        action, {**hidden, "answer": "no"}, headers=htmx_on_page(guest) if htmx else {}
    )

    where = page_url(guest, "sessions")
    if htmx:
        assert response["HX-Refresh"] == "true"
    else:
        assert response["Location"] == where
    page = client.get(where)
    assert REMOVED in messages_on(page)
    assert "Saturday 6 December 2031" not in page.content.decode()
    assert list(Rsvp.objects.values_list("session_id", "answer")) == [(seen.pk, "yes")]


def test_a_guests_links_name_the_session_by_its_key(client, jam, seen, guest):
    page = guest_page(client, guest).content.decode()

    token = guest_link_token(guest)
    for name in ("rsvp/", "invite.ics", "agenda.pdf"):
        assert f"/i/{token}/sessions/{seen.key}/{name}" in page
    assert f'id="session-{seen.key}-rsvp"' in page


def test_a_guests_calendar_link_of_a_removed_session_says_so(client, jam, seen, guest):
    earlier = add_earlier(jam)
    url = reverse(
        "guest:session_ics", kwargs={"token": guest_link_token(guest), "key": earlier.key}
    )
    session_delete(session=earlier)

    response = client.get(url, follow=True)

    assert response.redirect_chain == [(page_url(guest, "sessions"), 302)]
    assert REMOVED in messages_on(response)


# --- Calendars --------------------------------------------------------------------------------


def _events(jam) -> dict[str, dict[str, str]]:
    """Each session's event in the Jam's feed, by UID: what a calendar shows and keeps."""
    import icalendar

    sessions = list(jam.sessions.order_by("starts_at"))
    calendar = icalendar.Calendar.from_ical(jam_feed_ics(jam=jam, sessions=sessions))
    return {
        str(event["UID"]): {
            name: str(event[name]) for name in ("SUMMARY", "SEQUENCE", "DESCRIPTION", "URL")
        }
        for event in calendar.walk("VEVENT")
    }


def test_a_renumbering_changes_nothing_calendars_hold_of_the_other_sessions(jam, seen):
    before = _events(jam)

    earlier = add_earlier(jam)
    after = _events(jam)

    (uid,) = before
    assert after[uid] == before[uid]
    assert "Session" not in after[uid]["SUMMARY"]
    assert after[uid]["URL"].endswith(f"/jams/{jam.slug}/sessions/{seen.key}/")
    assert len(after) == 2 and earlier.number == 1
