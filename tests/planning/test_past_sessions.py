"""Sessions that are over: one home for “is over”, answers kept as they were, the guest's
page leading with what is next, and invitations only about what is still to come."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from planning import participant_views
from planning.enums import RsvpAnswer
from planning.guest_messages import invitations_send
from planning.guests import guest_link_token, rsvp_set
from planning.models import Rsvp
from sessions.models import Session
from tests.factories import GuestFactory, JamFactory, RsvpFactory, SessionFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2031, 3, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def jam(host, time_machine):
    """Session 1 ended four days ago; sessions 2 and 3 are still to come."""
    time_machine.move_to(NOW, tick=False)
    jam = JamFactory(host=host, name="Healing Jam Nairobi")
    for number, starts_at in (
        (1, NOW - dt.timedelta(days=4, hours=2)),
        (2, NOW + dt.timedelta(days=3)),
        (3, NOW + dt.timedelta(days=10)),
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
def guest(jam):
    return GuestFactory(jam=jam, name="Wanjiru Kamau", email="wanjiru@example.test")


def session(jam, number: int) -> Session:
    return jam.sessions.get(number=number)


def rsvp_url(guest, key: str) -> str:
    return reverse("guest:rsvp", kwargs={"token": guest_link_token(guest), "key": key})


def page_url(guest) -> str:
    return reverse("guest:page", kwargs={"token": guest_link_token(guest)})


# --- One home for “is over” ---------------------------------------------------------------


def test_a_session_ending_exactly_now_is_over(jam, time_machine):
    second = session(jam, 2)

    time_machine.move_to(second.ends_at - dt.timedelta(seconds=1), tick=False)
    assert not second.is_over
    assert second not in Session.objects.over()
    assert second in Session.objects.coming()

    time_machine.move_to(second.ends_at, tick=False)
    assert second.is_over
    assert second in Session.objects.over()
    assert second not in Session.objects.coming()


def test_the_queryset_and_the_property_agree(jam):
    assert [s.number for s in jam.sessions.over()] == [1]
    assert sorted(s.number for s in jam.sessions.coming()) == [2, 3]
    assert [s.is_over for s in jam.sessions.order_by("number")] == [True, False, False]


# --- Answers for past sessions cannot change ------------------------------------------------


def test_the_service_refuses_an_answer_for_an_ended_session(guest, jam):
    with pytest.raises(ValidationError) as error:
        rsvp_set(guest=guest, session=session(jam, 1), answer=RsvpAnswer.YES)
    assert error.value.code == "session_over"
    assert not Rsvp.objects.exists()


def test_an_answer_for_an_ended_session_is_refused_and_nothing_stored(client, guest, jam):
    first = session(jam, 1)
    RsvpFactory(guest=guest, session=first, answer=RsvpAnswer.NO)

    response = client.post(rsvp_url(guest, first.key), {"answer": "yes", "seen": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"{page_url(guest)}#past-sessions"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Session 1 has ended: answers for it can no longer be changed."
    ]
    assert list(Rsvp.objects.values_list("session__number", "answer")) == [(1, "no")]
    page = client.get(response["Location"]).content.decode()
    assert "Session 1 has ended: answers for it can no longer be changed." in page


def test_an_answer_for_an_ended_session_with_htmx_is_refused_and_nothing_stored(client, guest, jam):
    first = session(jam, 1)

    response = client.post(
        rsvp_url(guest, first.key),
        {"answer": "yes", "seen": "1"},
        headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{page_url(guest)}"},
    )

    assert response.status_code == 200
    assert response.headers.get("HX-Refresh") == "true"
    assert not Rsvp.objects.exists()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Session 1 has ended: answers for it can no longer be changed."
    ]


def test_an_answer_for_a_coming_session_is_still_saved(client, guest, jam):
    second = session(jam, 2)

    response = client.post(rsvp_url(guest, second.key), {"answer": "yes", "seen": "2"})

    assert response.status_code == 302
    assert list(Rsvp.objects.values_list("session__number", "answer")) == [(2, "yes")]


# --- The page leads with what is next -------------------------------------------------------


def test_the_page_shows_the_coming_sessions_first_and_the_past_one_folded_after(client, guest, jam):
    first, second, third = (session(jam, n) for n in (1, 2, 3))
    RsvpFactory(guest=guest, session=first, answer=RsvpAnswer.YES)

    html = client.get(page_url(guest)).content.decode()

    positions = [html.index(f'id="session-{s.key}"') for s in (second, third, first)]
    assert positions == sorted(positions)
    details = html.index('<details class="guest-past"')
    assert positions[1] < details < positions[2]
    assert "Past sessions (1)" in html
    past = html[details:]
    assert "Your answer: yes." in past
    # No answer form for the past session, but one for each coming session.
    assert rsvp_url(guest, first.key) not in html
    assert rsvp_url(guest, second.key) in html
    assert rsvp_url(guest, third.key) in html
    # Its closing feedback is still open four days after it ended.
    assert f'id="session-{first.key}-feedback"' in past
    # Not offered for a calendar any more.
    assert (
        reverse("guest:session_ics", kwargs={"token": guest_link_token(guest), "key": first.key})
        not in html
    )


def test_a_page_with_no_past_session_has_no_past_part(client, guest, jam, time_machine):
    time_machine.move_to(session(jam, 1).starts_at - dt.timedelta(days=1), tick=False)

    html = client.get(page_url(guest)).content.decode()

    assert "guest-past" not in html
    assert "Past sessions" not in html


# --- Invitations only about what is still to come -------------------------------------------


def test_an_invitation_after_session_1_ended_leaves_it_out(
    guest, jam, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(jam=jam, guests=[guest])

    (message,) = mailoutbox
    names = [attachment.filename for attachment in message.attachments]
    slug = jam.slug
    assert f"{slug}-session-1.ics" not in names
    assert f"{slug}-session-1-agenda.pdf" not in names
    assert sorted(names) == sorted(
        [
            f"{slug}-session-2.ics",
            f"{slug}-session-2-agenda.pdf",
            f"{slug}-session-3.ics",
            f"{slug}-session-3-agenda.pdf",
        ]
    )
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    for part in (message.body, html):
        assert not re.search(r"Session 1\b", part)
        assert "Session 2" in part
        assert "each of the 2 sessions" in part


@pytest.mark.parametrize("htmx", [False, True])
def test_a_session_ending_while_the_answer_is_saved_is_refused_without_an_error_page(
    client, guest, jam, time_machine, monkeypatch, htmx
):
    """The session ends between the view's check and the save: the service refuses it."""
    second = session(jam, 2)

    def ends_first(**kwargs):
        time_machine.move_to(second.ends_at, tick=False)
        return rsvp_set(**kwargs)

    monkeypatch.setattr(participant_views, "rsvp_set", ends_first)
    headers = {"HX-Request": "true"} if htmx else {}

    response = client.post(
        rsvp_url(guest, second.key), {"answer": "yes", "seen": "2"}, headers=headers
    )

    assert response.status_code == 200
    assert "Session 2 has ended: answers for it can no longer be changed." in (
        response.content.decode()
    )
    assert not Rsvp.objects.exists()
