import json

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.enums import JamFormat, TeamRole
from planning.materials.selectors import (
    MATERIALS_FIXTURE,
    material_suggestions,
    material_suggestions_open,
    suggestions_for,
)
from planning.materials.services import material_add_suggestions, material_create
from planning.models import Material, TeamMember
from tests.factories import JamFactory, MaterialFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def host_member(jam, host):
    member, _ = TeamMember.objects.get_or_create(
        jam=jam, user=host, defaults={"role": TeamRole.HOST}
    )
    return member


@pytest.fixture
def helper(jam):
    return TeamMemberFactory(
        jam=jam, user=UserFactory(name="Amina Helper"), role=TeamRole.LOGISTICS
    )


def url(name, jam, material=None):
    kwargs = {"slug": jam.slug}
    if material is not None:
        kwargs["pk"] = material.pk
    return reverse(f"planning:{name}", kwargs=kwargs)


def page_text(client, jam) -> str:
    response = client.get(url("materials", jam))
    assert response.status_code == 200
    return response.content.decode()


def offered_keys(html: str) -> set[str]:
    return {s.key for s in material_suggestions() if f'value="{s.key}"' in html}


# --- The suggestions ----------------------------------------------------------


def test_fixture_suggestions_are_well_formed():
    data = json.loads(MATERIALS_FIXTURE.read_text(encoding="utf-8"))
    assert "CIVICUS Jam Sessions Toolkit" in data["source"]
    keys = [s["key"] for s in data["suggestions"]]
    assert len(keys) == len(set(keys))
    for suggestion in material_suggestions():
        assert suggestion.formats <= set(JamFormat.values)
        assert suggestion.formats
        assert 0 < len(suggestion.name) <= Material._meta.get_field("name").max_length
        assert len(suggestion.key) <= Material._meta.get_field("suggestion_key").max_length
        assert suggestion.hint


def test_suggestions_online_jam_offers_online_tools(host_client, jam):
    html = page_text(host_client, jam)

    offered = offered_keys(html)
    assert {"miro", "mural", "jamboard", "slido", "mentimeter", "video_call", "playlist"} <= offered
    assert not offered & {"paper_pens", "ball", "snacks", "room_camera_mic"}
    assert "Mentimeter" in html


def test_suggestions_in_person_jam_offers_things_to_bring(host_client, host):
    jam = JamFactory(host=host, format=JamFormat.IN_PERSON)

    offered = offered_keys(page_text(host_client, jam))

    assert {
        "paper_pens",
        "name_tags",
        "games",
        "instruments",
        "snacks",
        "sound_system",
        "ball",
    } <= offered
    assert not offered & {"miro", "slido", "video_call", "room_camera_mic"}


def test_suggestions_hybrid_jam_offers_both_and_a_room_camera(host_client, host):
    jam = JamFactory(host=host, format=JamFormat.HYBRID)

    offered = offered_keys(page_text(host_client, jam))

    assert {"paper_pens", "ball", "miro", "slido", "room_camera_mic"} <= offered
    assert offered == {s.key for s in suggestions_for(jam_format=JamFormat.HYBRID)}


def test_suggestions_jamboard_hint_says_it_is_retired(host_client, jam):
    html = page_text(host_client, jam)

    assert "Google retired Jamboard at the end of 2024" in html
    assert "Excalidraw" in html


def test_suggestions_add_several_at_once(host_client, jam):
    response = host_client.post(url("material_suggestions_add", jam), {"keys": ["slido", "miro"]})

    assert response.status_code == 302
    assert response["Location"] == url("materials", jam)
    stored = list(jam.materials.values_list("suggestion_key", "name", "ready"))
    assert stored == [("miro", "Miro", False), ("slido", "Slido", False)]  # the fixture's order
    html = page_text(host_client, jam)
    assert "2 things are added to the list." in html
    assert "Ready: Miro" in html
    assert not offered_keys(html) & {"miro", "slido"}
    assert "mural" in offered_keys(html)


def test_suggestions_added_after_own_things_go_to_the_end(host_client, jam):
    own = MaterialFactory(jam=jam, name="Blankets", position=4)

    host_client.post(url("material_suggestions_add", jam), {"keys": ["miro"]})

    assert list(jam.materials.values_list("name", flat=True)) == [own.name, "Miro"]


def test_suggestions_sent_twice_are_added_once(host_client, jam):
    host_client.post(url("material_suggestions_add", jam), {"keys": ["miro"]})
    response = host_client.post(
        url("material_suggestions_add", jam), {"keys": ["miro"]}, follow=True
    )

    assert jam.materials.filter(suggestion_key="miro").count() == 1
    assert "Those suggestions were already on the list." in response.content.decode()


def test_suggestions_unknown_key_is_refused(host_client, jam):
    response = host_client.post(
        url("material_suggestions_add", jam), {"keys": ["miro", "flying-carpet"]}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "“flying-carpet” is not one of the suggestions for this Jam." in html
    assert 'value="miro" id="id_keys_' in html
    assert not jam.materials.exists()


def test_suggestions_key_for_another_format_is_refused(host_client, jam):
    response = host_client.post(url("material_suggestions_add", jam), {"keys": ["ball"]})

    assert response.status_code == 200
    assert "“ball” is not one of the suggestions for this Jam." in response.content.decode()
    assert not jam.materials.exists()


def test_suggestions_nothing_chosen_asks_for_a_choice(host_client, jam):
    response = host_client.post(url("material_suggestions_add", jam), {})

    assert response.status_code == 200
    assert "Choose at least one suggestion to add." in response.content.decode()


def test_suggestions_all_added_says_so(host_client, jam):
    keys = [s.key for s in suggestions_for(jam_format=jam.format)]
    host_client.post(url("material_suggestions_add", jam), {"keys": keys})

    html = page_text(host_client, jam)

    assert "All the suggestions for this format are on your list." in html
    assert offered_keys(html) == set()


def test_format_change_changes_offer_and_keeps_list(host_client, jam):
    host_client.post(url("material_suggestions_add", jam), {"keys": ["miro"]})
    jam.format = JamFormat.IN_PERSON
    jam.save(update_fields=["format"])

    html = page_text(host_client, jam)

    assert jam.materials.filter(suggestion_key="miro").exists()
    assert "Ready: Miro" in html
    offered = offered_keys(html)
    assert "paper_pens" in offered
    assert not offered & {"miro", "slido"}


def test_material_add_suggestions_skips_unknown_and_taken_keys(jam):
    material_add_suggestions(jam=jam, keys=["miro"])

    added = material_add_suggestions(jam=jam, keys=["miro", "slido", "nope"])

    assert [m.suggestion_key for m in added] == ["slido"]
    assert sorted(jam.materials.values_list("suggestion_key", flat=True)) == ["miro", "slido"]
    assert "miro" not in {s.key for s in material_suggestions_open(jam=jam)}


# --- Adding your own ----------------------------------------------------------


def test_material_create_adds_own_thing(host_client, jam, helper):
    response = host_client.post(
        url("material_create", jam),
        {"name": "  Blankets  ", "brought_by": helper.pk, "note": "Six, from the office"},
    )

    material = jam.materials.get()
    assert response.status_code == 302
    assert response["Location"] == f"{url('materials', jam)}#material-{material.pk}"
    assert (material.name, material.brought_by, material.note) == (
        "Blankets",
        helper,
        "Six, from the office",
    )
    html = page_text(host_client, jam)
    assert "“Blankets” is on the list." in html
    assert "Amina Helper" in html
    assert "Six, from the office" in html


def test_material_create_nobody_yet_is_allowed(host_client, jam):
    host_client.post(url("material_create", jam), {"name": "Tea", "brought_by": ""})

    assert jam.materials.get().brought_by is None
    assert "Nobody yet" in page_text(host_client, jam)


def test_material_create_empty_name_shows_error_and_keeps_input(host_client, jam):
    response = host_client.post(
        url("material_create", jam), {"name": "   ", "note": "For the circle"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter what is needed" in html
    assert 'value="For the circle"' in html
    assert not jam.materials.exists()


def test_material_create_name_too_long_shows_error(host_client, jam):
    response = host_client.post(url("material_create", jam), {"name": "x" * 121})

    assert response.status_code == 200
    assert "Use at most 120 characters (it has 121)." in response.content.decode()
    assert not jam.materials.exists()


def test_material_create_member_of_another_jam_is_refused(host_client, jam):
    stranger = TeamMemberFactory()  # in a Jam of its own

    response = host_client.post(
        url("material_create", jam), {"name": "Drums", "brought_by": stranger.pk}
    )

    assert response.status_code == 200
    assert "Choose someone from this Jam’s team, or “Nobody yet”." in response.content.decode()
    assert not jam.materials.exists()


@pytest.mark.parametrize("brought_by", ["999999", "someone", "-1"])
def test_material_create_unknown_member_is_refused(host_client, jam, brought_by):
    response = host_client.post(
        url("material_create", jam), {"name": "Drums", "brought_by": brought_by}
    )

    assert response.status_code == 200
    assert "Choose someone from this Jam’s team" in response.content.decode()
    assert not jam.materials.exists()


@pytest.mark.parametrize("name", ["material_create", "material_suggestions_add"])
def test_material_add_get_goes_back_to_the_list(host_client, jam, name):
    response = host_client.get(url(name, jam))

    assert response.status_code == 302
    assert response["Location"] == url("materials", jam)


def test_material_create_service_refuses_member_of_another_jam(jam):
    with pytest.raises(ValidationError):
        material_create(jam=jam, name="Drums", brought_by=TeamMemberFactory())
    assert not jam.materials.exists()


def test_materials_page_offers_only_this_jams_team(host_client, jam, host_member, helper):
    stranger = TeamMemberFactory(user=UserFactory(name="Zed Stranger"))

    html = page_text(host_client, jam)

    assert f'<option value="{host_member.pk}">Host Person (Host)</option>' in html
    assert f'<option value="{helper.pk}">Amina Helper (Logistics coordinator)</option>' in html
    assert "Zed Stranger" not in html
    assert f'value="{stranger.pk}"' not in html
    assert "Nobody yet" in html


# --- Ready or not -------------------------------------------------------------


def test_material_ready_without_htmx_redirects_back(host_client, jam):
    material = MaterialFactory(jam=jam, name="Paper and pens")

    response = host_client.post(url("material_ready", jam, material), {"ready": "1"})

    assert response.status_code == 302
    assert response["Location"] == f"{url('materials', jam)}#material-{material.pk}"
    assert "HX-Request" in response["Vary"]
    material.refresh_from_db()
    assert material.ready


def test_material_ready_with_htmx_returns_the_row_and_count(host_client, jam):
    material = MaterialFactory(jam=jam, name="Paper and pens")
    MaterialFactory(jam=jam, name="Snacks")

    response = host_client.post(url("material_ready", jam, material), {"ready": "1"}, headers=HTMX)

    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="material-{material.pk}"')
    assert "<html" not in html
    assert 'aria-pressed="true"' in html
    assert "Ready: Paper and pens" in html
    assert "Snacks" not in html
    assert 'id="materials-progress" class="materials-progress" hx-swap-oob="innerHTML"' in html
    assert "1 of 2 ready" in html
    material.refresh_from_db()
    assert material.ready


def test_material_ready_sent_twice_stays_ready(host_client, jam):
    material = MaterialFactory(jam=jam)

    host_client.post(url("material_ready", jam, material), {"ready": "1"})
    host_client.post(url("material_ready", jam, material), {"ready": "1"})

    material.refresh_from_db()
    assert material.ready


def test_material_ready_can_be_undone(host_client, jam):
    material = MaterialFactory(jam=jam, name="Slido", ready=True)

    response = host_client.post(url("material_ready", jam, material), {"ready": "0"}, headers=HTMX)

    material.refresh_from_db()
    assert not material.ready
    assert 'aria-pressed="false"' in response.content.decode()
    assert "0 of 1 ready" in response.content.decode()


@pytest.mark.parametrize("data", [{}, {"ready": "maybe"}])
def test_material_ready_bad_value_changes_nothing(host_client, jam, data):
    material = MaterialFactory(jam=jam, ready=True)

    response = host_client.post(url("material_ready", jam, material), data, follow=True)

    material.refresh_from_db()
    assert material.ready
    assert "Choose ready or not ready." in response.content.decode()


def test_material_ready_get_is_not_allowed(host_client, jam):
    material = MaterialFactory(jam=jam)

    response = host_client.get(url("material_ready", jam, material))

    assert response.status_code == 405


def test_materials_page_shows_progress(host_client, jam):
    MaterialFactory(jam=jam, name="Paper and pens", ready=True)
    MaterialFactory(jam=jam, name="Snacks")
    MaterialFactory(jam=jam, name="Ball")

    html = page_text(host_client, jam)

    assert "1 of 3 ready" in html
    assert '<progress max="3" value="1" aria-labelledby="materials-progress-text">' in html
    assert 'role="status"' in html
    assert 'aria-pressed="true"' in html
    assert html.count('aria-pressed="false"') == 2


def test_materials_page_empty_says_so(host_client, jam):
    html = page_text(host_client, jam)

    assert "Nothing on the list yet." in html
    assert "<progress" not in html
    assert f'href="{jam.get_absolute_url()}"' in html


# --- Changing and removing ----------------------------------------------------


def test_material_edit_saves_changes(host_client, jam, helper):
    material = MaterialFactory(jam=jam, name="Paper", note="")

    page = host_client.get(url("material_edit", jam, material))
    response = host_client.post(
        url("material_edit", jam, material),
        {"name": "Paper and pens", "brought_by": helper.pk, "note": "A4, 50 sheets"},
    )

    assert "Change “Paper”" in page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == f"{url('materials', jam)}#material-{material.pk}"
    material.refresh_from_db()
    assert (material.name, material.brought_by, material.note) == (
        "Paper and pens",
        helper,
        "A4, 50 sheets",
    )


def test_material_edit_empty_name_keeps_what_was_saved(host_client, jam):
    material = MaterialFactory(jam=jam, name="Paper", note="Old note")

    response = host_client.post(
        url("material_edit", jam, material), {"name": "", "note": "New note"}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Enter what is needed" in html
    assert "Change “Paper”" in html
    assert 'value="New note"' in html
    material.refresh_from_db()
    assert (material.name, material.note) == ("Paper", "Old note")


def test_material_edit_member_of_another_jam_is_refused(host_client, jam, helper):
    material = MaterialFactory(jam=jam, brought_by=helper)

    response = host_client.post(
        url("material_edit", jam, material),
        {"name": "Drums", "brought_by": TeamMemberFactory().pk},
    )

    assert response.status_code == 200
    assert "Choose someone from this Jam’s team" in response.content.decode()
    material.refresh_from_db()
    assert material.brought_by == helper


def test_material_delete_asks_then_removes(host_client, jam):
    material = MaterialFactory(jam=jam, name="Drums")

    page = host_client.get(url("material_delete", jam, material))
    response = host_client.post(url("material_delete", jam, material), follow=True)

    assert "Remove “Drums” from the list?" in page.content.decode()
    assert "This also deletes" not in page.content.decode()  # nothing goes with it
    assert Material.objects.filter(pk=material.pk).exists() is False
    assert "“Drums” is removed." in response.content.decode()


def test_material_delete_offers_the_suggestion_again(host_client, jam):
    (material,) = material_add_suggestions(jam=jam, keys=["miro"])

    host_client.post(url("material_delete", jam, material))

    assert "miro" in offered_keys(page_text(host_client, jam))


def test_team_member_leaving_keeps_the_thing(jam, helper):
    material = MaterialFactory(jam=jam, brought_by=helper)

    helper.delete()

    material.refresh_from_db()
    assert material.brought_by is None


# --- Who may ------------------------------------------------------------------


def _every_materials_request(jam, material):
    return [
        ("get", url("materials", jam), {}),
        ("post", url("material_create", jam), {"name": "Intruder's drum"}),
        ("post", url("material_suggestions_add", jam), {"keys": ["miro"]}),
        ("post", url("material_ready", jam, material), {"ready": "1"}),
        ("get", url("material_edit", jam, material), {}),
        ("post", url("material_edit", jam, material), {"name": "Renamed"}),
        ("get", url("material_delete", jam, material), {}),
        ("post", url("material_delete", jam, material), {}),
    ]


def test_materials_other_host_gets_404_everywhere(other_client, jam):
    material = MaterialFactory(jam=jam, name="Paper and pens")

    for method, address, data in _every_materials_request(jam, material):
        response = getattr(other_client, method)(address, data)
        assert response.status_code == 404, (method, address)
        response = getattr(other_client, method)(address, data, headers=HTMX)
        assert response.status_code == 404, (method, address, "htmx")

    assert list(jam.materials.values_list("name", "ready")) == [("Paper and pens", False)]


def test_material_of_another_jam_is_404(host_client, jam):
    elsewhere = MaterialFactory(name="Someone else's drum")  # in another host's Jam
    paths = [
        reverse(f"planning:{name}", kwargs={"slug": jam.slug, "pk": elsewhere.pk})
        for name in ("material_ready", "material_edit", "material_delete")
    ]

    for path in paths:
        assert host_client.post(path, {"ready": "1", "name": "Mine now"}).status_code == 404
    assert host_client.get(paths[1]).status_code == 404

    elsewhere.refresh_from_db()
    assert (elsewhere.name, elsewhere.ready) == ("Someone else's drum", False)


def test_materials_team_member_can_use_the_list(client, jam, helper):
    material = MaterialFactory(jam=jam, name="Snacks")
    client.force_login(helper.user)

    page = client.get(url("materials", jam))
    client.post(url("material_ready", jam, material), {"ready": "1"})

    assert "Ready: Snacks" in page.content.decode()
    material.refresh_from_db()
    assert material.ready


def test_materials_controls_show_only_to_a_role_that_keeps_the_list(client, jam, helper):
    material = MaterialFactory(jam=jam, name="Snacks", ready=True)
    note_taker = TeamMemberFactory(jam=jam, role=TeamRole.NOTE_TAKER).user
    controls = [
        url("material_ready", jam, material),
        url("material_edit", jam, material),
        url("material_delete", jam, material),
        url("material_create", jam),
        url("material_suggestions_add", jam),
    ]

    client.force_login(note_taker)
    shown = page_text(client, jam)
    client.force_login(helper.user)
    offered = page_text(client, jam)

    assert "Snacks" in shown and "Ready" in shown
    assert [address for address in controls if address in shown] == []
    assert 'id="add-title"' not in shown and 'id="suggestions-title"' not in shown
    assert "does not include keeping this list" in shown
    assert [address for address in controls if address not in offered] == []
    # Changing the Jam's format is not the logistics coordinator's either.
    assert reverse("jams:edit", kwargs={"slug": jam.slug}) not in offered


def test_materials_change_the_format_link_shows_to_the_host(host_client, jam):
    assert reverse("jams:edit", kwargs={"slug": jam.slug}) in page_text(host_client, jam)


def test_materials_signed_out_goes_to_sign_in(client, jam):
    response = client.get(url("materials", jam))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Queries ------------------------------------------------------------------


def _queries_for_page(client, jam) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("materials", jam))
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_materials_page_query_count_does_not_grow(host_client, jam, host_member):
    MaterialFactory(jam=jam, brought_by=host_member)
    few = _queries_for_page(host_client, jam)

    members = [host_member] + [TeamMemberFactory(jam=jam) for _ in range(4)]
    for n in range(29):
        MaterialFactory(jam=jam, brought_by=members[n % 5], note=f"note {n}", ready=n % 2 == 0)
    many = _queries_for_page(host_client, jam)

    assert jam.materials.count() == 30
    assert many == few


def test_material_ready_htmx_query_count_does_not_grow(host_client, jam, host_member):
    first = MaterialFactory(jam=jam, brought_by=host_member)
    with CaptureQueriesContext(connection) as few:
        host_client.post(url("material_ready", jam, first), {"ready": "1"}, headers=HTMX)

    for _ in range(29):
        MaterialFactory(jam=jam, brought_by=host_member)
    with CaptureQueriesContext(connection) as many:
        host_client.post(url("material_ready", jam, first), {"ready": "0"}, headers=HTMX)

    assert len(many.captured_queries) == len(few.captured_queries)
