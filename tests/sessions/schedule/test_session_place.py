"""One place per session: a Jam that meets online twice and in person once tells each guest
who said yes to a session where that session happens, and nothing more.

The Jam is on Zoom (its venue and link); sessions 1 and 2 have no place of their own, so
they are there too; session 3 is in a hall. A guest sees a session's place once they said
yes to it: on its card, in emails, in its agenda PDF and calendar file. A change of place
reaches those guests as a change notice with a higher SEQUENCE, as a new time does.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import icalendar
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from pypdf import PdfReader

from jamsessions.actions.jams import jam_update
from planning.enums import JamFormat, MessageKind, MessageStatus, RsvpAnswer
from planning.guests.tokens import guest_link_token
from planning.models import GuestMessage, Place, Session
from sessions.calendar.ics import jam_feed_ics
from sessions.messages.delivery import deliver_messages
from sessions.messages.notices import invitations_send
from sessions.schedule.services import session_update
from tests.factories import GuestFactory, JamFactory, RsvpFactory, SessionFactory
from tests.sessions.participant.test_participant_queries import PAGE_QUERIES

pytestmark = pytest.mark.django_db

ZOOM = "Zoom, with a shared Miro board"
ZOOM_LINK = "https://zoom.example.org/j/rest-and-resource"
HALL = "Community hall, 12 Uhuru Road, Nairobi"
NEW_HALL = "Kenyatta Avenue library, room 4"
FIRST = dt.datetime(2031, 3, 14, 12, 0, tzinfo=dt.UTC)  # 15:00 in Nairobi


@pytest.fixture
def jam(host):
    jam = JamFactory(
        host=host,
        name="Rest and Resource",
        format=JamFormat.HYBRID,
        venue=ZOOM,
        online_link=ZOOM_LINK,
    )
    for number in (1, 2, 3):
        SessionFactory(
            jam=jam,
            number=number,
            starts_at=FIRST + dt.timedelta(days=7 * (number - 1)),
            venue=HALL if number == 3 else "",
        )
    return jam


def session(jam, number: int) -> Session:
    return jam.sessions.get(number=number)


def guest_with(jam, answers: str, **kwargs):
    """A guest with answers for sessions 1–3: y yes, m maybe, n no, - none."""
    guest = GuestFactory(jam=jam, **kwargs)
    codes = {"y": RsvpAnswer.YES, "m": RsvpAnswer.MAYBE, "n": RsvpAnswer.NO}
    for number, code in enumerate(answers, 1):
        if code in codes:
            RsvpFactory(guest=guest, session=session(jam, number), answer=codes[code])
    return guest


@pytest.fixture
def only_3(jam):
    """Said yes to session 3 only (in the hall), maybe to 1, nothing to 2."""
    return guest_with(jam, "m-y", name="Jomo Kariuki", email="jomo@example.test")


def page_url(guest) -> str:
    return reverse("guest:page", kwargs={"token": guest_link_token(guest)})


def guest_url(name: str, guest, key: str) -> str:
    return reverse(f"guest:{name}", kwargs={"token": guest_link_token(guest), "key": key})


def card(page: str, key: str) -> str:
    match = re.search(rf'<article id="session-{key}".*?</article>', page, re.S)
    assert match, key
    return match.group(0)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def event_of(ics: bytes):
    return icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]


def html_of(email) -> str:
    (html,) = [content for content, mimetype in email.alternatives if mimetype == "text/html"]
    return html


def attachment(email, name_end: str) -> bytes:
    (found,) = [a.content for a in email.attachments if a.filename.endswith(name_end)]
    return found


# --- Where a session happens -------------------------------------------------------------


def test_a_session_without_a_place_of_its_own_is_where_the_jam_is(jam):
    assert session(jam, 1).place == Place(venue=ZOOM, online_link=ZOOM_LINK)
    assert not session(jam, 1).has_own_place
    assert session(jam, 1).place.line == f"{ZOOM} — {ZOOM_LINK}"


def test_a_sessions_own_place_is_taken_whole_never_with_the_jams_link(jam):
    assert session(jam, 3).place == Place(venue=HALL, online_link="")
    link_only = SessionFactory(jam=jam, number=4, online_link="https://meet.example.org/four")
    assert link_only.place == Place(venue="", online_link="https://meet.example.org/four")


def test_no_place_anywhere_is_no_place(host):
    jam = JamFactory(host=host, venue="", online_link="")
    assert not SessionFactory(jam=jam).place


def test_the_database_and_the_model_agree_on_which_sessions_are_at_the_jams_place(jam):
    at_jam_place = set(Session.objects.filter(jam=jam).at_jam_place())
    assert at_jam_place == {s for s in jam.sessions.all() if not s.has_own_place}
    assert at_jam_place == {session(jam, 1), session(jam, 2)}


def test_a_sessions_place_is_kept_on_one_line(jam):
    third = session(jam, 3)
    third.venue = "Community hall\r\n12 Uhuru Road"
    third.save()

    third.refresh_from_db()
    assert third.venue == "Community hall 12 Uhuru Road"


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_session_at_its_jams_place():
    jam = JamFactory(venue=ZOOM, online_link=ZOOM_LINK)
    sessions = [SessionFactory(jam=jam, number=n) for n in (1, 2)]
    fields = ("id", "number", "key", "uid", "starts_at", "sequence", "public_code")
    rows_before = {row["id"]: row for row in Session.objects.values(*fields)}
    executor = MigrationExecutor(connection)
    executor.migrate([("gatherings", "0006_session_key")])
    try:
        executor.loader.build_graph()
        executor.migrate([("gatherings", "0007_session_place")])
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

    assert {row["id"]: row for row in Session.objects.values(*fields)} == rows_before
    for existing in Session.objects.filter(pk__in=[s.pk for s in sessions]):
        assert (existing.venue, existing.online_link) == ("", "")
        assert existing.place == Place(venue=ZOOM, online_link=ZOOM_LINK)


# --- The host sets it ---------------------------------------------------------------------


def edit_url(jam, number: int) -> str:
    return f"/jams/{jam.slug}/sessions/{session(jam, number).key}/edit/"


def form_data(existing: Session, **place) -> dict:
    local = existing.local_start
    return {
        "date": local.date().isoformat(),
        "start_time": local.strftime("%H:%M"),
        "duration_minutes": str(existing.duration_minutes),
        "timezone": existing.timezone,
        "venue": existing.venue,
        "online_link": existing.online_link,
        **place,
    }


def test_the_session_form_asks_where_and_says_empty_is_the_jams_place(host_client, jam):
    page = host_client.get(edit_url(jam, 3)).text

    assert f'name="venue" value="{HALL}"' in page
    assert 'name="online_link"' in page
    assert "Leave this and the link empty to use the Jam’s place." in page
    assert "Leave this and the place empty to use the Jam’s place and link." in page
    assert f"The Jam’s place: {ZOOM} — {ZOOM_LINK}" in page
    assert "<h1>Change Session 3</h1>" in page


def test_the_session_form_saves_a_place_of_its_own(host_client, jam):
    first = session(jam, 1)

    response = host_client.post(
        edit_url(jam, 1),
        form_data(first, venue="  The library, first floor ", online_link="meet.example.org/one"),
        follow=True,
    )

    assert "The session’s time and place are saved." in response.text
    first.refresh_from_db()
    # Typed without a scheme: taken as https://, as for the Jam's own link.
    assert (first.venue, first.online_link) == (
        "The library, first floor",
        "https://meet.example.org/one",
    )
    assert first.sequence == 1


def test_emptying_both_fields_brings_the_session_back_to_the_jams_place(host_client, jam):
    host_client.post(edit_url(jam, 3), form_data(session(jam, 3), venue=""))

    third = session(jam, 3)
    assert not third.has_own_place
    assert third.place == Place(venue=ZOOM, online_link=ZOOM_LINK)


@pytest.mark.parametrize(
    ("place", "message"),
    [
        pytest.param(
            {"online_link": "not a link at all"},
            "This is not a link we can use. Give the whole address, "
            "like https://meet.example.org/our-jam.",
            id="bad-link",
        ),
        pytest.param(
            {"online_link": "https://meet.example.org/" + "a" * 500},
            "Keep the link to 500 characters or fewer.",
            id="long-link",
        ),
        pytest.param(
            {"venue": "x" * 301}, "Keep the place to 300 characters or fewer.", id="long-place"
        ),
    ],
)
def test_a_bad_place_is_explained_and_nothing_changes(host_client, jam, place, message):
    third = session(jam, 3)

    response = host_client.post(edit_url(jam, 3), form_data(third, **place))

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert message in response.text
    after = session(jam, 3)
    assert (after.venue, after.online_link, after.sequence) == (HALL, "", 0)


def test_a_session_added_with_a_place_of_its_own(host_client, jam):
    response = host_client.post(
        f"/jams/{jam.slug}/sessions/new/",
        {
            "date": "2031-04-04",
            "start_time": "15:00",
            "duration_minutes": "120",
            "timezone": "Africa/Nairobi",
            "venue": "Uhuru Park, by the fountain",
            "online_link": "",
        },
    )

    assert response.status_code == 302
    added = jam.sessions.get(number=4)
    assert added.place == Place(venue="Uhuru Park, by the fountain", online_link="")


def test_the_new_jam_page_asks_the_jams_place_only_once(host_client):
    page = host_client.get("/jams/new/").text

    assert page.count('name="venue"') == 1
    assert page.count('name="online_link"') == 1
    assert 'name="session-venue"' not in page


def test_the_team_sees_each_sessions_place_on_its_page(host_client, jam):
    third = host_client.get(f"/jams/{jam.slug}/sessions/{session(jam, 3).key}/").text
    first = host_client.get(f"/jams/{jam.slug}/sessions/{session(jam, 1).key}/").text

    assert HALL in third and ZOOM_LINK not in third
    assert ZOOM in first and ZOOM_LINK in first
    assert "The Jam’s place: this session has none of its own." in first
    assert "Change the time or place" in first


# --- The guest's page ----------------------------------------------------------------------


def test_a_guest_who_said_yes_to_session_3_sees_its_place_on_its_card_only(client, jam, only_3):
    page = client.get(page_url(only_3)).content.decode()

    assert HALL in card(page, session(jam, 3).key)
    assert page.count(HALL) == 1
    assert ZOOM_LINK not in page
    assert ZOOM not in page
    for number in (1, 2):
        assert "You will see where this session happens here once you say yes to it." in card(
            page, session(jam, number).key
        )
    where = re.search(r'<section id="where".*?</section>', page, re.S).group(0)
    assert f'href="#session-{session(jam, 3).key}-where">Session 3</a>' in where
    assert f"#session-{session(jam, 1).key}-where" not in where


def test_a_guest_who_said_yes_to_session_1_sees_the_jams_link_there_and_not_the_hall(client, jam):
    guest = guest_with(jam, "ym-")

    page = client.get(page_url(guest)).content.decode()

    first = card(page, session(jam, 1).key)
    assert ZOOM in first and f'href="{ZOOM_LINK}"' in first
    assert page.count(ZOOM_LINK) == 2  # the link's address and its text, on card 1 only
    assert ZOOM_LINK not in card(page, session(jam, 2).key)
    assert HALL not in page


def test_a_guest_who_has_not_said_yes_sees_no_place_at_all(client, jam):
    guest = guest_with(jam, "mmn")

    page = client.get(page_url(guest)).content.decode()

    assert HALL not in page and ZOOM not in page and ZOOM_LINK not in page
    assert "on its card once you say yes to it" in page


def test_a_yes_with_htmx_brings_that_sessions_place_onto_its_card(client, jam, only_3):
    second = session(jam, 2)

    response = client.post(
        guest_url("rsvp", only_3, second.key),
        {"answer": "yes", "seen": "2"},
        headers={"HX-Request": "true"},
    )

    page = response.content.decode()
    assert f'<div id="session-{second.key}-where" class="guest-where" hx-swap-oob="true">' in page
    where = page.split(f'id="session-{second.key}-where"', 1)[1]
    assert ZOOM in where and ZOOM_LINK in where
    assert HALL not in where.split("</div>", 1)[0]


def test_the_agenda_pdf_carries_the_place_of_its_session_for_a_yes_only(client, jam, only_3):
    third = pdf_text(client.get(guest_url("agenda_pdf", only_3, session(jam, 3).key)).content)
    first = pdf_text(client.get(guest_url("agenda_pdf", only_3, session(jam, 1).key)).content)

    assert "Uhuru Road" in third
    assert "zoom.example.org" not in first and "Miro" not in first
    assert "once you say yes" in first


def test_the_calendar_file_carries_the_place_of_its_session_for_a_yes_only(client, jam, only_3):
    third = event_of(client.get(guest_url("session_ics", only_3, session(jam, 3).key)).content)
    first = event_of(client.get(guest_url("session_ics", only_3, session(jam, 1).key)).content)

    assert str(third["LOCATION"]) == HALL
    assert f"Where: {HALL}" in str(third["DESCRIPTION"])
    assert "zoom.example.org" not in str(third["DESCRIPTION"])
    assert "LOCATION" not in first
    assert "zoom.example.org" not in str(first["DESCRIPTION"])
    assert "Miro" not in str(first["DESCRIPTION"])


def test_the_teams_feed_has_each_sessions_own_place(jam):
    sessions = list(jam.sessions.order_by("number"))
    calendar = icalendar.Calendar.from_ical(jam_feed_ics(jam=jam, sessions=sessions, rules=[]))

    locations = [str(event["LOCATION"]) for event in calendar.walk("VEVENT")]
    assert locations == [f"{ZOOM} — {ZOOM_LINK}", f"{ZOOM} — {ZOOM_LINK}", HALL]
    third = calendar.walk("VEVENT")[2]
    assert f"Where: {HALL}" in str(third["DESCRIPTION"])
    first = calendar.walk("VEVENT")[0]
    assert f"Link to join: {ZOOM_LINK}" in str(first["DESCRIPTION"])


@pytest.mark.parametrize(("sessions", "guests"), [(1, 1), (3, 1), (10, 30)])
def test_the_guest_page_reads_as_many_queries_as_before(
    client, django_assert_num_queries, host, sessions, guests
):
    jam = JamFactory(host=host, format=JamFormat.HYBRID, venue=ZOOM, online_link=ZOOM_LINK)
    made = [
        SessionFactory(
            jam=jam,
            number=number,
            starts_at=FIRST + dt.timedelta(days=7 * number),
            venue=HALL if number % 2 else "",
            online_link="https://meet.example.org/odd" if number % 3 == 0 else "",
        )
        for number in range(1, sessions + 1)
    ]
    everyone = [GuestFactory(jam=jam) for _ in range(guests)]
    for index, guest in enumerate(everyone):
        for number, each in enumerate(made, 1):
            if (index + number) % 2:
                RsvpFactory(guest=guest, session=each, answer=RsvpAnswer.YES)
    guest = everyone[0]

    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(page_url(guest))

    assert response.status_code == 200
    assert response.content.decode().count('class="guest-where"') == sessions


# --- Emails ---------------------------------------------------------------------------------


def test_an_invitation_gives_each_session_its_place_only_where_the_guest_said_yes(
    jam, only_3, send_now, mailoutbox
):
    send_now(invitations_send, jam=jam, guests=[only_3])

    (email,) = mailoutbox
    html = html_of(email)
    for part in (email.body, html):
        assert HALL in part
        assert ZOOM_LINK not in part and ZOOM not in part
        # Sessions 1 and 2 are not theirs to see yet: said once, for the email.
        assert part.count("with everyone who says yes") == 1
    assert "== Session 3:" in email.body
    assert email.body.index(HALL) > email.body.index("== Session 3:")
    assert email.body.index("== Session 2:") < email.body.index("== Session 3:")

    pdf_3 = pdf_text(attachment(email, "session-3-agenda.pdf"))
    pdf_1 = pdf_text(attachment(email, "session-1-agenda.pdf"))
    assert "Uhuru Road" in pdf_3
    assert "zoom.example.org" not in pdf_1 and "Miro" not in pdf_1
    assert str(event_of(attachment(email, "session-3.ics"))["LOCATION"]) == HALL
    for number in (1, 2):
        assert "LOCATION" not in event_of(attachment(email, f"session-{number}.ics"))


def test_an_invitation_to_a_guest_who_said_yes_to_all_carries_each_place(jam, send_now, mailoutbox):
    guest = guest_with(jam, "yyy")

    send_now(invitations_send, jam=jam, guests=[guest])

    (email,) = mailoutbox
    body = email.body
    first, third = body.index("== Session 1:"), body.index("== Session 3:")
    assert f"Where: {ZOOM}\nLink to join: {ZOOM_LINK}" in body[first:third]
    assert f"Where: {HALL}" in body[third:]
    assert ZOOM_LINK not in body[third:].split("Your personal page")[0]
    assert "with everyone who says yes" not in body
    assert f'<a href="{ZOOM_LINK}">{ZOOM_LINK}</a>' in html_of(email)
    locations = [
        str(event_of(attachment(email, f"session-{n}.ics"))["LOCATION"]) for n in (1, 2, 3)
    ]
    assert locations == [f"{ZOOM} — {ZOOM_LINK}", f"{ZOOM} — {ZOOM_LINK}", HALL]


def test_a_reminder_carries_the_place_of_its_session(jam, only_3, mailoutbox):
    third = session(jam, 3)
    message = GuestMessage.objects.create(
        jam=jam, guest=only_3, kind=MessageKind.REMINDER_DAY, key="reminder:test", session=third
    )

    assert deliver_messages([message.pk]) == 1

    (email,) = mailoutbox
    assert f"Where: {HALL}" in email.body
    assert ZOOM_LINK not in email.body
    assert "with everyone who says yes" not in email.body
    assert "Uhuru Road" in pdf_text(attachment(email, "session-3-agenda.pdf"))


# --- A change of place ----------------------------------------------------------------------


def move(target: Session, **fields) -> Session:
    return session_update(
        session=target,
        starts_at=fields.pop("starts_at", target.starts_at),
        duration_minutes=target.duration_minutes,
        timezone=target.timezone,
        **fields,
    )


@pytest.fixture
def crowd(jam, only_3):
    """Everyone who could hear of session 3, one way or another."""
    return {
        "only_3": only_3,
        "all": guest_with(jam, "yyy", name="All Three", invited_at=FIRST),
        "maybe": guest_with(jam, "yym", name="Maybe Three", invited_at=FIRST),
        "no": guest_with(jam, "yyn", name="No Three", invited_at=FIRST),
        "silent": guest_with(jam, "---", name="Silent", invited_at=FIRST),
        "only_1": guest_with(jam, "y--", name="Only One", invited_at=FIRST),
    }


def notified(**filters) -> list[str]:
    return sorted(
        GuestMessage.objects.filter(kind=MessageKind.UPDATE, **filters).values_list(
            "guest__name", flat=True
        )
    )


def test_a_new_place_tells_who_said_yes_to_that_session_and_raises_its_sequence(
    jam, crowd, send_now, mailoutbox
):
    crowd["only_3"].invited_at = FIRST
    crowd["only_3"].save()
    third = session(jam, 3)

    send_now(move, target=third, venue=NEW_HALL)

    third.refresh_from_db()
    assert third.sequence == 1
    assert [s.sequence for s in jam.sessions.order_by("number")] == [0, 0, 1]
    assert notified() == ["All Three", "Jomo Kariuki"]
    assert GuestMessage.objects.filter(kind=MessageKind.UPDATE).first().payload == {
        "changes": ["place"]
    }
    assert len(mailoutbox) == 2
    for email in mailoutbox:
        assert email.subject == "New place: Rest and Resource, Session 3"
        assert "The new place is below." in email.body
        assert "If the new place does not suit you" in email.body
        assert f"Where: {NEW_HALL}" in email.body
        assert HALL not in email.body
        event = event_of(attachment(email, "session-3.ics"))
        assert event["SEQUENCE"] == 1
        assert str(event["UID"]) == f"{third.uid}@jamsessions"
        assert str(event["LOCATION"]) == NEW_HALL
        assert "library" in pdf_text(attachment(email, "session-3-agenda.pdf"))


def test_a_new_time_and_place_tells_everyone_who_may_come_and_the_place_to_who_said_yes(
    jam, crowd, send_now, mailoutbox
):
    third = session(jam, 3)

    send_now(move, target=third, starts_at=third.starts_at + dt.timedelta(hours=2), venue=NEW_HALL)

    assert notified() == ["All Three", "Maybe Three", "Only One", "Silent"]
    by_guest = {email.to[0]: email for email in mailoutbox}
    said_yes = by_guest[crowd["all"].email]
    assert said_yes.subject == "New time and place: Rest and Resource, Session 3"
    assert "The new time and place are below." in said_yes.body
    assert f"Where: {NEW_HALL}" in said_yes.body
    maybe = by_guest[crowd["maybe"].email]
    assert maybe.subject == "New time: Rest and Resource, Session 3"
    assert "The new time is below." in maybe.body
    assert NEW_HALL not in maybe.body and HALL not in maybe.body
    assert "LOCATION" not in event_of(attachment(maybe, "session-3.ics"))


def test_writing_out_the_jams_place_as_the_sessions_own_is_no_news(jam, crowd):
    first = session(jam, 1)

    move(first, venue=ZOOM, online_link=ZOOM_LINK)

    first.refresh_from_db()
    assert first.has_own_place
    assert first.sequence == 0
    assert not GuestMessage.objects.exists()


def test_saving_a_session_without_giving_a_place_keeps_its_own(jam, crowd):
    third = session(jam, 3)

    move(third, starts_at=third.starts_at)

    third.refresh_from_db()
    assert third.venue == HALL
    assert not GuestMessage.objects.exists()


def test_a_new_jam_place_reaches_only_the_sessions_at_the_jams_place(jam, crowd):
    jam_update(jam=jam, details={"online_link": "https://zoom.example.org/j/new-room"})

    assert [s.sequence for s in jam.sessions.order_by("number")] == [1, 1, 0]
    assert notified(session=session(jam, 3)) == []
    assert notified(session=session(jam, 1)) == ["All Three", "Maybe Three", "No Three", "Only One"]


def test_a_new_jam_name_still_changes_every_calendar(jam, crowd):
    jam_update(jam=jam, details={"name": "Rest, Resource and Joy", "venue": "Jitsi"})

    assert [s.sequence for s in jam.sessions.order_by("number")] == [1, 1, 1]
    assert notified(session=session(jam, 3)) == []


def test_a_new_place_before_the_time_notice_went_out_says_both(jam, crowd):
    third = session(jam, 3)
    move(third, starts_at=third.starts_at + dt.timedelta(hours=1))
    GuestMessage.objects.update(status=MessageStatus.QUEUED)  # not sent yet

    move(session(jam, 3), venue=NEW_HALL)

    notices = GuestMessage.objects.filter(kind=MessageKind.UPDATE)
    # Who said yes: one notice about both; the others keep theirs about the time.
    assert {n.guest.name: (n.key.rsplit(":", 1)[-1], n.payload) for n in notices} == {
        "All Three": ("2", {"changes": ["place", "time"]}),
        "Maybe Three": ("1", {"changes": ["time"]}),
        "Only One": ("1", {"changes": ["time"]}),
        "Silent": ("1", {"changes": ["time"]}),
    }


def test_a_place_notice_for_a_guest_who_no_longer_said_yes_is_not_sent(jam, crowd, mailoutbox):
    move(session(jam, 3), venue=NEW_HALL)
    notice = GuestMessage.objects.get(kind=MessageKind.UPDATE, guest=crowd["all"])
    crowd["all"].rsvps.filter(session=session(jam, 3)).update(answer=RsvpAnswer.MAYBE)

    assert deliver_messages([notice.pk]) == 0

    assert not GuestMessage.objects.filter(pk=notice.pk).exists()
    assert mailoutbox == []


def test_the_session_form_changing_the_place_notifies_who_said_yes(host_client, jam, crowd):
    host_client.post(edit_url(jam, 3), form_data(session(jam, 3), venue=NEW_HALL))

    assert session(jam, 3).sequence == 1
    assert notified() == ["All Three"]
