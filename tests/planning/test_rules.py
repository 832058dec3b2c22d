"""Planning's rules as a matrix: each predicate, each role, by default and as the host chose.

Written out by hand (not read from ``ROLE_DEFAULTS``), so a change to the table shows here.
"""

import pytest

from planning import rules
from planning.enums import Permission
from tests.factories import TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

H, F, L, N, C = "host", "facilitator", "logistics", "note_taker", "other"


def _manage_team(user, jam):
    return rules.can_manage_team(jam=jam, user=user)


MATRIX = {
    rules.can_delete_jam: {H},
    rules.can_choose_permissions: {H},
    _manage_team: {H},
    rules.can_erase_guest: {H},
    rules.can_give_guest_new_link: {H},
    rules.can_write_to_guests: {H},
    rules.is_on_team: {H, F, L, N, C},
}

DEFAULTS = {
    H: set(Permission.values),
    F: {"plan_agenda", "prepare_space", "run_sessions", "take_notes", "roadmap", "materials"}
    | {"write_report"},
    L: {"prepare_space", "materials", "roadmap", "take_attendance", "see_needs_with_names"},
    N: {"take_notes", "take_attendance", "roadmap", "write_report"},
    C: {"roadmap"},
}


def _person(jam, host, role):
    if role == H:
        return host
    return TeamMemberFactory(jam=jam, role=role, custom_role="Photographer").user


@pytest.mark.parametrize("predicate", MATRIX, ids=lambda p: p.__name__)
@pytest.mark.parametrize("role", [H, F, L, N, C])
def test_each_predicate_for_each_role(jam, host, predicate, role):
    assert predicate(_person(jam, host, role), jam) is (role in MATRIX[predicate])


@pytest.mark.parametrize("predicate", MATRIX, ids=lambda p: p.__name__)
def test_nobody_off_the_team(jam, predicate):
    assert not predicate(UserFactory(), jam)


@pytest.mark.parametrize("role", [H, F, L, N, C])
def test_every_permission_for_each_role_by_default(jam, host, role):
    person = _person(jam, host, role)

    granted = {value for value in Permission.values if rules.may(person, jam, value)}

    assert granted == DEFAULTS[role]


def test_what_the_host_chose_wins_over_the_defaults_but_never_over_the_host(jam, host):
    jam.role_permissions = {"note_taker": ["plan_agenda"], "host": []}
    jam.save()
    note_taker = TeamMemberFactory(jam=jam, role=N).user

    assert rules.may(note_taker, jam, Permission.PLAN_AGENDA)
    assert not rules.may(note_taker, jam, Permission.TAKE_NOTES)
    assert rules.may(host, jam, Permission.TAKE_NOTES)


def test_the_host_is_known_on_the_team(jam, host):
    member = TeamMemberFactory(jam=jam, role="note_taker")
    host_member = TeamMemberFactory(jam=jam, user=host, role="host")

    assert rules.is_host_member(host_member)
    assert not rules.is_host_member(member)
