"""Planning's rules, person by person: the host's own actions are the host's alone."""

import pytest

from planning import rules
from tests.factories import TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

HOST_ONLY = (
    rules.can_delete_jam,
    rules.can_erase_guest,
    rules.can_give_guest_new_link,
    rules.can_write_to_guests,
)


@pytest.mark.parametrize("predicate", HOST_ONLY, ids=lambda predicate: predicate.__name__)
def test_the_hosts_own_actions_by_person(jam, host, predicate):
    member = TeamMemberFactory(jam=jam, role="facilitator").user
    stranger = UserFactory()

    assert predicate(host, jam)
    assert not predicate(member, jam)
    assert not predicate(stranger, jam)
    assert rules.can_manage_team(jam=jam, user=host)
    assert not rules.can_manage_team(jam=jam, user=member)


def test_the_host_is_known_on_the_team(jam, host):
    member = TeamMemberFactory(jam=jam, role="note_taker")
    host_member = TeamMemberFactory(jam=jam, user=host, role="host")

    assert rules.is_host_member(host_member)
    assert not rules.is_host_member(member)
