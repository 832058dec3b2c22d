"""The team's services and selectors: invitations, roles, removal and leaving."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from planning.enums import TeamRole
from planning.models import Jam, TeamInvitation, TeamMember, token_digest
from planning.team.selectors import (
    InvitationState,
    email_masked,
    invitation_get_by_token,
    invitation_list_open,
    invitation_state,
    team_list,
)
from planning.team.services import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    member_leave,
    member_remove,
    member_role_update,
)
from tests.factories import TeamInvitationFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

JOIN_LINK = re.compile(r"https://jams\.example\.org/team/join/([A-Za-z0-9_-]+)/")


def absolute_uri(path: str) -> str:
    """Stands in for request.build_absolute_uri."""
    return f"https://jams.example.org{path}"


@pytest.fixture
def team_jam(jam, host):
    """The `jam` fixture with its host on the team, as jam_create leaves it."""
    TeamMember.objects.get_or_create(jam=jam, user=host, defaults={"role": TeamRole.HOST})
    return Jam.objects.select_related("host").get(pk=jam.pk)


def invite(jam, *, email="ana@example.org", role=TeamRole.FACILITATOR, custom_role=""):
    return invitation_create(
        jam=jam,
        invited_by=jam.host,
        email=email,
        role=role,
        custom_role=custom_role,
        absolute_uri=absolute_uri,
    )


def token_in(message) -> str:
    match = JOIN_LINK.search(message.body)
    assert match, "the email carries no join link"
    return match.group(1)


# --- Inviting ------------------------------------------------------------------


def test_invitation_create_emails_a_link_whose_token_is_stored_only_as_digest(
    team_jam, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(team_jam, email="  Ana@Example.ORG ")

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ana@example.org"]
    token = token_in(message)
    assert invitation.token_digest == token_digest(token)
    assert token not in invitation.token_digest
    assert len(token) >= 40
    assert invitation.email == "ana@example.org"
    assert invitation.invited_by == team_jam.host
    assert invitation.expires_at - invitation.created_at == pytest.approx(
        TeamInvitation.VALID_FOR, abs=dt.timedelta(seconds=5)
    )
    assert invitation_state(invitation, now=invitation.created_at) == InvitationState.PENDING


def test_invitation_email_says_who_invites_to_what_as_what_until_when(
    team_jam, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(team_jam, role=TeamRole.OTHER, custom_role="Snack wizard")

    message = mailoutbox[0]
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert team_jam.name in message.subject
    for part in (message.body, html):
        assert "Host Person (host@example.test)" in part
        assert team_jam.name in part
        assert "Snack wizard" in part
        assert "7 days" in part
        assert "ignore this email" in part
        assert f"https://jams.example.org/team/join/{token_in(message)}/" in part


def test_invitation_email_is_not_sent_when_the_transaction_rolls_back(
    team_jam, mailoutbox, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        invite(team_jam)
        raise RuntimeError("something later failed")

    assert mailoutbox == []
    assert not TeamInvitation.objects.exists()


@pytest.mark.parametrize("email", ["host@example.test", "HOST@example.test", "bo@example.org"])
def test_invitation_create_refuses_someone_already_on_the_team(team_jam, email):
    TeamMemberFactory(jam=team_jam, user=UserFactory(email="bo@example.org"))

    with pytest.raises(ValidationError) as error:
        invite(team_jam, email=email)

    assert error.value.code == "already_member"
    assert not TeamInvitation.objects.exists()


def test_invitation_create_refuses_a_second_open_invitation_to_the_same_address(team_jam):
    invite(team_jam, email="ana@example.org")

    with pytest.raises(ValidationError) as error:
        invite(team_jam, email="ANA@example.org")

    assert error.value.code == "already_invited"
    assert TeamInvitation.objects.count() == 1


def test_invitation_create_replaces_an_expired_invitation_to_the_same_address(
    team_jam, time_machine
):
    old = invite(team_jam, email="ana@example.org")
    time_machine.move_to(old.expires_at + dt.timedelta(minutes=1))

    new = invite(team_jam, email="ana@example.org")

    old.refresh_from_db()
    assert old.revoked_at is not None
    assert list(invitation_list_open(jam=team_jam, now=new.created_at)) == [new]


@pytest.mark.parametrize(
    ("role", "custom_role", "code"),
    [
        (TeamRole.HOST, "", "invalid_role"),
        ("boss", "", "invalid_role"),
        (TeamRole.OTHER, "", "custom_role_missing"),
        (TeamRole.OTHER, "   ", "custom_role_missing"),
    ],
)
def test_invitation_create_refuses_roles_that_cannot_be_given(team_jam, role, custom_role, code):
    with pytest.raises(ValidationError) as error:
        invite(team_jam, role=role, custom_role=custom_role)

    assert error.value.code == code
    assert not TeamInvitation.objects.exists()


def test_invitation_create_drops_a_role_name_unless_the_role_is_another_one(team_jam):
    invitation = invite(team_jam, role=TeamRole.NOTE_TAKER, custom_role="Scribe")

    assert (invitation.role, invitation.custom_role) == (TeamRole.NOTE_TAKER, "")
    assert invitation.role_label == "Note taker"


# --- Accepting -------------------------------------------------------------------


def test_invitation_accept_adds_the_invited_person_with_the_role(team_jam):
    invitation = TeamInvitationFactory(
        jam=team_jam, email="ana@example.org", role=TeamRole.OTHER, custom_role="Snack wizard"
    )
    ana = UserFactory(email="ana@example.org")

    member = invitation_accept(invitation=invitation, user=ana)

    assert (member.jam, member.user, member.role_label) == (team_jam, ana, "Snack wizard")
    invitation.refresh_from_db()
    assert invitation.accepted_by == ana
    assert invitation.accepted_at is not None
    assert team_jam in Jam.objects.for_member(ana)


def test_invitation_accept_matches_the_address_whatever_its_case(team_jam):
    invitation = TeamInvitationFactory(jam=team_jam, email="Ana@Example.org")
    ana = UserFactory(email="ana@example.org")

    invitation_accept(invitation=invitation, user=ana)

    assert TeamMember.objects.filter(jam=team_jam, user=ana).exists()


def test_invitation_accept_twice_is_refused(team_jam):
    invitation = TeamInvitationFactory(jam=team_jam, email="ana@example.org")
    ana = UserFactory(email="ana@example.org")
    invitation_accept(invitation=invitation, user=ana)

    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=ana)

    assert error.value.code == "accepted"
    assert TeamMember.objects.filter(jam=team_jam, user=ana).count() == 1


def test_invitation_accept_after_expiry_is_refused(team_jam, time_machine):
    invitation = TeamInvitationFactory(jam=team_jam, email="ana@example.org")
    ana = UserFactory(email="ana@example.org")
    time_machine.move_to(invitation.expires_at)

    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=ana)

    assert error.value.code == "expired"
    assert not TeamMember.objects.filter(user=ana).exists()


def test_invitation_accept_after_revoke_is_refused(team_jam):
    invitation = invitation_revoke(invitation=TeamInvitationFactory(jam=team_jam))
    invited = UserFactory(email=invitation.email)

    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=invited)

    assert error.value.code == "revoked"
    assert not TeamMember.objects.filter(user=invited).exists()


def test_invitation_accept_by_another_account_is_refused_and_leaves_it_open(team_jam):
    invitation = TeamInvitationFactory(jam=team_jam, email="ana@example.org")
    bo = UserFactory(email="bo@example.org")

    with pytest.raises(ValidationError) as error:
        invitation_accept(invitation=invitation, user=bo)

    assert error.value.code == "wrong_account"
    assert not TeamMember.objects.filter(user=bo).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_invitation_accept_closes_other_open_links_to_the_same_address(team_jam, time_machine):
    expired = TeamInvitationFactory(jam=team_jam, email="ana@example.org")
    time_machine.move_to(expired.expires_at + dt.timedelta(days=1))
    fresh = TeamInvitationFactory(jam=team_jam, email="ana@example.org")
    ana = UserFactory(email="ana@example.org")

    invitation_accept(invitation=fresh, user=ana)

    expired.refresh_from_db()
    assert expired.revoked_at is not None
    assert not invitation_list_open(jam=team_jam, now=fresh.created_at).exists()


def test_invitation_accept_by_someone_already_on_the_team_keeps_their_role(team_jam):
    ana = UserFactory(email="ana@example.org")
    TeamMemberFactory(jam=team_jam, user=ana, role=TeamRole.LOGISTICS)
    invitation = TeamInvitationFactory(jam=team_jam, email="ana@example.org")

    member = invitation_accept(invitation=invitation, user=ana)

    assert member.role == TeamRole.LOGISTICS
    assert TeamMember.objects.filter(jam=team_jam, user=ana).count() == 1


# --- Resending and withdrawing ------------------------------------------------------


def test_invitation_resend_sends_a_fresh_link_and_kills_the_old_one(
    team_jam, host, mailoutbox, django_capture_on_commit_callbacks, time_machine
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(team_jam)
    old_token = token_in(mailoutbox[0])
    time_machine.move_to(invitation.expires_at + dt.timedelta(days=2))

    with django_capture_on_commit_callbacks(execute=True):
        invitation_resend(invitation=invitation, actor=host, absolute_uri=absolute_uri)

    new_token = token_in(mailoutbox[1])
    assert new_token != old_token
    assert invitation_get_by_token(token=old_token) is None
    found = invitation_get_by_token(token=new_token)
    assert found == invitation
    assert invitation_state(found, now=dt.datetime.now(dt.UTC)) == InvitationState.PENDING


def test_invitation_resend_of_an_accepted_invitation_is_refused(team_jam, host):
    invitation = TeamInvitationFactory(jam=team_jam, accepted_at=dt.datetime.now(dt.UTC))

    with pytest.raises(ValidationError):
        invitation_resend(invitation=invitation, actor=host, absolute_uri=absolute_uri)


def test_invitation_revoke_closes_the_link(team_jam):
    invitation = TeamInvitationFactory(jam=team_jam, token="revoke-me")

    invitation_revoke(invitation=invitation)

    found = invitation_get_by_token(token="revoke-me")
    assert invitation_state(found, now=dt.datetime.now(dt.UTC)) == InvitationState.REVOKED


def test_invitation_revoke_of_an_accepted_invitation_is_refused(team_jam):
    invitation = TeamInvitationFactory(jam=team_jam, accepted_at=dt.datetime.now(dt.UTC))

    with pytest.raises(ValidationError):
        invitation_revoke(invitation=invitation)


# --- Roles, removing, leaving ---------------------------------------------------


def test_member_role_update_changes_the_role_and_names_another_one(team_jam):
    member = TeamMemberFactory(jam=team_jam, role=TeamRole.FACILITATOR)

    member_role_update(member=member, role=TeamRole.OTHER, custom_role=" Snack wizard ")

    member.refresh_from_db()
    assert (member.role, member.custom_role) == (TeamRole.OTHER, "Snack wizard")
    member_role_update(member=member, role=TeamRole.LOGISTICS, custom_role="ignored")
    member.refresh_from_db()
    assert (member.role, member.custom_role) == (TeamRole.LOGISTICS, "")


def test_member_role_update_cannot_make_anyone_host(team_jam):
    member = TeamMemberFactory(jam=team_jam)

    with pytest.raises(ValidationError):
        member_role_update(member=member, role=TeamRole.HOST)

    member.refresh_from_db()
    assert member.role == TeamRole.FACILITATOR


def test_member_role_update_leaves_the_host_host(team_jam, host):
    host_member = TeamMember.objects.get(jam=team_jam, user=host)

    with pytest.raises(ValidationError):
        member_role_update(member=host_member, role=TeamRole.FACILITATOR)

    host_member.refresh_from_db()
    assert host_member.role == TeamRole.HOST


def test_member_remove_takes_away_access_but_keeps_their_work(team_jam):
    member = TeamMemberFactory(jam=team_jam)
    task = team_jam.tasks.create(title="Book the room", phase="week_1", assignee=member)

    member_remove(member=member)

    assert team_jam not in Jam.objects.for_member(member.user)
    task.refresh_from_db()
    assert task.assignee is None


@pytest.mark.parametrize("service", [member_remove, member_leave])
def test_the_host_cannot_be_removed_or_leave(team_jam, host, service):
    host_member = TeamMember.objects.get(jam=team_jam, user=host)

    with pytest.raises(ValidationError):
        service(member=host_member)

    assert TeamMember.objects.filter(pk=host_member.pk).exists()


def test_member_leave_takes_away_access(team_jam):
    member = TeamMemberFactory(jam=team_jam)

    member_leave(member=member)

    assert not Jam.objects.for_member(member.user).exists()


# --- Selectors --------------------------------------------------------------------------


def test_team_list_puts_the_host_first_then_by_joining_in_one_query(
    team_jam, host, django_assert_num_queries
):
    first = TeamMemberFactory(jam=team_jam)
    second = TeamMemberFactory(jam=team_jam)
    TeamMemberFactory()  # someone on another Jam's team

    with django_assert_num_queries(1):
        members = [(member.user.email, member.role) for member in team_list(jam=team_jam)]

    assert members == [
        (host.email, TeamRole.HOST),
        (first.user.email, first.role),
        (second.user.email, second.role),
    ]


def test_invitation_list_open_shows_waiting_and_expired_not_used_or_withdrawn(team_jam):
    now = dt.datetime.now(dt.UTC)
    waiting = TeamInvitationFactory(jam=team_jam)
    expired = TeamInvitationFactory(jam=team_jam, expires_at=now - dt.timedelta(hours=1))
    TeamInvitationFactory(jam=team_jam, accepted_at=now)
    TeamInvitationFactory(jam=team_jam, revoked_at=now)
    TeamInvitationFactory()  # another Jam's

    listed = {
        invitation: invitation.is_expired
        for invitation in invitation_list_open(jam=team_jam, now=now)
    }

    assert listed == {waiting: False, expired: True}


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 500])
def test_invitation_get_by_token_finds_nothing_for_a_wrong_token(team_jam, token):
    TeamInvitationFactory(jam=team_jam, token="the-right-one")

    assert invitation_get_by_token(token=token) is None
    assert invitation_get_by_token(token="the-right-one") is not None


def test_email_masked_keeps_the_first_letter_and_the_domain():
    assert email_masked("ana.garcia@example.org") == "a••••@example.org"
