"""The agenda builder at /jams/<slug>/sessions/<n>/: times, totals, items added, changed,
copied, removed and moved, with and without htmx, and never a lost edit."""

import datetime as dt
import html
import json
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planning.models import Session
from sessions.agenda.models import AgendaItem
from sessions.agenda.timed import agenda_timed
from tests.factories import (
    AgendaItemFactory,
    ItemNoteFactory,
    JamFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
HTMX = {"HX-Request": "true"}


def page_url(session: Session, path: str = "") -> str:
    return f"/jams/{session.jam.slug}/sessions/{session.key}/{path}"


def item_url(item: AgendaItem, action: str) -> str:
    return page_url(item.session, f"agenda/items/{item.pk}/{action}/")


def titles(session: Session) -> list[str]:
    return list(session.agenda_items.order_by("position", "pk").values_list("title", flat=True))


def shown_items(response) -> list[tuple[str, str, str]]:
    """(start, end, title) of each item as the page shows it, in order."""
    text = response.content.decode()
    times = re.findall(
        r'<span class="agenda-times"><time[^>]*>([^<]+)</time>–<time[^>]*>([^<]+)</time>', text
    )
    names = [
        html.unescape(name.strip())
        for name in re.findall(r'<h3 class="agenda-item-title">([^<]*)', text)
    ]
    return [(start, end, name) for (start, end), name in zip(times, names, strict=True)]


def status_text(response) -> str:
    """The agenda's total line (role=status), as plain text."""
    match = re.search(
        r'<div class="agenda-total[^"]*" role="status">(.*?)</div>', response.text, re.S
    )
    assert match, "no agenda total on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(match.group(1))).split())


def focus_after(response) -> list[str]:
    return json.loads(response["HX-Trigger-After-Settle"])["agendaChanged"]["focus"]


def item_data(**overrides) -> dict:
    data = {
        "title": "Healing circle",
        "duration_minutes": "20",
        "kind": "activity",
        "lead": "",
        "content": "We sit in a circle and share.",
        "objective": "Feel held.",
        "practice": "Pass a stone around.",
        "materials": "A smooth stone",
        "facilitator_notes": "Watch for anyone who goes quiet.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def session(jam) -> Session:
    """Session 1 of `jam`, 18:00–20:00 in Nairobi two weeks ahead."""
    return jam.sessions.get()


@pytest.fixture
def three(session) -> list[AgendaItem]:
    return [
        AgendaItemFactory(session=session, title="Welcome", duration_minutes=15),
        AgendaItemFactory(session=session, title="Tea break", duration_minutes=30, kind="break"),
        AgendaItemFactory(session=session, title="Closing poem", duration_minutes=10),
    ]


# --- Times on the session's clock ------------------------------------------------------


def test_agenda_times_run_across_midnight_into_the_next_day(host_client, host):
    jam = JamFactory(host=host)
    session = SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime(2027, 2, 1, 20, 0, tzinfo=UTC),  # 23:00 in Nairobi
        timezone="Africa/Nairobi",
    )
    AgendaItemFactory(session=session, title="Night walk", duration_minutes=45)
    AgendaItemFactory(session=session, title="Stargazing", duration_minutes=30)

    response = host_client.get(page_url(session))

    assert shown_items(response) == [
        ("23:00", "23:45", "Night walk"),
        ("23:45", "00:15", "Stargazing"),
    ]
    assert "ends on Tue 2 Feb" in response.text
    assert "Africa/Nairobi" in response.text


def test_agenda_times_follow_the_clocks_going_forward(host_client, host):
    jam = JamFactory(host=host)
    session = SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # 01:30 in Madrid, winter time
        duration_minutes=180,
        timezone="Europe/Madrid",
    )
    AgendaItemFactory(session=session, title="Before the change", duration_minutes=60)
    AgendaItemFactory(session=session, title="After the change", duration_minutes=30)

    response = host_client.get(page_url(session))

    # 02:00 never happens that night: the clocks jump to 03:00, and say so.
    assert shown_items(response) == [
        ("01:30", "03:30 (CEST)", "Before the change"),
        ("03:30 (CEST)", "04:00 (CEST)", "After the change"),
    ]
    assert "Clocks go forward one hour at 02:00 during this session." in response.text


def test_agenda_timed_counts_real_minutes_for_a_start_given_on_the_local_clock():
    """A session just saved from a form holds its start in its own zone, not in UTC."""
    madrid = zoneinfo.ZoneInfo("Europe/Madrid")
    session = Session(
        starts_at=dt.datetime(2026, 3, 29, 1, 30, tzinfo=madrid),
        duration_minutes=120,
        timezone="Europe/Madrid",
    )
    items = [AgendaItem(duration_minutes=60, title="One"), AgendaItem(duration_minutes=30)]

    agenda = agenda_timed(session, items)

    starts = [timed.starts_at.strftime("%H:%M %Z") for timed in agenda.items]
    assert starts == ["01:30 CET", "03:30 CEST"]
    assert agenda.planned_end.strftime("%H:%M") == "04:30"


# --- Totals against the planned length ------------------------------------------------------


def test_agenda_running_over_says_by_how_much_and_past_which_end(host_client, host):
    jam = JamFactory(host=host)
    session = SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime(2027, 5, 4, 13, 0, tzinfo=UTC),  # 15:00 in Madrid, summer time
        duration_minutes=120,
        timezone="Europe/Madrid",
    )
    AgendaItemFactory(session=session, title="Roundtable", duration_minutes=100)
    AgendaItemFactory(session=session, title="Game", duration_minutes=45)

    response = host_client.get(page_url(session))

    assert status_text(response) == (
        "145 of 120 minutes planned "
        "Runs over: the agenda runs 25 minutes past the planned end at 17:00. "
        "Shorten or remove items, or make the session longer."
    )
    assert 'class="agenda-total agenda-over"' in response.text


def test_agenda_under_the_planned_length_shows_the_free_time(host_client, session):
    AgendaItemFactory(session=session, title="Welcome", duration_minutes=30)
    AgendaItemFactory(session=session, title="Healing", duration_minutes=60)

    response = host_client.get(page_url(session))

    assert status_text(response) == (
        "90 of 120 minutes planned "
        "30 minutes of free time left: the agenda ends at 19:30, the session at 20:00."
    )


def test_agenda_that_fills_the_session_says_so(host_client, session):
    AgendaItemFactory(session=session, title="All of it", duration_minutes=120)

    response = host_client.get(page_url(session))

    assert "The agenda fills the session exactly, to its end at 20:00." in status_text(response)


def test_agenda_empty_offers_templates_and_the_library(host_client, session):
    response = host_client.get(page_url(session))

    assert "No items yet." in response.text
    assert status_text(response) == "0 of 120 minutes planned"
    assert "Two-hour online Jam Session" in response.text
    assert "Healing circle" in response.text


# --- What each item shows ----------------------------------------------------------------


def test_agenda_item_shows_everything_with_notes_set_apart(host_client, session):
    lead = TeamMemberFactory(jam=session.jam, user=UserFactory(name="Wanjiru Kamau"))
    AgendaItemFactory(
        session=session,
        title="Healing circle",
        duration_minutes=20,
        content="We sit in a circle.",
        objective="Feel held.",
        practice="Pass a stone.",
        materials="A smooth stone",
        lead=lead,
        facilitator_notes="Watch for anyone who goes quiet.",
    )

    response = host_client.get(page_url(session))

    assert shown_items(response) == [("18:00", "18:20", "Healing circle")]
    for text in ("We sit in a circle.", "Feel held.", "Pass a stone.", "A smooth stone"):
        assert text in response.text
    assert "Wanjiru Kamau" in response.text
    notes = re.search(r'<div class="agenda-notes">(.*?)</div>', response.text, re.S).group(1)
    assert "never shown to participants" in notes
    assert "Watch for anyone who goes quiet." in notes


def test_agenda_page_keeps_the_sessions_own_details(host_client, session):
    response = host_client.get(page_url(session))

    assert "<h1>Session 1</h1>" in response.text
    assert "Africa/Nairobi" in response.text
    assert "HX-Request" in response["Vary"]


def test_agenda_fragment_for_htmx_is_the_agenda_alone(host_client, three):
    session = three[0].session

    response = host_client.get(page_url(session), headers={**HTMX, "HX-Target": "agenda"})

    assert response.text.lstrip().startswith('<section id="agenda"')
    assert "<html" not in response.text
    assert [name for *_, name in shown_items(response)] == ["Welcome", "Tea break", "Closing poem"]
    assert "HX-Request" in response["Vary"]


# --- Adding ---------------------------------------------------------------------------------


def test_agenda_item_add_without_javascript_puts_it_at_the_end(host_client, three):
    session = three[0].session

    response = host_client.post(page_url(session, "agenda/items/new/"), item_data())

    added = session.agenda_items.get(title="Healing circle")
    assert response.status_code == 302
    assert response["Location"] == f"{page_url(session)}#item-{added.pk}"
    assert titles(session) == ["Welcome", "Tea break", "Closing poem", "Healing circle"]
    assert (added.duration_minutes, added.materials, added.updated_by) == (
        20,
        "A smooth stone",
        session.jam.host,
    )
    page = host_client.get(response["Location"])
    assert "“Healing circle” is added at the end of the agenda." in page.text
    assert ("18:55", "19:15", "Healing circle") in shown_items(page)


def test_agenda_item_add_with_htmx_swaps_the_agenda_and_clears_the_form(host_client, session):
    lead = TeamMemberFactory(jam=session.jam)

    response = host_client.post(
        page_url(session, "agenda/items/new/"), item_data(lead=str(lead.pk)), headers=HTMX
    )

    assert response.status_code == 200
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#agenda", "outerHTML settle:0ms")
    assert shown_items(response) == [("18:00", "18:20", "Healing circle")]
    assert '<section id="agenda-add" class="agenda-panel"' in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert 'value="Healing circle"' not in response.text  # the add form is fresh again
    assert focus_after(response) == ["add-title"]
    assert session.agenda_items.get().lead == lead


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("0", "An item takes at least 1 minute."),
        ("-15", "An item takes at least 1 minute."),
        ("10000", "An item takes at most 480 minutes (8 hours)."),
        ("ten", "Give the length in whole minutes, like 15."),
        ("1.5", "Give the length in whole minutes, like 15."),
        ("", "Say how many minutes it takes, like 15."),
    ],
)
def test_agenda_item_add_with_a_bad_length_explains_and_keeps_the_text(
    host_client, session, minutes, message
):
    response = host_client.post(
        page_url(session, "agenda/items/new/"), item_data(duration_minutes=minutes)
    )

    assert response.status_code == 200
    assert message in response.text
    assert "There is a problem" in response.text
    assert 'value="Healing circle"' in response.text
    assert "Watch for anyone who goes quiet." in response.text
    assert not session.agenda_items.exists()


@pytest.mark.parametrize("title", ["", "   "])
def test_agenda_item_add_without_a_title_is_refused(host_client, session, title):
    response = host_client.post(page_url(session, "agenda/items/new/"), item_data(title=title))

    assert response.status_code == 200
    assert "Give the item a title, like “Tea break”." in response.text
    assert not session.agenda_items.exists()


def test_agenda_item_add_led_by_someone_of_another_jam_is_refused(host_client, session):
    stranger = TeamMemberFactory()  # on another Jam's team

    response = host_client.post(
        page_url(session, "agenda/items/new/"), item_data(lead=str(stranger.pk))
    )

    assert response.status_code == 200
    assert "Choose someone on this Jam’s team." in response.text
    assert not session.agenda_items.exists()


def test_agenda_item_add_with_htmx_errors_come_back_in_the_form(host_client, session):
    response = host_client.post(
        page_url(session, "agenda/items/new/"), item_data(duration_minutes="-1"), headers=HTMX
    )

    assert response.status_code == 200
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#agenda-add", "outerHTML")
    assert response.text.lstrip().startswith('<section id="agenda-add"')
    assert "An item takes at least 1 minute." in response.text
    assert not session.agenda_items.exists()


def test_agenda_item_add_address_opened_goes_to_the_form(host_client, session):
    response = host_client.get(page_url(session, "agenda/items/new/"))

    assert response["Location"] == f"{page_url(session)}#agenda-add"


# --- Editing, and never losing an edit ---------------------------------------------------------


def test_agenda_item_edit_page_without_javascript(host_client, three):
    welcome = three[0]

    response = host_client.get(item_url(welcome, "edit"))

    assert "<h1>Edit “Welcome”</h1>" in response.text
    assert 'name="version" value="1"' in response.text
    assert 'value="Welcome"' in response.text


def test_agenda_item_edit_with_htmx_opens_in_place(host_client, three):
    welcome = three[0]

    response = host_client.get(item_url(welcome, "edit"), headers=HTMX)

    assert "<html" not in response.text
    assert f'hx-target="#item-{welcome.pk}-editor"' in response.text
    assert 'name="version" value="1"' in response.text
    assert "HX-Request" in response["Vary"]


def test_agenda_item_edit_saves_and_counts_the_version(host_client, three):
    welcome = three[0]

    response = host_client.post(
        item_url(welcome, "edit"),
        item_data(title="Warm welcome", duration_minutes="25", version="1"),
    )

    welcome.refresh_from_db()
    assert response["Location"] == f"{page_url(welcome.session)}#item-{welcome.pk}"
    assert (welcome.title, welcome.duration_minutes, welcome.version) == ("Warm welcome", 25, 2)
    assert titles(welcome.session) == ["Warm welcome", "Tea break", "Closing poem"]


def test_agenda_item_edit_with_htmx_closes_the_editor_and_shows_the_new_times(host_client, three):
    welcome = three[0]

    response = host_client.post(
        item_url(welcome, "edit"),
        item_data(title="Warm welcome", duration_minutes="25", version="1"),
        headers=HTMX,
    )

    assert response["HX-Retarget"] == "#agenda"
    assert shown_items(response) == [
        ("18:00", "18:25", "Warm welcome"),
        ("18:25", "18:55", "Tea break"),
        ("18:55", "19:05", "Closing poem"),
    ]
    # The editor just saved is closed; any other open editor is kept across the swap.
    assert f'<div id="item-{welcome.pk}-editor" class="agenda-editor"></div>' in response.text
    assert f'id="item-{three[1].pk}-editor" class="agenda-editor" hx-preserve="true"' in (
        response.text
    )
    assert focus_after(response) == [f"item-{welcome.pk}-edit"]


def test_agenda_item_edit_two_saves_from_the_same_version_the_second_is_told(
    host_client, other_client, other_host, three
):
    welcome = three[0]
    TeamMemberFactory(jam=welcome.session.jam, user=other_host)

    first = other_client.post(
        item_url(welcome, "edit"), item_data(title="Welcome, everyone", version="1")
    )
    second = host_client.post(
        item_url(welcome, "edit"),
        item_data(title="Welcome and introductions", materials="Name tags", version="1"),
    )

    assert first.status_code == 302
    assert second.status_code == 200
    assert "Someone else changed this item while you were editing it." in second.text
    assert f"{other_host.display_name} saved it at" in second.text
    assert 'value="Welcome and introductions"' in second.text  # what they typed is kept
    assert 'name="version" value="2"' in second.text  # now based on the saved version
    diff = re.search(r'<table class="agenda-diff">(.*?)</table>', second.text, re.S).group(1)
    assert "Welcome and introductions" in diff
    assert "Welcome, everyone" in diff
    assert "Name tags" in diff
    welcome.refresh_from_db()
    assert (welcome.title, welcome.version) == ("Welcome, everyone", 2)

    again = host_client.post(
        item_url(welcome, "edit"),
        item_data(title="Welcome and introductions", materials="Name tags", version="2"),
    )

    welcome.refresh_from_db()
    assert again.status_code == 302
    assert (welcome.title, welcome.materials, welcome.version) == (
        "Welcome and introductions",
        "Name tags",
        3,
    )


def test_agenda_item_edit_conflict_with_htmx_stays_in_the_editor(host_client, three):
    welcome = three[0]
    host_client.post(item_url(welcome, "edit"), item_data(title="First", version="1"))

    response = host_client.post(
        item_url(welcome, "edit"), item_data(title="Second", version="1"), headers=HTMX
    )

    assert response.status_code == 200
    assert "HX-Retarget" not in response
    assert "<html" not in response.text
    assert "Someone else changed this item" in response.text
    assert 'value="Second"' in response.text
    assert AgendaItem.objects.get(pk=welcome.pk).title == "First"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"duration_minutes": "0"}, "An item takes at least 1 minute."),
        ({"duration_minutes": "10000"}, "An item takes at most 480 minutes"),
        ({"duration_minutes": "soon"}, "Give the length in whole minutes, like 15."),
        ({"title": ""}, "Give the item a title"),
        ({"version": ""}, "This form is out of date."),
        ({"kind": "party"}, "Choose activity, break or meal."),
    ],
)
def test_agenda_item_edit_with_bad_input_explains_and_changes_nothing(
    host_client, three, changes, message
):
    welcome = three[0]

    response = host_client.post(item_url(welcome, "edit"), item_data(**{"version": "1", **changes}))

    assert response.status_code == 200
    assert message in response.text
    welcome.refresh_from_db()
    assert (welcome.title, welcome.duration_minutes, welcome.version) == ("Welcome", 15, 1)


def test_agenda_item_edit_of_an_item_removed_meanwhile_keeps_the_text(host_client, three):
    welcome = three[0]
    host_client.post(item_url(welcome, "delete"))

    response = host_client.post(
        item_url(welcome, "edit"), item_data(title="My careful rewrite", version="1")
    )

    assert response.status_code == 200
    assert "Someone removed this item while you were editing it." in response.text
    assert 'value="My careful rewrite"' in response.text
    assert f'action="{page_url(welcome.session, "agenda/items/new/")}"' in response.text


def test_agenda_item_of_another_session_or_jam_is_404(host_client, host, session, three):
    second = SessionFactory(jam=session.jam, number=2)
    elsewhere = AgendaItemFactory(session=second)
    other_jam = AgendaItemFactory(session=SessionFactory(jam=JamFactory(host=host)))

    for item in (elsewhere, other_jam):
        for action in ("edit", "delete", "duplicate", "move"):
            url = page_url(session, f"agenda/items/{item.pk}/{action}/")
            assert host_client.get(url).status_code == 404
            assert host_client.post(url, item_data(version="1", direction="up")).status_code == (
                404
            )
    assert AgendaItem.objects.filter(pk__in=[elsewhere.pk, other_jam.pk]).count() == 2


def test_agenda_item_edit_of_an_unknown_item_is_404(host_client, session):
    assert host_client.get(page_url(session, "agenda/items/999999/edit/")).status_code == 404


# --- Duplicating and removing ---------------------------------------------------------------------


def test_agenda_item_duplicate_puts_a_copy_right_below(host_client, three):
    tea = three[1]
    tea.facilitator_notes = "Oat milk too"
    tea.save()

    response = host_client.post(item_url(tea, "duplicate"))

    session = tea.session
    assert titles(session) == ["Welcome", "Tea break", "Tea break", "Closing poem"]
    copy = session.agenda_items.exclude(pk=tea.pk).get(title="Tea break")
    assert (copy.kind, copy.duration_minutes, copy.facilitator_notes) == (
        "break",
        30,
        "Oat milk too",
    )
    assert response["Location"] == f"{page_url(session)}#item-{copy.pk}"


def test_agenda_item_duplicate_with_htmx_focuses_the_copy(host_client, three):
    tea = three[1]

    response = host_client.post(item_url(tea, "duplicate"), headers=HTMX)

    copy = tea.session.agenda_items.exclude(pk=tea.pk).get(title="Tea break")
    assert [name for *_, name in shown_items(response)] == [
        "Welcome",
        "Tea break",
        "Tea break",
        "Closing poem",
    ]
    assert focus_after(response) == [f"item-{copy.pk}-edit"]
    assert "A copy of “Tea break” is added below it." in response.text


def test_agenda_item_delete_asks_first_without_javascript(host_client, three):
    tea = three[1]

    response = host_client.get(item_url(tea, "delete"))

    assert "Remove “Tea break” from the agenda?" in response.text
    assert titles(tea.session) == ["Welcome", "Tea break", "Closing poem"]

    response = host_client.post(item_url(tea, "delete"))

    assert response["Location"] == f"{page_url(tea.session)}#agenda"
    assert titles(tea.session) == ["Welcome", "Closing poem"]
    page = host_client.get(response["Location"])
    assert "“Tea break” is removed." in page.text
    assert shown_items(page) == [("18:00", "18:15", "Welcome"), ("18:15", "18:25", "Closing poem")]


def test_agenda_item_delete_with_htmx_asks_in_place_then_swaps_the_agenda(host_client, three):
    tea = three[1]

    question = host_client.get(item_url(tea, "delete"), headers=HTMX)
    response = host_client.post(item_url(tea, "delete"), headers=HTMX)

    assert "<html" not in question.text
    assert "Yes, remove it" in question.text
    assert [name for *_, name in shown_items(response)] == ["Welcome", "Closing poem"]
    assert focus_after(response) == [
        f"item-{three[2].pk}-edit",
        f"item-{three[0].pk}-edit",
        "agenda-title",
    ]


def test_agenda_item_delete_says_its_notes_go_with_it(host_client, three):
    tea = three[1]
    ItemNoteFactory(item=tea, text="Chai for everyone")

    for headers in ({}, HTMX):
        question = host_client.get(item_url(tea, "delete"), headers=headers).text

        assert "This also deletes, for good:" in question
        assert "<li>1 note</li>" in question
    assert "This also deletes" not in host_client.get(item_url(three[0], "delete")).text


def test_agenda_item_delete_twice_says_it_is_already_gone(host_client, three):
    tea = three[1]
    host_client.post(item_url(tea, "delete"))

    response = host_client.post(item_url(tea, "delete"), headers=HTMX)

    assert response.status_code == 200
    assert "That item was already removed." in response.text
    assert titles(tea.session) == ["Welcome", "Closing poem"]


# --- Moving and reordering ----------------------------------------------------------------------------


def test_agenda_item_move_up_and_down(host_client, three):
    welcome, _tea, poem = three

    host_client.post(item_url(poem, "move"), {"direction": "up"})
    assert titles(welcome.session) == ["Welcome", "Closing poem", "Tea break"]

    response = host_client.post(item_url(welcome, "move"), {"direction": "down"})
    assert titles(welcome.session) == ["Closing poem", "Welcome", "Tea break"]
    assert response["Location"] == f"{page_url(welcome.session)}#item-{welcome.pk}"


def test_agenda_item_move_past_either_end_stays_put_and_says_so(host_client, three):
    welcome, _tea, poem = three

    first = host_client.post(item_url(welcome, "move"), {"direction": "up"}, headers=HTMX)
    last = host_client.post(item_url(poem, "move"), {"direction": "down"}, headers=HTMX)

    assert titles(welcome.session) == ["Welcome", "Tea break", "Closing poem"]
    assert "“Welcome” is already first." in first.text
    assert "“Closing poem” is already last." in last.text


def test_agenda_item_move_with_htmx_keeps_the_keyboard_on_the_same_button(host_client, three):
    tea = three[1]

    response = host_client.post(item_url(tea, "move"), {"direction": "up"}, headers=HTMX)

    assert shown_items(response) == [
        ("18:00", "18:30", "Tea break"),
        ("18:30", "18:45", "Welcome"),
        ("18:45", "18:55", "Closing poem"),
    ]
    assert focus_after(response) == [f"item-{tea.pk}-up", f"item-{tea.pk}-down"]
    assert '<div id="agenda-status" hx-swap-oob="innerHTML">' in response.text
    assert "“Tea break” moved up." in response.text


def test_agenda_item_move_in_an_unknown_direction_changes_nothing(host_client, three):
    response = host_client.post(item_url(three[1], "move"), {"direction": "sideways"})

    assert response.status_code == 200
    assert "Choose to move the item up or down." in response.text
    assert titles(three[0].session) == ["Welcome", "Tea break", "Closing poem"]


def test_agenda_reorder_by_form_post(host_client, three):
    welcome, tea, poem = three
    session = welcome.session

    response = host_client.post(
        page_url(session, "agenda/reorder/"), {"order": [poem.pk, welcome.pk, tea.pk]}
    )

    assert response["Location"] == f"{page_url(session)}#agenda"
    assert titles(session) == ["Closing poem", "Welcome", "Tea break"]


def test_agenda_reorder_by_htmx_shows_the_new_times(host_client, three):
    welcome, tea, poem = three

    response = host_client.post(
        page_url(welcome.session, "agenda/reorder/"),
        {"order": [tea.pk, poem.pk, welcome.pk]},
        headers=HTMX,
    )

    assert shown_items(response) == [
        ("18:00", "18:30", "Tea break"),
        ("18:30", "18:40", "Closing poem"),
        ("18:40", "18:55", "Welcome"),
    ]
    assert "The new order is saved." in response.text


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(lambda w, t, p, x: [p.pk, w.pk], id="an item missing"),
        pytest.param(lambda w, t, p, x: [p.pk, w.pk, t.pk, x.pk], id="an item of another jam"),
        pytest.param(lambda w, t, p, x: [p.pk, p.pk, w.pk], id="an item twice"),
        pytest.param(lambda w, t, p, x: [p.pk, "first", t.pk], id="not a number"),
        pytest.param(lambda w, t, p, x: [], id="nothing"),
    ],
)
def test_agenda_reorder_with_a_stale_list_explains_and_shows_the_agenda(host_client, three, order):
    welcome, tea, poem = three
    stranger = AgendaItemFactory()

    response = host_client.post(
        page_url(welcome.session, "agenda/reorder/"),
        {"order": order(welcome, tea, poem, stranger)},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert "The agenda changed while you were moving things." in response.text
    assert [name for *_, name in shown_items(response)] == ["Welcome", "Tea break", "Closing poem"]
    assert titles(welcome.session) == ["Welcome", "Tea break", "Closing poem"]


def test_agenda_reorder_stale_without_javascript_shows_the_page_with_the_reason(host_client, three):
    response = host_client.post(
        page_url(three[0].session, "agenda/reorder/"), {"order": [three[2].pk]}
    )

    assert response.status_code == 200
    assert "<h1>Session 1</h1>" in response.text
    assert "The agenda changed while you were moving things." in response.text


# --- Query counts ----------------------------------------------------------------------------------


def agenda_of(host, count: int) -> Session:
    jam = JamFactory(host=host)
    session = SessionFactory(jam=jam, number=1, duration_minutes=720)
    members = TeamMemberFactory.create_batch(3, jam=jam)
    for index in range(count):
        AgendaItemFactory(
            session=session,
            duration_minutes=10,
            lead=members[index % 3],
            facilitator_notes="Notes",
            materials="Paper",
        )
    return session


def count_queries(client, url: str, **kwargs) -> int:
    client.get(url, **kwargs)  # warm up: the session row, the user
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(queries)


def test_agenda_page_query_count_does_not_grow_with_the_items(host_client, host):
    few = agenda_of(host, 3)
    many = agenda_of(host, 60)

    few_count = count_queries(host_client, page_url(few))
    many_count = count_queries(host_client, page_url(many))

    assert few_count == many_count
    assert many_count <= 10


def test_agenda_fragment_query_count_does_not_grow_with_the_items(host_client, host):
    headers = {**HTMX, "HX-Target": "agenda"}
    few = agenda_of(host, 3)
    many = agenda_of(host, 60)

    assert count_queries(host_client, page_url(few), headers=headers) == count_queries(
        host_client, page_url(many), headers=headers
    )
