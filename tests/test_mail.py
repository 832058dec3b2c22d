"""The one email path: queued after the commit, sent by the database worker."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from jamsessions.mail import email_send_later, render_subject, render_text, subject_line
from tests.conftest import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def queue_welcome():
    email_send_later(
        to=["friend@example.test"],
        subject="Welcome",
        text="Plain words.",
        html="<p>Plain words.</p>",
    )


def test_email_is_queued_only_when_the_transaction_commits(database_tasks, mailoutbox):
    with transaction.atomic():
        queue_welcome()
        assert DBTaskResult.objects.count() == 0

    assert DBTaskResult.objects.count() == 1
    assert mailoutbox == []


def test_email_is_never_queued_when_the_transaction_rolls_back(database_tasks):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue_welcome()
        raise RuntimeError("the change failed")

    assert DBTaskResult.objects.count() == 0


def test_worker_sends_the_queued_email_with_both_parts_once(database_tasks, mailoutbox):
    with transaction.atomic():
        queue_welcome()

    run_worker()
    run_worker()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["friend@example.test"]
    assert message.body == "Plain words."
    assert message.alternatives[0].content == "<p>Plain words.</p>"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_subject_is_one_line_and_keeps_non_breaking_spaces():
    assert subject_line("\n  Vous êtes invité·e\xa0:\n  Jam  du Sahel \n") == (
        "Vous êtes invité·e\xa0: Jam du Sahel"
    )


def test_a_subject_has_no_line_break_of_any_kind():
    assert subject_line("Jam\u2028d'été\x85à\r\nDakar") == "Jam d'été à Dakar"


NAME = 'Jam d\'été <Sahel> & "friends"'


def test_subjects_and_text_parts_are_rendered_as_written_never_html_escaped():
    subject = render_subject("planning/email/guest_invitation_subject.txt", {"jam": {"name": NAME}})
    # guest_part_where.txt has no {% autoescape off %} of its own: render_text needs none.
    text = render_text("planning/email/guest_part_where.txt", {"show_where": True, "venue": NAME})

    assert subject == f"You are invited: {NAME}"
    assert text.strip() == f"Where: {NAME}"
