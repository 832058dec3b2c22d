"""Sessions that are over: one home for “is over”, answers kept as they were, the guest's
page leading with what is next, and invitations only about what is still to come."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from planning.enums import RsvpAnswer
from planning.guests.selectors import invitation_blocker
from planning.guests.services import rsvp_set
from planning.guests.tokens import guest_link_token
from planning.models import GuestMessage, Rsvp, Session
from sessions.messages.delivery import deliver_messages
from sessions.messages.notices import invitations_send
from sessions.participant import views as participant_views
from tests.conftest import PAST_NOW
from tests.factories import RsvpFactory

pytestmark = pytest.mark.django_db

NOW = PAST_NOW


@pytest.fixture
def jam(past_jam):
    return past_jam


@pytest.fixture
def guest(past_jam_guest):
    return past_jam_guest


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


def test_feedback_for_a_past_session_the_guest_said_yes_to_is_asked_above_the_fold(
    client, guest, jam, time_machine
):
    first = session(jam, 1)
    RsvpFactory(guest=guest, session=first, answer=RsvpAnswer.YES)

    html = client.get(page_url(guest)).content.decode()

    prompt = html.index(f'href="#session-{first.key}-feedback"')
    assert prompt < html.index('<details class="guest-past"')
    assert "How was Session 1? Tell the team, anonymously" in html

    # Once the feedback is closed, nothing is asked any more.
    time_machine.move_to(first.ends_at + dt.timedelta(days=8), tick=False)
    html = client.get(page_url(guest)).content.decode()
    assert "How was Session 1?" not in html


@pytest.mark.parametrize("answer", [None, RsvpAnswer.NO, RsvpAnswer.MAYBE])
def test_no_feedback_is_asked_above_the_fold_of_a_guest_who_did_not_say_yes(
    client, guest, jam, answer
):
    if answer:
        RsvpFactory(guest=guest, session=session(jam, 1), answer=answer)

    html = client.get(page_url(guest)).content.decode()

    assert "How was Session 1?" not in html
    assert "feedback-asked" not in html


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


def all_over(jam, time_machine) -> None:
    last = max(jam.sessions.all(), key=lambda session: session.ends_at)
    time_machine.move_to(last.ends_at, tick=False)


def test_with_every_session_over_no_invitation_is_recorded(guest, jam, time_machine):
    all_over(jam, time_machine)

    assert "Every session of this Jam is over" in invitation_blocker(jam)
    assert invitations_send(jam=jam, guests=[guest]) == 0
    assert invitations_send(jam=jam, guests=[guest], resend=True) == 0

    assert not GuestMessage.objects.exists()
    guest.refresh_from_db()
    assert guest.invited_at is None


def test_with_every_session_over_the_list_says_why_and_offers_no_invitation_button(
    client, host, guest, jam, time_machine
):
    all_over(jam, time_machine)
    client.force_login(host)
    guests_url = reverse("planning:guests", kwargs={"slug": jam.slug})

    html = client.get(guests_url).content.decode()

    assert "Every session of this Jam is over, so an invitation would have nothing to ask" in html
    assert "Send the invitation to 1 guest not invited yet" not in html

    response = client.post(reverse("messages:invitations_send", kwargs={"slug": jam.slug}))

    assert response.status_code == 302
    (message,) = get_messages(response.wsgi_request)
    assert str(message).startswith("Every session of this Jam is over")
    assert not GuestMessage.objects.exists()


def test_an_invitation_queued_before_the_last_session_ended_is_dropped_unsent(
    guest, jam, mailoutbox, time_machine
):
    invitations_send(jam=jam, guests=[guest])  # recorded, not delivered: no commit here
    (invitation,) = GuestMessage.objects.all()
    all_over(jam, time_machine)

    assert deliver_messages([invitation.pk]) == 0

    assert mailoutbox == []
    assert not GuestMessage.objects.exists()
    guest.refresh_from_db()
    assert guest.invited_at is None  # the host can invite them to a new session


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
