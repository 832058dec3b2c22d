"""Roles as permissions: the table's defaults, the host's choices, and what each role sees.

The full URL × method × role matrix is ``tests/test_permission_matrix.py``; here, what a
person meets: the team page's "who may do what", the host changing it, and pages that show
less to a role that may see less.
"""

import pytest
from django.test import Client
from django.urls import reverse

from planning import rules
from planning.enums import Permission, TeamRole
from planning.models import TeamMember
from tests.factories import (
    GuestFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _member(jam, role, **extra) -> TeamMember:
    return TeamMemberFactory(jam=jam, role=role, **extra)


def _team_url(jam) -> str:
    return reverse("planning:team", kwargs={"slug": jam.slug})


def _permissions_url(jam) -> str:
    return reverse("planning:team_permissions", kwargs={"slug": jam.slug})


def _agenda_add_url(session) -> str:
    return reverse(
        "sessions:agenda_item_create", kwargs={"slug": session.jam.slug, "key": session.key}
    )


def _grid(jam, **changes) -> dict:
    """The permissions form as the team page would post it, with ``changes`` per field."""
    data = {}
    for role in rules.LISTED_ROLES:
        data[f"role-{role}"] = sorted(rules.role_permissions(jam, role))
    for member in jam.team_members.filter(role=TeamRole.OTHER):
        data[f"member-{member.pk}"] = sorted(rules.member_permissions(member, jam))
    data.update(changes)
    return data


def test_the_defaults_follow_the_roles(jam, host):
    facilitator = _member(jam, TeamRole.FACILITATOR).user
    logistics = _member(jam, TeamRole.LOGISTICS).user
    note_taker = _member(jam, TeamRole.NOTE_TAKER).user
    named = _member(jam, TeamRole.OTHER, custom_role="Photographer").user

    host_only_by_default = (
        Permission.CANCEL_SESSIONS,
        Permission.SCHEDULE_SESSIONS,
        Permission.WRITE_TO_GUESTS,
        Permission.MANAGE_TEAM,
        Permission.ERASE_GUESTS,
        Permission.SUBMIT_REPORT,
    )
    for permission in host_only_by_default:
        assert rules.may(host, jam, permission)
        for person in (facilitator, logistics, note_taker, named):
            assert not rules.may(person, jam, permission), (person, permission)
    assert rules.may(note_taker, jam, Permission.TAKE_NOTES)
    assert rules.may(note_taker, jam, Permission.TAKE_ATTENDANCE)
    assert not rules.may(note_taker, jam, Permission.PLAN_AGENDA)
    assert rules.may(logistics, jam, Permission.SEE_NEEDS_WITH_NAMES)
    assert not rules.may(facilitator, jam, Permission.SEE_NEEDS_WITH_NAMES)
    assert rules.may(facilitator, jam, Permission.PLAN_AGENDA)
    assert not rules.may(UserFactory(), jam, Permission.ROADMAP)


def test_asking_for_a_permission_that_does_not_exist_is_a_mistake(jam, host):
    with pytest.raises(RuntimeError):
        rules.may(host, jam, "fly")


def test_the_team_page_says_who_may_do_what_in_plain_words(jam, host):
    facilitator = _member(jam, TeamRole.FACILITATOR).user
    _member(jam, TeamRole.OTHER, custom_role="Photographer")

    page = _client(facilitator).get(_team_url(jam)).content.decode()

    assert "Who may do what" in page
    assert "Cancel sessions" in page
    assert "Take notes during sessions" in page
    assert "Photographer" in page  # a column of its own
    assert "Delete the Jam" in page  # only the host
    assert "Change what each role may do" not in page  # the host's form
    assert "Send the invitation" not in page  # inviting is the host's by default
    host_page = _client(host).get(_team_url(jam)).content.decode()
    assert "Change what each role may do" in host_page
    assert 'name="role-note_taker"' in host_page


def test_the_host_lets_a_role_do_more_and_it_takes_effect(jam, host):
    session = SessionFactory(jam=jam)
    note_taker = _member(jam, TeamRole.NOTE_TAKER).user
    item = {"title": "Breathing together", "duration_minutes": "10", "kind": "activity"}
    assert _client(note_taker).post(_agenda_add_url(session), item).status_code == 403

    chosen = sorted(rules.role_permissions(jam, TeamRole.NOTE_TAKER) | {Permission.PLAN_AGENDA})
    response = _client(host).post(_permissions_url(jam), _grid(jam, **{"role-note_taker": chosen}))

    assert response.status_code == 302
    jam.refresh_from_db()
    assert Permission.PLAN_AGENDA in jam.role_permissions["note_taker"]
    response = _client(note_taker).post(_agenda_add_url(session), item)
    assert response.status_code == 302
    assert session.agenda_items.filter(title="Breathing together").exists()


def test_the_host_can_also_take_a_permission_away(jam, host):
    session = SessionFactory(jam=jam)
    facilitator = _member(jam, TeamRole.FACILITATOR).user
    chosen = sorted(rules.role_permissions(jam, TeamRole.FACILITATOR) - {Permission.PLAN_AGENDA})

    _client(host).post(_permissions_url(jam), _grid(jam, **{"role-facilitator": chosen}))

    response = _client(facilitator).post(_agenda_add_url(session), {"title": "Yoga"})
    assert response.status_code == 403
    assert "Plan the agendas" in response.content.decode()  # what is missing, said plainly


def test_the_host_chooses_what_a_named_role_may_do(jam, host):
    named = _member(jam, TeamRole.OTHER, custom_role="Photographer")
    assert rules.member_permissions(named, jam) == {Permission.ROADMAP}

    _client(host).post(
        _permissions_url(jam),
        _grid(jam, **{f"member-{named.pk}": [Permission.MATERIALS, Permission.TAKE_NOTES]}),
    )

    named.refresh_from_db()
    assert set(named.permissions) == {Permission.MATERIALS, Permission.TAKE_NOTES}
    assert rules.may(named.user, jam, Permission.MATERIALS)
    assert not rules.may(named.user, jam, Permission.ROADMAP)


def test_a_new_role_brings_its_own_permissions(jam, host):
    named = _member(jam, TeamRole.OTHER, custom_role="Photographer", permissions=["materials"])
    url = reverse("planning:team_member_role", kwargs={"slug": jam.slug, "pk": named.pk})

    _client(host).post(url, {f"member-{named.pk}-role": TeamRole.NOTE_TAKER})

    named.refresh_from_db()
    assert named.role == TeamRole.NOTE_TAKER and named.permissions is None
    assert rules.member_permissions(named, jam) == rules.ROLE_DEFAULTS[TeamRole.NOTE_TAKER]


def test_only_the_host_chooses_even_when_a_member_may_manage_the_team(jam, host):
    jam.role_permissions = {"facilitator": [Permission.MANAGE_TEAM]}
    jam.save()
    facilitator = _member(jam, TeamRole.FACILITATOR)
    client = _client(facilitator.user)

    response = client.post(_permissions_url(jam), _grid(jam))
    assert response.status_code == 403
    own_role = reverse("planning:team_member_role", kwargs={"slug": jam.slug, "pk": facilitator.pk})
    response = client.post(own_role, {f"member-{facilitator.pk}-role": TeamRole.LOGISTICS})
    assert response.status_code == 403
    facilitator.refresh_from_db()
    assert facilitator.role == TeamRole.FACILITATOR


def test_a_permission_that_does_not_exist_is_refused_with_a_message(jam, host):
    response = _client(host).post(
        _permissions_url(jam), _grid(jam, **{"role-facilitator": ["fly"]})
    )

    assert response.status_code == 200
    assert "Choose from the list." in response.content.decode()
    jam.refresh_from_db()
    assert jam.role_permissions == {}


def test_guest_emails_and_named_needs_only_for_roles_that_may_see_them(jam, host):
    SessionFactory(jam=jam)
    GuestFactory(jam=jam, name="Wanjiru", email="wanjiru@example.test", needs="A quiet corner")
    facilitator = _member(jam, TeamRole.FACILITATOR).user
    logistics = _member(jam, TeamRole.LOGISTICS).user
    guests = reverse("planning:guests", kwargs={"slug": jam.slug})
    accessibility = reverse("space:accessibility", kwargs={"slug": jam.slug})

    host_page = _client(host).get(guests).content.decode()
    facilitator_page = _client(facilitator).get(guests).content.decode()
    logistics_page = _client(logistics).get(guests).content.decode()

    assert "wanjiru@example.test" in host_page and "A quiet corner" in host_page
    assert "Wanjiru" in facilitator_page  # who is coming, yes
    assert "wanjiru@example.test" not in facilitator_page
    assert "A quiet corner" not in facilitator_page
    assert "wanjiru@example.test" not in logistics_page
    assert "A quiet corner" in logistics_page
    needs_for_facilitator = _client(facilitator).get(accessibility).content.decode()
    assert "A quiet corner" in needs_for_facilitator
    assert "Wanjiru" not in needs_for_facilitator
    assert "Wanjiru" in _client(logistics).get(accessibility).content.decode()
