"""The sessions app's rules as a matrix: each predicate, each role, by default.

Written out by hand (not read from ``ROLE_DEFAULTS``), so a change to the table shows here.
"""

import pytest

from planning.enums import TeamRole
from sessions import rules
from tests.factories import TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

H, F, L, N, C = "host", "facilitator", "logistics", "note_taker", "other"
MATRIX = {
    rules.can_change_sessions: {H},
    rules.can_cancel_sessions: {H},
    rules.can_edit_agenda: {H, F},
    rules.can_prepare_space: {H, F, L},
    rules.can_run_sessions: {H, F},
    rules.can_take_notes: {H, F, N},
    rules.can_take_attendance: {H, L, N},
}


@pytest.mark.parametrize("predicate", MATRIX, ids=lambda p: p.__name__)
@pytest.mark.parametrize("role", [H, F, L, N, C])
def test_each_role_by_default(jam, host, predicate, role):
    person = (
        host
        if role == H
        else TeamMemberFactory(jam=jam, role=role, custom_role="Photographer").user
    )

    assert predicate(person, jam) is (role in MATRIX[predicate])


@pytest.mark.parametrize("predicate", MATRIX, ids=lambda p: p.__name__)
def test_nobody_off_the_team(jam, predicate):
    TeamMemberFactory(role=TeamRole.FACILITATOR)  # on another Jam's team

    assert not predicate(UserFactory(), jam)
