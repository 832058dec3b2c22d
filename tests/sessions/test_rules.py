"""The sessions app's rules, person by person: the Jam's team plans sessions and agendas."""

import pytest

from sessions import rules
from tests.factories import TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "predicate", (rules.can_change_sessions, rules.can_edit_agenda), ids=lambda p: p.__name__
)
def test_the_team_plans_sessions_and_agendas(jam, host, predicate):
    member = TeamMemberFactory(jam=jam, role="note_taker").user

    assert predicate(host, jam)
    assert predicate(member, jam)
    assert not predicate(UserFactory(), jam)
