"""The note taker's notes: saved as typed, merged rather than lost, shown under each item."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from planning.enums import TeamRole
from sessions.day.models import ItemNote
from sessions.day.services import note_save, notes_for_session, notes_text_for_jam
from tests.factories import (
    AgendaItemFactory,
    ItemNoteFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def url(session, name="notes"):
    return reverse(f"sessions:{name}", kwargs={"slug": session.jam.slug, "key": session.key})


@pytest.fixture
def session(jam):
    return jam.sessions.get()


@pytest.fixture
def item(session):
    return AgendaItemFactory(session=session, title="Healing circle")


@pytest.fixture
def mei(jam):
    member = TeamMemberFactory(jam=jam, user=UserFactory(name="Mei"), role="note_taker")
    return member.user


# --- The service ----------------------------------------------------------------------


def test_first_save_creates_the_note(item, host):
    saved = note_save(item, "We shared one word each.", 0, host)

    note = ItemNote.objects.get(item=item)
    assert (note.text, note.version, note.updated_by) == ("We shared one word each.", 1, host)
    assert not saved.merged


def test_save_on_the_current_version_replaces_the_text(item, host):
    note = ItemNoteFactory(item=item, text="Tired", version=3)

    saved = note_save(item, "Tired, hopeful", 3, host)

    note.refresh_from_db()
    assert (note.text, note.version, saved.merged) == ("Tired, hopeful", 4, False)


def test_same_text_spends_no_version(item, host):
    ItemNoteFactory(item=item, text="Tired", version=2)

    saved = note_save(item, "Tired", 2, host)

    assert saved.note.version == 2


def test_windows_line_ends_are_kept_as_plain_line_ends(item, host):
    note_save(item, "one\r\ntwo", 0, host)

    assert ItemNote.objects.get(item=item).text == "one\ntwo"


def test_stale_save_keeps_both_texts(item, host, mei, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 3, 11, 5, tzinfo=dt.UTC), tick=False)
    ItemNoteFactory(item=item, text="Host: we began late.", version=2, updated_by=host)

    saved = note_save(item, "Mei: the circle was moving.", 1, mei)

    note = ItemNote.objects.get(item=item)
    # 11:05 UTC is 14:05 on the session's clock in Nairobi.
    assert note.text == (
        "Host: we began late.\n\n— also written at 14:05 by Mei —\nMei: the circle was moving."
    )
    assert (note.version, saved.merged) == (3, True)


def test_stale_save_that_only_adds_to_the_saved_text_is_no_merge(item, host):
    ItemNoteFactory(item=item, text="We began late.", version=2)

    saved = note_save(item, "We began late. Then tea.", 1, host)

    assert (saved.note.text, saved.merged) == ("We began late. Then tea.", False)


def test_stale_save_of_text_already_saved_changes_nothing(item, host):
    ItemNoteFactory(item=item, text="We began late. Then tea.", version=2)

    saved = note_save(item, "We began late.", 1, host)

    assert (saved.note.text, saved.note.version, saved.merged) == (
        "We began late. Then tea.",
        2,
        False,
    )


def test_stale_empty_save_never_wipes_a_note(item, host):
    ItemNoteFactory(item=item, text="Keep me", version=2)

    note_save(item, "", 1, host)

    assert ItemNote.objects.get(item=item).text == "Keep me"


def test_too_long_is_refused_and_nothing_saved(item, host):
    ItemNoteFactory(item=item, text="Short", version=1)

    with pytest.raises(ValidationError, match="at most 20000 characters"):
        note_save(item, "x" * (ItemNote.TEXT_MAX_LENGTH + 1), 1, host)

    assert ItemNote.objects.get(item=item).text == "Short"


def test_a_merge_too_long_is_refused(item, host):
    ItemNoteFactory(item=item, text="a" * 15000, version=2)

    with pytest.raises(ValidationError, match="meanwhile"):
        note_save(item, "b" * 6000, 1, host)


def test_notes_for_session_in_one_query(session, django_assert_num_queries):
    first = AgendaItemFactory(session=session, position=0, duration_minutes=30)
    second = AgendaItemFactory(session=session, position=1)
    ItemNoteFactory(item=second, text="Energiser went well", version=4)

    with django_assert_num_queries(1):
        rows = notes_for_session(session)
        shown = [(row.item, row.text, row.version) for row in rows]

    assert shown == [(first, "", 0), (second, "Energiser went well", 4)]
    assert rows[1].timed.starts_at == session.local_start + dt.timedelta(minutes=30)


def test_notes_text_for_jam(jam, django_assert_num_queries):
    first = jam.sessions.get()
    second = SessionFactory(jam=jam, number=2, starts_at=first.starts_at + dt.timedelta(days=7))
    ItemNoteFactory(item=AgendaItemFactory(session=second, title="Vision"), text="Clean water")
    ItemNoteFactory(
        item=AgendaItemFactory(session=first, title="Welcome", position=0), text="9 came"
    )
    ItemNoteFactory(item=AgendaItemFactory(session=first, title="Break", position=1), text="")
    ItemNoteFactory(item=AgendaItemFactory(session=first, title="Circle", position=2), text="Deep")
    ItemNoteFactory(text="Another Jam's note")

    with django_assert_num_queries(1):
        text = notes_text_for_jam(jam)

    assert "Another Jam" not in text and "Break" not in text
    assert text.index("Session 1") < text.index("Welcome") < text.index("9 came")
    assert text.index("Circle") < text.index("Deep") < text.index("Session 2")
    assert text.index("Session 2") < text.index("Vision") < text.index("Clean water")


# --- The page and saving ---------------------------------------------------------------


def test_page_shows_a_box_per_item_with_its_note(host_client, session, item, mei):
    ItemNoteFactory(item=item, text="We shared one word each.", version=5, updated_by=mei)
    AgendaItemFactory(session=session, title="Break")

    page = host_client.get(url(session)).content.decode()

    assert "Healing circle" in page and "Break" in page
    assert page.count("<textarea") == 2
    assert "We shared one word each.</textarea>" in page
    assert 'name="version" value="5"' in page
    assert "by Mei" in page
    assert "js/notes.js" in page


def test_a_role_without_notes_reads_them_without_a_box_to_write_in(client, session, item, mei):
    ItemNoteFactory(item=item, text="We shared one word each.", updated_by=mei)
    AgendaItemFactory(session=session, title="Break")

    client.force_login(TeamMemberFactory(jam=session.jam, role=TeamRole.LOGISTICS).user)
    shown = client.get(url(session)).content.decode()
    client.force_login(mei)
    offered = client.get(url(session)).content.decode()

    assert "Healing circle" in shown and "Break" in shown
    assert "<p>We shared one word each.</p>" in shown and "by Mei" in shown
    assert "No notes yet." in shown
    assert url(session, "note_save") not in shown
    assert "<textarea" not in shown and "js/notes.js" not in shown
    assert "does not include taking notes" in shown
    assert f'action="{url(session, "note_save")}"' in offered
    assert offered.count("<textarea") == 2
    assert "does not include taking notes" not in offered


def test_an_empty_agenda_links_to_the_agenda_only_for_a_role_that_plans_it(
    client, host_client, session, mei
):
    client.force_login(mei)
    link = f'<a href="{session.get_absolute_url()}">build the agenda</a>'

    assert link in host_client.get(url(session)).content.decode()
    page = client.get(url(session)).content.decode()
    assert "This session has no agenda yet." in page and link not in page


def test_save_without_javascript(host_client, session, item):
    response = host_client.post(
        url(session, "note_save"), {"item": item.pk, "version": 0, "text": "Tea at 3."}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"{url(session)}#note-{item.pk}")
    assert ItemNote.objects.get(item=item).text == "Tea at 3."
    page = host_client.get(response["Location"]).content.decode()
    assert "Notes on “Healing circle” are saved." in page


def test_save_from_the_script_answers_json(host_client, session, item, freeze_at):
    freeze_at(dt.datetime(2026, 3, 3, 11, 5, tzinfo=dt.UTC))

    response = host_client.post(
        url(session, "note_save"),
        {"item": item.pk, "version": 0, "text": "Tea at 3."},
        headers=JSON,
    )

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "ok": True,
        "version": 1,
        "text": "Tea at 3.",
        "merged": False,
        "message": "Saved 14:05",
    }
    assert "Accept" in response["Vary"]


def test_two_devices_saving_at_once_lose_nothing(host_client, session, item, mei):
    mei_client = type(host_client)()
    mei_client.force_login(mei)
    mei_client.post(
        url(session, "note_save"), {"item": item.pk, "version": 0, "text": "Mei's notes"}
    )

    response = host_client.post(
        url(session, "note_save"),
        {"item": item.pk, "version": 0, "text": "Host's notes"},
        headers=JSON,
    )

    answer = json.loads(response.content)
    assert answer["merged"] is True
    assert "Both texts are kept" in answer["message"]
    assert answer["text"].startswith("Mei's notes\n\n— also written at ")
    assert answer["text"].endswith("by Host Person —\nHost's notes")
    assert ItemNote.objects.get(item=item).text == answer["text"]


def test_stale_save_without_javascript_says_it_merged(host_client, session, item):
    ItemNoteFactory(item=item, text="Theirs", version=2)

    response = host_client.post(
        url(session, "note_save"), {"item": item.pk, "version": 1, "text": "Mine"}, follow=True
    )

    page = response.content.decode()
    assert "Both texts are kept" in page
    assert "Theirs\n\n— also written at" in page and "Mine</textarea>" in page


def test_too_long_without_javascript_keeps_the_text(host_client, session, item):
    ItemNoteFactory(item=item, text="Saved before", version=1)
    typed = "word " * 4001  # 20,005 characters

    response = host_client.post(
        url(session, "note_save"), {"item": item.pk, "version": 1, "text": typed}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "at most 20000 characters long; these are 20005" in page
    assert f"\n{typed}</textarea>" in page
    assert ItemNote.objects.get(item=item).text == "Saved before"


@pytest.mark.parametrize("headers", [{}, JSON])
def test_a_text_that_cannot_be_stored_comes_back_with_why(host_client, session, item, headers):
    """A NUL byte (from a paste) is refused with its reason, the text kept (it was lost)."""
    typed = "We sat in a circle\x00 and breathed."

    response = host_client.post(
        url(session, "note_save"), {"item": item.pk, "version": 0, "text": typed}, headers=headers
    )

    assert response.status_code == (400 if headers else 200)
    page = response.content.decode()
    if headers:
        assert json.loads(page) == {"ok": False, "message": "Null characters are not allowed."}
    else:
        assert "Null characters are not allowed." in page
        assert f"\n{typed}</textarea>" in page
    assert not ItemNote.objects.exists()


def test_too_long_from_the_script_answers_clearly(host_client, session, item):
    response = host_client.post(
        url(session, "note_save"),
        {"item": item.pk, "version": 0, "text": "x" * 20001},
        headers=JSON,
    )

    assert response.status_code == 400
    assert json.loads(response.content)["message"].startswith("Notes on one item can be at most")
    assert not ItemNote.objects.exists()


def test_a_removed_item_keeps_the_text_on_the_page(host_client, session, item):
    gone = item.pk
    item.delete()

    response = host_client.post(
        url(session, "note_save"), {"item": gone, "version": 0, "text": "Precious words"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "removed from the agenda meanwhile" in page
    assert "Precious words</textarea>" in page


def test_an_item_of_another_session_is_404(host_client, session):
    elsewhere = AgendaItemFactory(session=SessionFactory())

    response = host_client.post(
        url(session, "note_save"), {"item": elsewhere.pk, "version": 0, "text": "Hi"}
    )

    assert response.status_code == 404
    assert not ItemNote.objects.exists()


def test_a_broken_form_is_answered(host_client, session):
    response = host_client.post(url(session, "note_save"), {"item": "x"}, headers=JSON)

    assert response.status_code == 400
    assert "could not be saved" in json.loads(response.content)["message"]


@pytest.mark.parametrize(("name", "method"), [("notes", "get"), ("note_save", "post")])
def test_another_host_gets_404(other_client, session, item, name, method):
    response = getattr(other_client, method)(
        url(session, name), {"item": item.pk, "version": 0, "text": "Eve was here"}
    )

    assert response.status_code == 404
    assert not ItemNote.objects.exists()


def test_notes_show_under_items_on_the_agenda_page(host_client, session, item):
    ItemNoteFactory(item=item, text="Everyone spoke.\n\nWe ended on time.")
    AgendaItemFactory(session=session, title="No notes here")

    page = host_client.get(session.get_absolute_url()).content.decode()

    assert page.count("Notes from the day") == 1
    assert "<p>Everyone spoke.</p>" in page and "<p>We ended on time.</p>" in page


def test_agenda_page_queries_do_not_grow_with_notes(
    host_client, session, django_assert_max_num_queries
):
    for _index in range(20):
        ItemNoteFactory(item=AgendaItemFactory(session=session))
    with django_assert_max_num_queries(50) as few:
        host_client.get(session.get_absolute_url())
    for _index in range(20):
        ItemNoteFactory(item=AgendaItemFactory(session=session))

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = host_client.get(session.get_absolute_url()).content.decode()

    assert page.count("Notes from the day") == 40


@pytest.mark.parametrize("items", [5, 100])
def test_notes_page_queries_do_not_grow(host_client, session, items, django_assert_num_queries):
    for item in AgendaItemFactory.create_batch(items, session=session):
        ItemNoteFactory(item=item)

    # The signed-in user and their session (2), the session with its Jam (1), items with notes (1).
    with django_assert_num_queries(4):
        page = host_client.get(url(session)).content.decode()

    assert page.count("<textarea") == items
