"""The journal: dated entries by the host and team, with the toolkit's prompts."""

import datetime as dt
import html

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from planning.enums import TeamRole
from reporting.journal.services import journal_today
from reporting.models import JournalEntry
from tests.factories import (
    JamFactory,
    JournalEntryFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

EMPTY_ANSWERS = {
    "to_do_today": "",
    "learned_yesterday": "",
    "surprised": "",
    "why": "",
    "missing": "",
}


@pytest.fixture
def member(jam):
    return TeamMemberFactory(
        jam=jam, user=UserFactory(email="noor@example.test", name="Noor"), role=TeamRole.NOTE_TAKER
    )


@pytest.fixture
def member_client(member) -> Client:
    client = Client()
    client.force_login(member.user)
    return client


def list_url(jam) -> str:
    return f"/jams/{jam.slug}/journal/"


def create_url(jam) -> str:
    return f"/jams/{jam.slug}/journal/new/"


def edit_url(entry) -> str:
    return f"/jams/{entry.jam.slug}/journal/{entry.pk}/edit/"


def delete_url(entry) -> str:
    return f"/jams/{entry.jam.slug}/journal/{entry.pk}/delete/"


def page_text(response) -> str:
    return html.unescape(response.content.decode())


# --- Reading ------------------------------------------------------------------------------


def test_journal_shows_entries_newest_first_with_author_and_only_answered_prompts(
    jam, host, host_client, member
):
    JournalEntryFactory(
        jam=jam,
        author=host,
        written_on=dt.date(2026, 3, 1),
        to_do_today="Book the room upstairs",
        surprised="",
    )
    JournalEntryFactory(
        jam=jam,
        author=member.user,
        written_on=dt.date(2026, 3, 3),
        to_do_today="",
        learned_yesterday="Quiet people spoke in pairs",
        missing="Someone from the farmers' union",
    )

    response = host_client.get(list_url(jam))

    text = page_text(response)
    assert response.status_code == 200
    assert text.index("Quiet people spoke in pairs") < text.index("Book the room upstairs")
    assert "Written by Noor" in text
    assert "Written by Host Person" in text
    assert "<dt>Learned from the day before</dt>" in text
    assert "<dt>What and who was missing</dt>" in text
    # Nobody answered "what surprised me" or "what made it happen".
    assert "<dt>What surprised me</dt>" not in text
    assert "<dt>What made it happen</dt>" not in text


def test_team_member_reads_the_hosts_entries(jam, host, member_client):
    JournalEntryFactory(jam=jam, author=host, to_do_today="Print the name cards")

    response = member_client.get(list_url(jam))

    assert "Print the name cards" in page_text(response)
    assert "Written by Host Person" in page_text(response)


def test_empty_journal_says_so_and_offers_the_prompts(jam, host_client):
    response = host_client.get(list_url(jam))

    text = page_text(response)
    assert "No entries yet" in text
    assert "What do I need to do today?" in text
    assert "What and who was missing?" in text


@pytest.mark.parametrize("path", ["", "new/"])
def test_another_host_gets_404(jam, other_client, path):
    JournalEntryFactory(jam=jam, to_do_today="Private plans")

    response = other_client.get(list_url(jam) + path)

    assert response.status_code == 404


def test_another_host_cannot_edit_or_delete_an_entry(jam, other_client):
    entry = JournalEntryFactory(jam=jam, to_do_today="Private plans")

    assert other_client.get(edit_url(entry)).status_code == 404
    assert other_client.post(delete_url(entry)).status_code == 404
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_an_entry_of_another_jam_is_404_under_this_jams_address(jam, host, host_client):
    elsewhere = JournalEntryFactory(jam=JamFactory(host=host), to_do_today="Elsewhere")

    response = host_client.get(f"/jams/{jam.slug}/journal/{elsewhere.pk}/edit/")

    assert response.status_code == 404


def test_signed_out_visitor_is_sent_to_sign_in(jam):
    response = Client().get(list_url(jam))

    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_journal_list_query_count_does_not_grow_with_entries(jam, host, host_client, member):
    JournalEntryFactory(jam=jam, author=member.user)
    with CaptureQueriesContext(connection) as one:
        host_client.get(list_url(jam))

    JournalEntryFactory.create_batch(49, jam=jam, author=member.user)
    JournalEntryFactory.create_batch(10, jam=jam, author=host)
    with CaptureQueriesContext(connection) as many:
        response = host_client.get(list_url(jam))

    assert page_text(response).count("Written by") == 60
    assert len(many.captured_queries) == len(one.captured_queries)


# --- The date an entry starts with ---------------------------------------------------------


def test_new_entry_date_is_today_where_the_first_session_happens(jam, host_client, freeze_at):
    # 22:30 in London is already the next day in Nairobi, where the Jam's session is.
    freeze_at(dt.datetime(2026, 3, 14, 22, 30, tzinfo=dt.UTC))

    response = host_client.get(list_url(jam))

    assert 'value="2026-03-15"' in page_text(response)


def test_new_entry_date_is_the_server_date_without_sessions(host, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 14, 22, 30, tzinfo=dt.UTC), tick=False)
    jam = JamFactory(host=host)

    assert journal_today(jam=jam) == dt.date(2026, 3, 14)


def test_new_entry_date_follows_the_earliest_session(host):
    jam = JamFactory(host=host)
    start = dt.datetime(2026, 5, 1, 12, tzinfo=dt.UTC)
    SessionFactory(jam=jam, number=2, starts_at=start, timezone="Pacific/Kiritimati")
    SessionFactory(
        jam=jam, number=1, starts_at=start - dt.timedelta(days=7), timezone="America/Bogota"
    )
    now = dt.datetime(2026, 3, 14, 23, 30, tzinfo=dt.UTC)

    assert journal_today(jam=jam, now=now) == dt.date(2026, 3, 14)


# --- Writing ----------------------------------------------------------------------------------


def test_host_writes_an_entry(jam, host, host_client):
    response = host_client.post(
        create_url(jam),
        {
            **EMPTY_ANSWERS,
            "written_on": "2026-03-14",
            "surprised": "  Everyone stayed for the closing circle.  ",
        },
        follow=True,
    )

    entry = JournalEntry.objects.get(jam=jam)
    assert entry.author == host
    assert entry.written_on == dt.date(2026, 3, 14)
    assert entry.surprised == "Everyone stayed for the closing circle."
    assert "Your journal entry is saved." in page_text(response)
    assert "Everyone stayed for the closing circle." in page_text(response)


def test_team_member_writes_an_entry(jam, member, member_client):
    member_client.post(
        create_url(jam), {**EMPTY_ANSWERS, "written_on": "2026-03-14", "missing": "Young people"}
    )

    assert JournalEntry.objects.get(jam=jam).author == member.user


@pytest.mark.parametrize("bad_date", ["yesterday", "2026-02-30", ""])
def test_a_bad_date_is_explained_and_the_text_kept(jam, host_client, bad_date):
    response = host_client.post(
        create_url(jam),
        {**EMPTY_ANSWERS, "written_on": bad_date, "learned_yesterday": "Start with music"},
    )

    text = page_text(response)
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "like 2026-03-14" in text
    assert "Start with music</textarea>" in text
    assert not JournalEntry.objects.exists()


def test_too_long_an_answer_is_explained_and_the_text_kept(jam, host_client):
    long_text = "a" * 100_000

    response = host_client.post(
        create_url(jam),
        {
            **EMPTY_ANSWERS,
            "written_on": "2026-03-14",
            "why": long_text,
            "missing": "Interpreters",
        },
    )

    text = page_text(response)
    assert response.status_code == 200
    assert "Keep this under 10000 characters: it has 100000." in text
    assert long_text in text
    assert "Interpreters</textarea>" in text
    assert not JournalEntry.objects.exists()


def test_an_entry_with_no_answer_is_refused(jam, host_client):
    response = host_client.post(create_url(jam), {**EMPTY_ANSWERS, "written_on": "2026-03-14"})

    assert "Write something for at least one of the prompts." in page_text(response)
    assert not JournalEntry.objects.exists()


# --- Editing and deleting ---------------------------------------------------------------------


def test_author_edits_their_entry(jam, member, member_client):
    entry = JournalEntryFactory(jam=jam, author=member.user, to_do_today="Old plan")

    member_client.post(
        edit_url(entry),
        {**EMPTY_ANSWERS, "written_on": "2026-04-02", "to_do_today": "New plan"},
    )

    entry.refresh_from_db()
    assert entry.to_do_today == "New plan"
    assert entry.written_on == dt.date(2026, 4, 2)


def test_edit_with_bad_input_keeps_what_was_saved_and_what_was_typed(jam, host, host_client):
    entry = JournalEntryFactory(jam=jam, author=host, to_do_today="Saved plan")

    response = host_client.post(
        edit_url(entry),
        {**EMPTY_ANSWERS, "written_on": "yesterday", "to_do_today": "Typed plan"},
    )

    assert "Typed plan</textarea>" in page_text(response)
    entry.refresh_from_db()
    assert entry.to_do_today == "Saved plan"


def test_nobody_edits_someone_elses_entry_not_even_the_host(jam, host, member, host_client):
    entry = JournalEntryFactory(jam=jam, author=member.user, to_do_today="Noor's plan")

    response = host_client.post(
        edit_url(entry), {**EMPTY_ANSWERS, "written_on": "2026-04-02", "to_do_today": "Changed"}
    )

    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.to_do_today == "Noor's plan"


def test_only_authors_see_edit_links_and_the_host_sees_every_delete_link(
    jam, host, member, host_client, member_client
):
    mine = JournalEntryFactory(jam=jam, author=host)
    theirs = JournalEntryFactory(jam=jam, author=member.user)

    host_page = page_text(host_client.get(list_url(jam)))
    member_page = page_text(member_client.get(list_url(jam)))

    assert edit_url(mine) in host_page and edit_url(theirs) not in host_page
    assert delete_url(mine) in host_page and delete_url(theirs) in host_page
    assert edit_url(theirs) in member_page and edit_url(mine) not in member_page
    assert delete_url(theirs) in member_page and delete_url(mine) not in member_page


def test_team_member_deletes_their_own_entry(jam, member, member_client):
    entry = JournalEntryFactory(jam=jam, author=member.user)

    confirm = member_client.get(delete_url(entry))
    response = member_client.post(delete_url(entry), follow=True)

    assert "It cannot be brought back." in page_text(confirm)
    assert "This also deletes" not in page_text(confirm)  # nothing goes with it
    assert not JournalEntry.objects.filter(pk=entry.pk).exists()
    assert "The journal entry is deleted." in page_text(response)


def test_team_member_cannot_delete_the_hosts_entry(jam, host, member_client):
    entry = JournalEntryFactory(jam=jam, author=host)

    assert member_client.get(delete_url(entry)).status_code == 403
    assert member_client.post(delete_url(entry)).status_code == 403
    assert JournalEntry.objects.filter(pk=entry.pk).exists()


def test_host_deletes_a_team_members_entry(jam, member, host_client):
    entry = JournalEntryFactory(jam=jam, author=member.user)

    host_client.post(delete_url(entry))

    assert not JournalEntry.objects.filter(pk=entry.pk).exists()
