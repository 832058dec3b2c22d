"""Starting an agenda from the toolkit's templates or one's own, adding from the activity
library, and saving an agenda as a template."""

import re

import pytest

from planning.models import Session
from sessions.agenda.models import AgendaTemplate
from tests.factories import (
    AgendaItemFactory,
    JamFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def page_url(session: Session, path: str = "") -> str:
    return f"/jams/{session.jam.slug}/sessions/{session.key}/{path}"


def items(session: Session) -> list[tuple[str, int, str]]:
    return list(
        session.agenda_items.order_by("position", "pk").values_list(
            "title", "duration_minutes", "kind"
        )
    )


def apply(client, session: Session, template: str, part=None, **kwargs):
    data = {"template": template}
    if part is not None:
        data["part"] = part
    return client.post(page_url(session, "agenda/template/"), data, **kwargs)


@pytest.fixture
def session(jam) -> Session:
    return jam.sessions.get()


# --- The toolkit's templates -----------------------------------------------------------------


def test_template_two_hour_online_fills_an_empty_agenda(host_client, session):
    response = apply(host_client, session, "toolkit:online_two_hours")

    assert response["Location"] == f"{page_url(session)}#agenda"
    assert items(session) == [
        ("Welcome and introductions", 15, "activity"),
        ("Alive and together", 15, "activity"),
        ("Healing as one", 20, "activity"),
        ("Break", 5, "break"),
        ("Reimagining our ground", 45, "activity"),
        ("Sharing visions", 15, "activity"),
        ("Choreography of voices", 5, "activity"),
    ]
    page = host_client.get(response["Location"])
    assert "7 items from “Two-hour online Jam Session” are added." in page.text
    assert "120 of 120 minutes planned" in page.text


def test_template_full_day_gives_eleven_items_over_eight_hours(host_client, session):
    apply(host_client, session, "toolkit:in_person_full_day")

    stored = items(session)
    assert len(stored) == 11
    assert sum(minutes for _, minutes, _ in stored) == 480
    assert ("Lunch", 90, "meal") in stored
    assert stored[0][0] == "Welcome"


def test_template_three_session_plan_gives_the_chosen_sessions_items(host_client, session):
    apply(host_client, session, "toolkit:three_session_plan", part=2)

    assert items(session) == [
        ("Welcome back", 15, "activity"),
        ("How activism is resourced here", 45, "activity"),
        ("Challenges", 40, "activity"),
        ("What the pandemic changed", 20, "activity"),
    ]


def test_template_plan_offers_the_sessions_own_number_first(host_client, jam):
    second = SessionFactory(jam=jam, number=2)

    response = host_client.get(page_url(second))

    options = re.findall(r'<option value="(\d)"( selected)?>Session \d: ', response.text)
    assert options == [("1", ""), ("2", " selected"), ("3", "")]


def test_template_applied_to_an_agenda_with_items_comes_after_them(host_client, session):
    AgendaItemFactory(session=session, title="Our own opening", duration_minutes=10)

    response = apply(host_client, session, "toolkit:three_session_plan", part=3, headers=HTMX)

    assert [title for title, *_ in items(session)] == [
        "Our own opening",
        "Recommendations on resourcing activism",
        "Open questions and answers",
        "Closing",
    ]
    assert response["HX-Retarget"] == "#agenda"
    assert "3 items from “Three-session action plan” are added." in response.text
    assert "130 of 120 minutes planned" in response.text


@pytest.mark.parametrize(
    ("template", "part", "message"),
    [
        ("toolkit:no_such_template", None, "We do not know that template."),
        ("mine:999999", None, "We do not know that template."),
        ("something", None, "We do not know that template."),
        ("", None, "Choose a template from the list."),
        ("toolkit:three_session_plan", 4, "has 3 sessions: choose one from 1 to 3."),
        ("toolkit:three_session_plan", "two", "has 3 sessions: choose one from 1 to 3."),
    ],
)
def test_template_unknown_or_bad_part_is_explained_and_adds_nothing(
    host_client, session, template, part, message
):
    AgendaItemFactory(session=session, title="Kept")

    page = apply(host_client, session, template, part)
    fragment = apply(host_client, session, template, part, headers=HTMX)

    for response in (page, fragment):
        assert response.status_code == 200
        assert message in response.text
    assert [title for title, *_ in items(session)] == ["Kept"]


# --- The activity library ---------------------------------------------------------------------


def test_library_activity_is_added_at_the_end(host_client, session):
    AgendaItemFactory(session=session, title="Welcome", duration_minutes=15)

    response = host_client.post(
        page_url(session, "agenda/library/"), {"activity": "healing_circle"}, headers=HTMX
    )

    assert items(session) == [("Welcome", 15, "activity"), ("Healing circle", 20, "activity")]
    assert "“Healing circle” is added at the end of the agenda." in response.text
    added = session.agenda_items.get(title="Healing circle")
    assert added.objective


def test_library_shows_its_groups(host_client, session):
    response = host_client.get(page_url(session))

    groups = re.findall(r"<summary>([^<]+) <span", response.text)
    assert groups[:3] == ["Icebreakers", "Energisers", "Healing"]
    assert 'name="activity" value="closing_poem"' in response.text


@pytest.mark.parametrize("key", ["no_such_activity", ""])
def test_library_unknown_activity_is_explained(host_client, session, key):
    response = host_client.post(page_url(session, "agenda/library/"), {"activity": key})

    assert response.status_code == 200
    assert "activity" in re.search(r'class="message message-error">([^<]*)', response.text).group(1)
    assert not session.agenda_items.exists()


# --- One's own templates ------------------------------------------------------------------------


def test_template_saved_then_used_for_another_jam_of_the_same_host(host_client, host, session):
    lead = TeamMemberFactory(jam=session.jam)
    AgendaItemFactory(
        session=session,
        title="Arrival tea",
        duration_minutes=20,
        kind="break",
        materials="Tea, cups",
        facilitator_notes="Greet each person by name.",
        lead=lead,
    )
    AgendaItemFactory(session=session, title="Healing circle", duration_minutes=40)

    saved = host_client.post(
        page_url(session, "agenda/template/save/"), {"name": "  Healing evening  "}
    )

    template = AgendaTemplate.objects.get(owner=host)
    assert saved["Location"] == f"{page_url(session)}#agenda-templates"
    assert template.name == "Healing evening"
    assert [row["title"] for row in template.items] == ["Arrival tea", "Healing circle"]

    other_jam = JamFactory(host=host)
    other_session = SessionFactory(jam=other_jam, number=1)
    page = host_client.get(page_url(other_session))
    assert "Healing evening" in page.text
    assert f'value="mine:{template.pk}"' in page.text

    apply(host_client, other_session, f"mine:{template.pk}")

    copied = list(other_session.agenda_items.order_by("position"))
    assert [(item.title, item.duration_minutes, item.kind) for item in copied] == [
        ("Arrival tea", 20, "break"),
        ("Healing circle", 40, "activity"),
    ]
    assert copied[0].materials == "Tea, cups"
    assert copied[0].facilitator_notes == "Greet each person by name."
    assert copied[0].lead is None  # the team is another one


def test_template_save_with_htmx_lists_it_at_once(host_client, session):
    AgendaItemFactory(session=session, title="Welcome")

    response = host_client.post(
        page_url(session, "agenda/template/save/"), {"name": "Short evening"}, headers=HTMX
    )

    assert response["HX-Retarget"] == "#agenda-save"
    assert "This agenda is saved as your template “Short evening”." in response.text
    assert '<section id="agenda-templates" class="agenda-panel"' in response.text
    assert 'hx-swap-oob="true"' in response.text
    assert "Short evening" in response.text.split('id="agenda-templates"')[1]


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_template_save_with_a_bad_name_is_refused(host_client, session, name):
    AgendaItemFactory(session=session, title="Welcome")

    response = host_client.post(page_url(session, "agenda/template/save/"), {"name": name})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert not AgendaTemplate.objects.exists()


def test_template_save_of_an_empty_agenda_is_refused(host_client, session):
    response = host_client.post(
        page_url(session, "agenda/template/save/"), {"name": "Nothing"}, headers=HTMX
    )

    assert response.status_code == 200
    assert "Add items to the agenda before saving it as a template." in response.text
    assert not AgendaTemplate.objects.exists()


def test_template_of_another_user_is_neither_listed_nor_usable(host_client, session):
    theirs = AgendaTemplate.objects.create(
        owner=UserFactory(),
        name="Someone else’s secret plan",
        items=[{"minutes": 10, "kind": "activity", "title": "Their item"}],
    )

    page = host_client.get(page_url(session))
    response = apply(host_client, session, f"mine:{theirs.pk}")

    assert "Someone else’s secret plan" not in page.text
    assert "We do not know that template." in response.text
    assert not session.agenda_items.exists()


def test_template_with_odd_saved_rows_is_brought_into_range(host_client, host, session):
    template = AgendaTemplate.objects.create(
        owner=host,
        name="Hand-edited",
        items=[
            {"minutes": 0, "kind": "party", "title": "Too short"},
            {"minutes": "lots", "title": "Not a number"},
            {"minutes": 100000, "kind": "meal", "title": "Too long"},
            {"title": "   "},
            "not even a row",
        ],
    )

    apply(host_client, session, f"mine:{template.pk}")

    assert items(session) == [
        ("Too short", 1, "activity"),
        ("Not a number", 15, "activity"),
        ("Too long", 480, "meal"),
    ]
