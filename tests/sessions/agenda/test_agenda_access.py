"""Only the Jam's own team sees or changes its agendas."""

import pytest

from planning.enums import TeamRole
from sessions.agenda.models import AgendaItem, AgendaTemplate
from tests.factories import AgendaItemFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(jam) -> AgendaItem:
    session = jam.sessions.get()
    AgendaItemFactory(session=session, title="Welcome", duration_minutes=15)
    return AgendaItemFactory(session=session, title="Closing", duration_minutes=10)


def agenda_urls(item: AgendaItem) -> list[str]:
    base = f"/jams/{item.session.jam.slug}/sessions/{item.session.key}/"
    items = f"{base}agenda/items/{item.pk}/"
    return [
        base,
        f"{base}agenda/items/new/",
        f"{items}edit/",
        f"{items}duplicate/",
        f"{items}delete/",
        f"{items}move/",
        f"{base}agenda/reorder/",
        f"{base}agenda/template/",
        f"{base}agenda/template/save/",
        f"{base}agenda/library/",
    ]


def snapshot(item: AgendaItem) -> list[tuple]:
    return list(
        AgendaItem.objects.filter(session=item.session)
        .order_by("position", "pk")
        .values_list("pk", "title", "duration_minutes", "version")
    )


POST_DATA = {
    "title": "Taken over",
    "duration_minutes": "30",
    "kind": "activity",
    "version": "1",
    "direction": "up",
    "order": [],
    "template": "toolkit:online_two_hours",
    "activity": "healing_circle",
    "name": "Stolen",
}


def test_agenda_urls_are_404_for_another_host(other_client, item):
    before = snapshot(item)

    for url in agenda_urls(item):
        assert other_client.get(url).status_code == 404, url
        # 405: a page that only shows takes no POST, from anyone
        assert other_client.post(url, POST_DATA).status_code in (404, 405), url
        htmx = other_client.post(url, POST_DATA, headers={"HX-Request": "true"})
        assert htmx.status_code in (404, 405), url

    assert snapshot(item) == before
    assert not AgendaTemplate.objects.exists()


def test_agenda_urls_are_404_for_a_team_member_of_another_jam(other_client, other_host, item):
    TeamMemberFactory(user=other_host)  # on someone else's team

    for url in agenda_urls(item):
        assert other_client.post(url, POST_DATA).status_code in (404, 405), url


def test_agenda_is_open_to_the_jams_team(other_client, other_host, item):
    TeamMemberFactory(jam=item.session.jam, user=other_host)

    response = other_client.post(
        f"/jams/{item.session.jam.slug}/sessions/{item.session.key}/agenda/library/",
        {"activity": "closing_poem"},
    )

    assert response.status_code == 302
    assert item.session.agenda_items.filter(title="Choreography of voices").exists()


def test_agenda_urls_ask_a_stranger_to_sign_in(client, item):
    for url in agenda_urls(item):
        response = client.post(url, POST_DATA)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/"), url
    assert item.session.agenda_items.count() == 2


def test_agenda_addresses_that_only_change_things_lead_back_to_the_agenda(host_client, item):
    base = f"/jams/{item.session.jam.slug}/sessions/{item.session.key}/"

    for path, anchor in (
        (f"agenda/items/{item.pk}/move/", f"item-{item.pk}"),
        (f"agenda/items/{item.pk}/duplicate/", f"item-{item.pk}"),
        ("agenda/reorder/", "agenda"),
        ("agenda/template/", "agenda-templates"),
        ("agenda/template/save/", "agenda-save"),
        ("agenda/library/", "agenda-library"),
    ):
        assert host_client.get(base + path)["Location"] == f"{base}#{anchor}"
    assert item.session.agenda_items.count() == 2


def test_agenda_page_shows_the_builder_only_to_a_role_that_plans_the_agenda(
    client, host_client, item
):
    jam, session = item.session.jam, item.session
    page, *controls = agenda_urls(item)
    change_time = f"/jams/{jam.slug}/sessions/{session.key}/edit/"
    note_taker = TeamMemberFactory(jam=jam, role=TeamRole.NOTE_TAKER).user
    facilitator = TeamMemberFactory(jam=jam, role=TeamRole.FACILITATOR).user

    client.force_login(note_taker)
    shown = client.get(page).text
    fragment = client.get(page, headers={"HX-Request": "true", "HX-Target": "agenda"}).text
    client.force_login(facilitator)
    offered = client.get(page).text
    hosts = host_client.get(page).text

    assert "Welcome" in shown and "Closing" in shown
    assert [url for url in controls if url in shown] == []
    assert 'class="agenda-drag"' not in shown and "js/agenda.js" not in shown
    for heading in ("agenda-add-title", "agenda-templates-title", "agenda-library-title"):
        assert f'id="{heading}"' not in shown
    assert "does not include planning the agenda" in shown
    assert "Closing" in fragment and [url for url in controls if url in fragment] == []
    assert [url for url in controls if url not in offered] == []
    assert "does not include planning the agenda" not in offered
    # Changing the session's time is the host's, by default.
    assert change_time not in shown and change_time not in offered and change_time in hosts
