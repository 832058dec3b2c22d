"""What a batch of emails shares (the agenda part, the agenda PDF) never leaks between emails.

The worker renders the agenda once per session and language, and keeps each agenda
PDF for as long as what it shows is the same: every email must still show its own
Jam's agenda, in its own language, as it is when the email goes out.
"""

import io

import pytest
from pypdf import PdfReader

from planning.models import GuestMessage
from sessions.messages.delivery import deliver_messages
from sessions.messages.notices import invitations_send
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    JamFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def html_of(message) -> str:
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def agenda_pdf(message) -> str:
    (pdf,) = [item for item in message.attachments if item.mimetype == "application/pdf"]
    return pdf_text(pdf.content)


def jam_with_agenda(language: str, title: str):
    jam = JamFactory(host=UserFactory(), language=language)
    session = SessionFactory(jam=jam, number=1)
    item = AgendaItemFactory(session=session, title=title, duration_minutes=30)
    return jam, item


def record(jam, guests, django_capture_on_commit_callbacks):
    """Record the invitations without delivering them (their tasks are not run)."""
    with django_capture_on_commit_callbacks(execute=False):
        invitations_send(jam=jam, guests=guests)


def test_one_batch_with_jams_in_two_languages_gives_each_email_its_own_agenda(
    mailoutbox, django_capture_on_commit_callbacks
):
    english, _item = jam_with_agenda("en", "Arrival circle")
    spanish, _item = jam_with_agenda("es", "Círculo de llegada")
    record(
        english,
        [GuestFactory(jam=english, email="ana@example.test")],
        django_capture_on_commit_callbacks,
    )
    record(
        spanish,
        [GuestFactory(jam=spanish, email="bea@example.test")],
        django_capture_on_commit_callbacks,
    )

    deliver_messages(GuestMessage.objects.order_by("pk").values_list("pk", flat=True))

    emails = {message.to[0]: message for message in mailoutbox}
    assert "What happens" in html_of(emails["ana@example.test"])
    assert "Arrival circle" in emails["ana@example.test"].body
    assert "Círculo de llegada" not in emails["ana@example.test"].body
    assert "Qué ocurre" in html_of(emails["bea@example.test"])
    assert "Círculo de llegada" in emails["bea@example.test"].body
    assert "Arrival circle" not in emails["bea@example.test"].body


def test_the_agenda_pdf_follows_a_change_made_between_two_batches(
    mailoutbox, django_capture_on_commit_callbacks
):
    jam, item = jam_with_agenda("en", "Arrival circle")
    ana = GuestFactory(jam=jam, email="ana@example.test")
    record(jam, [ana], django_capture_on_commit_callbacks)
    deliver_messages(GuestMessage.objects.values_list("pk", flat=True))

    item.title = "Opening song"
    item.save()
    bea = GuestFactory(jam=jam, email="bea@example.test")
    record(jam, [bea], django_capture_on_commit_callbacks)
    deliver_messages(GuestMessage.objects.filter(guest=bea).values_list("pk", flat=True))

    first, second = mailoutbox
    assert "Arrival circle" in agenda_pdf(first)
    assert "Opening song" in agenda_pdf(second)
    assert "Arrival circle" not in agenda_pdf(second)
    assert "Opening song" in second.body


def test_the_agenda_pdf_of_the_same_agenda_in_another_language_is_in_that_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    jam, _item = jam_with_agenda("en", "Arrival circle")
    record(
        jam, [GuestFactory(jam=jam, email="ana@example.test")], django_capture_on_commit_callbacks
    )
    deliver_messages(GuestMessage.objects.values_list("pk", flat=True))
    jam.language = "fr"
    jam.save()
    bea = GuestFactory(jam=jam, email="bea@example.test")
    record(jam, [bea], django_capture_on_commit_callbacks)
    deliver_messages(GuestMessage.objects.filter(guest=bea).values_list("pk", flat=True))

    first, second = mailoutbox
    assert "Heure" not in agenda_pdf(first)
    assert "Heure" in agenda_pdf(second)
    assert "Déroulé" in html_of(second)
