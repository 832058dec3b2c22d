"""Emails show what people typed, as they typed it: subjects and text parts are not HTML.

A subject and a text/plain part are rendered without HTML escaping (“Jam d'été”,
never “Jam d&#x27;été”); the HTML part escapes the same text.
"""

import datetime as dt
import html
import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from planning.enums import MessageKind, TeamRole
from planning.models import TeamMember
from planning.team.services import invitation_create
from sessions.messages.notices import (
    announcement_send,
    invitations_send,
    session_cancelled_notify,
    session_changed_notify,
)
from sessions.messages.reminders import send_reminders
from tests.factories import AgendaItemFactory, GuestFactory, HouseRuleFactory, RsvpFactory

pytestmark = pytest.mark.django_db

JAM_NAME = 'Jam d\'été <Sahel> & "friends"'
LOCAL_NAME = "L'été & <nous>"
HOST_NAME = "Tom & Jerry's <crew>"
GUEST_NAME = 'Ama "Kofi" O\'Neil & <co>'
ITEM_TITLE = 'Tea & "chai" <break>'
ITEM_CONTENT = "Bring a cup & a <smile>, it's fine"
RULE = "Don't interrupt & <listen>"
VENUE = 'Hall "B" & <garden>, O\'Connell Street'
SUBJECT = "Don't forget: snacks & drinks"
BODY = 'Bring "something" to share & <smile>.'
OBJECTIVES = 'Rest & play, "together" <always>.'

TYPED = [JAM_NAME, LOCAL_NAME, HOST_NAME, GUEST_NAME, ITEM_TITLE, ITEM_CONTENT, RULE, VENUE]
# What HTML escaping writes for ' & " < >: none of it belongs in a subject or a text part.
ENTITIES = re.compile(r"&(?:#x?[0-9a-fA-F]+|amp|lt|gt|quot|apos);")


@pytest.fixture
def session(jam):
    jam.name, jam.local_name, jam.venue, jam.objectives = JAM_NAME, LOCAL_NAME, VENUE, OBJECTIVES
    jam.save()
    jam.host.name = HOST_NAME
    jam.host.save()
    session = jam.sessions.get()
    AgendaItemFactory(session=session, title=ITEM_TITLE, content=ITEM_CONTENT, duration_minutes=30)
    HouseRuleFactory(jam=jam, text=RULE)
    return session


@pytest.fixture
def guest(session):
    return GuestFactory(jam=session.jam, name=GUEST_NAME, email="ama@example.test")


def html_of(message) -> str:
    (content,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return content


def assert_as_written(message, *texts):
    """Subject and text part hold no HTML entity; the texts are in the text part as typed and
    in the HTML part escaped, never raw."""
    assert not ENTITIES.search(message.subject), message.subject
    assert not ENTITIES.search(message.body), message.body
    part = html_of(message)
    for text in texts:
        assert text in message.body, text
        assert html.escape(text) in part, text
        assert text not in part, text


def test_the_invitation_shows_every_name_as_typed(session, guest, send_now, mailoutbox):
    send_now(invitations_send, jam=session.jam, guests=[guest])

    (message,) = mailoutbox
    assert message.subject == f"You are invited: {JAM_NAME}"
    assert f"Hello {GUEST_NAME}," in message.body
    assert f"{HOST_NAME} invites you to “{JAM_NAME}”" in message.body
    assert f"1. {RULE}" in message.body
    assert OBJECTIVES in message.body
    assert_as_written(message, JAM_NAME, LOCAL_NAME, HOST_NAME, GUEST_NAME, ITEM_TITLE, RULE)
    assert html.escape(ITEM_CONTENT) in html_of(message)
    assert ITEM_CONTENT in message.body


def test_the_invitation_in_french_keeps_the_apostrophe(session, guest, send_now, mailoutbox):
    session.jam.language = "fr"
    session.jam.save()

    send_now(invitations_send, jam=session.jam, guests=[guest])

    (message,) = mailoutbox
    with translation.override("fr"):
        assert message.subject == _("You are invited: %(name)s") % {"name": JAM_NAME}
    assert "Jam d'été" in message.subject
    assert_as_written(message, JAM_NAME, GUEST_NAME)


def test_the_hosts_message_has_its_subject_and_words_as_typed(session, guest, send_now, mailoutbox):
    RsvpFactory(guest=guest, session=session, answer="yes")

    send_now(announcement_send, jam=session.jam, subject=SUBJECT, body=BODY, sent_by=None)

    (message,) = mailoutbox
    assert message.subject == f"{JAM_NAME}: {SUBJECT}"
    assert BODY in message.body
    assert_as_written(message, JAM_NAME, HOST_NAME, GUEST_NAME)
    assert html.escape(BODY) in html_of(message)


def test_a_reminder_shows_the_place_as_typed(session, guest, send_now, mailoutbox, time_machine):
    send_now(invitations_send, jam=session.jam, guests=[guest])
    RsvpFactory(guest=guest, session=session, answer="yes")
    time_machine.move_to(session.starts_at - dt.timedelta(hours=20), tick=False)

    send_now(
        send_reminders,
        session_id=session.pk,
        kind=MessageKind.REMINDER_DAY,
        starts_at=session.starts_at.astimezone(dt.UTC).isoformat(),
    )

    _invitation, message = mailoutbox
    assert message.subject == f"Tomorrow: {JAM_NAME}, Session 1. The agenda"
    assert f"Where: {VENUE}" in message.body
    assert_as_written(message, JAM_NAME, GUEST_NAME, ITEM_TITLE, RULE, VENUE)


def test_change_and_cancellation_notices_have_the_name_as_typed(
    session, guest, send_now, mailoutbox, django_capture_on_commit_callbacks
):
    send_now(invitations_send, jam=session.jam, guests=[guest])
    session.starts_at += dt.timedelta(hours=2)
    session.sequence += 1
    session.save()
    send_now(session_changed_notify, session=session)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancelled_notify(session=session)
        session.delete()

    _invitation, change, cancellation = mailoutbox
    assert change.subject == f"New time: {JAM_NAME}, Session 1"
    assert cancellation.subject == f"Cancelled: {JAM_NAME}, Session 1"
    assert_as_written(change, JAM_NAME, GUEST_NAME)
    assert_as_written(cancellation, JAM_NAME, GUEST_NAME)


def test_the_team_invitation_has_the_names_as_typed(
    session, mailoutbox, django_capture_on_commit_callbacks
):
    jam = session.jam
    TeamMember.objects.get_or_create(jam=jam, user=jam.host, defaults={"role": TeamRole.HOST})
    role = 'Snacks & "vibes" <lead>'

    with django_capture_on_commit_callbacks(execute=True):
        invitation_create(
            jam=jam,
            invited_by=jam.host,
            email="ana@example.org",
            role=TeamRole.OTHER,
            custom_role=role,
            absolute_uri=lambda path: f"https://jams.example.org{path}",
        )

    (message,) = mailoutbox
    assert message.subject == f"Join the team organising “{JAM_NAME}”"
    assert f"{HOST_NAME} (host@example.test) invites you" in message.body
    assert_as_written(message, JAM_NAME, HOST_NAME, role)


def test_the_sign_in_link_greets_the_person_by_their_name_as_typed(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    host.name = HOST_NAME
    host.save()

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/link/", {"email": host.email})

    (message,) = mailoutbox
    assert f"Hello {HOST_NAME}," in message.body
    assert f"{settings.SITE_URL}/accounts/login/link/" in message.body
    assert_as_written(message, HOST_NAME)
