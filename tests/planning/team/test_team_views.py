"""The team page, the host's changes to the team, and the page an invitation link opens."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLResolver, get_resolver

from planning.enums import TeamRole
from planning.models import Jam, Session, TeamInvitation, TeamMember
from tests.factories import (
    TEST_PASSWORD,
    AgendaItemFactory,
    JamFactory,
    MaterialFactory,
    TaskFactory,
    TeamInvitationFactory,
    TeamMemberFactory,
    UserFactory,
)
from tests.sessions.messages import failing_email_backend

pytestmark = pytest.mark.django_db

JOIN_LINK = re.compile(r"http://testserver/team/join/([A-Za-z0-9_-]+)/")


@pytest.fixture
def team_jam(jam, host):
    """The `jam` fixture with its host on the team, as jam_create leaves it."""
    TeamMember.objects.get_or_create(jam=jam, user=host, defaults={"role": TeamRole.HOST})
    return jam


@pytest.fixture
def member(team_jam):
    return TeamMemberFactory(
        jam=team_jam,
        user=UserFactory(email="fatima@example.org", name="Fatima"),
        role=TeamRole.LOGISTICS,
    )


@pytest.fixture
def member_client(member) -> Client:
    return signed_in(member.user)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def team_url(jam) -> str:
    return f"/jams/{jam.slug}/team/"


def join_url(token: str) -> str:
    return f"/team/join/{token}/"


def messages_on(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def invite_data(**overrides) -> dict:
    return {"email": "ana@example.org", "role": TeamRole.FACILITATOR, "custom_role": ""} | overrides


def team_state(jam) -> tuple:
    """Everything a refused request could have changed about a team."""
    members = list(
        TeamMember.objects.filter(jam_id=jam.pk)
        .order_by("pk")
        .values_list("user_id", "role", "custom_role")
    )
    invitations = list(
        TeamInvitation.objects.filter(jam_id=jam.pk)
        .order_by("pk")
        .values_list("email", "token_digest", "expires_at", "accepted_at", "revoked_at")
    )
    return members, invitations


# --- The team page -----------------------------------------------------------------


def test_team_page_shows_members_roles_and_invitations_to_the_host(team_jam, member, host_client):
    TeamInvitationFactory(
        jam=team_jam, email="ana@example.org", role=TeamRole.OTHER, custom_role="Snack wizard"
    )

    response = host_client.get(team_url(team_jam))

    assert response.status_code == 200
    text = response.text
    assert f'href="/jams/{team_jam.slug}/"' in text  # back to the Jam
    assert "Host Person" in text
    assert "Fatima" in text
    assert "Logistics coordinator" in text
    assert member.joined_at.strftime("%-d %b %Y") in text
    assert "ana@example.org" in text
    assert "Snack wizard" in text
    # The host changes roles, removes people, resends and withdraws invitations.
    assert f'action="/jams/{team_jam.slug}/team/members/{member.pk}/role/"' in text
    assert f'href="/jams/{team_jam.slug}/team/members/{member.pk}/remove/"' in text
    assert "Send a new link" in text
    assert "Withdraw" in text
    # Nobody changes the host's role or removes the host; the host cannot leave.
    host_member = TeamMember.objects.get(jam=team_jam, role=TeamRole.HOST)
    assert f"/members/{host_member.pk}/" not in text
    assert f"/jams/{team_jam.slug}/team/leave/" not in text
    # The invite form never offers the host's role.
    assert f'action="/jams/{team_jam.slug}/team/invite/"' in text
    assert 'value="host"' not in text


def test_team_page_lets_a_member_leave_but_not_invite_or_manage(team_jam, member, member_client):
    invitation = TeamInvitationFactory(jam=team_jam, email="ana@example.org")

    response = member_client.get(team_url(team_jam))

    assert response.status_code == 200
    text = response.text
    assert "Host Person" in text
    assert "ana@example.org" in text
    assert f'action="/jams/{team_jam.slug}/team/invite/"' not in text
    assert member_client.post(f"{team_url(team_jam)}invite/", invite_data()).status_code == 403
    assert f'href="/jams/{team_jam.slug}/team/leave/"' in text
    assert "/members/" not in text
    assert f"/invitations/{invitation.pk}/" not in text


def test_team_page_is_404_for_someone_not_on_the_team(team_jam, other_client):
    assert other_client.get(team_url(team_jam)).status_code == 404


def test_team_page_sends_the_signed_out_to_sign_in(team_jam, client):
    response = client.get(team_url(team_jam))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_team_page_for_htmx_is_only_the_team_part(team_jam, host_client):
    response = host_client.get(team_url(team_jam), headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="team">')
    assert "<html" not in response.text
    assert "HX-Request" in response["Vary"]


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def grow_team(jam, count: int) -> None:
    for index in range(count):
        TeamMemberFactory(jam=jam, role=TeamRole.OTHER, custom_role=f"Helper {index}")
        TeamInvitationFactory(jam=jam, invited_by=TeamMemberFactory(jam=jam).user)


@pytest.mark.parametrize("viewer", ["host", "member"])
def test_team_page_queries_do_not_grow_with_the_team(team_jam, member, host_client, viewer):
    client = host_client if viewer == "host" else signed_in(member.user)
    TeamInvitationFactory(jam=team_jam)
    one = queries_for(client, team_url(team_jam))

    grow_team(team_jam, 10)
    many = queries_for(client, team_url(team_jam))

    assert TeamMember.objects.filter(jam=team_jam).count() == 22
    assert TeamInvitation.objects.filter(jam=team_jam).count() == 11
    assert many == one


# --- Inviting --------------------------------------------------------------------------


def test_invite_sends_one_email_after_commit_with_a_working_link(
    team_jam, host_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client.post(
            f"{team_url(team_jam)}invite/", invite_data(email="Ana@Example.org"), follow=True
        )

    assert response.redirect_chain == [(team_url(team_jam), 302)]
    assert "We are sending the invitation to ana@example.org." in messages_on(response)
    assert "ana@example.org" in response.text  # now among the invitations waiting
    invitation = TeamInvitation.objects.get()
    assert (invitation.email, invitation.role) == ("ana@example.org", TeamRole.FACILITATOR)
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ana@example.org"]
    token = JOIN_LINK.search(mailoutbox[0].body).group(1)
    assert Client().get(join_url(token)).status_code == 200


def test_invite_by_a_member_whose_role_allows_it_works_too(
    team_jam, member_client, mailoutbox, django_capture_on_commit_callbacks
):
    team_jam.role_permissions = {"logistics": ["manage_team"]}
    team_jam.save()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(f"{team_url(team_jam)}invite/", invite_data())

    assert TeamInvitation.objects.get().invited_by.email == "fatima@example.org"
    assert "Fatima (fatima@example.org) invites you" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (invite_data(email="ana@"), "Enter an email address like name@example.org."),
        (invite_data(email=""), "Enter the email address of the person you want to invite."),
        (invite_data(email="fatima@example.org"), "fatima@example.org is already on the team."),
        (invite_data(email="HOST@example.test"), "host@example.test is already on the team."),
        (
            invite_data(role=TeamRole.OTHER),
            "Name the role you chose “Another role” for, or choose a role from the list.",
        ),
        (invite_data(role=TeamRole.HOST), "Choose a role."),
        (invite_data(role=""), "Choose a role."),
    ],
)
def test_invite_with_bad_input_says_what_to_fix_and_sends_nothing(
    team_jam, member, host_client, mailoutbox, django_capture_on_commit_callbacks, data, error
):
    with django_capture_on_commit_callbacks(execute=True):
        response = host_client.post(f"{team_url(team_jam)}invite/", data)

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert error in response.text.replace("&quot;", '"').replace("&#x27;", "'")
    assert not TeamInvitation.objects.exists()
    assert mailoutbox == []


def test_invite_someone_already_invited_points_to_sending_a_new_link(team_jam, host_client):
    TeamInvitationFactory(jam=team_jam, email="ana@example.org")

    response = host_client.post(f"{team_url(team_jam)}invite/", invite_data())

    assert "ana@example.org already has an invitation waiting" in response.text
    assert TeamInvitation.objects.count() == 1


def test_invite_with_htmx_answers_with_the_team_part_and_the_message(team_jam, host_client):
    response = host_client.post(
        f"{team_url(team_jam)}invite/", invite_data(), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="team">')
    assert "We are sending the invitation to ana@example.org." in response.text
    assert "HX-Request" in response["Vary"]


def test_invite_with_htmx_and_bad_input_shows_the_errors_with_status_200(team_jam, host_client):
    response = host_client.post(
        f"{team_url(team_jam)}invite/", invite_data(email="nope"), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "<html" not in response.text


def test_invite_is_404_for_someone_not_on_the_team(team_jam, other_client, mailoutbox):
    response = other_client.post(f"{team_url(team_jam)}invite/", invite_data())

    assert response.status_code == 404
    assert not TeamInvitation.objects.exists()


# --- Roles ------------------------------------------------------------------------------


def role_url(jam, member) -> str:
    return f"{team_url(jam)}members/{member.pk}/role/"


def test_host_changes_a_role(team_jam, member, host_client):
    prefix = f"member-{member.pk}"
    response = host_client.post(
        role_url(team_jam, member),
        {f"{prefix}-role": TeamRole.OTHER, f"{prefix}-custom_role": "Snack wizard"},
        follow=True,
    )

    assert "Fatima is now Snack wizard." in messages_on(response)
    member.refresh_from_db()
    assert member.role_label == "Snack wizard"


def test_host_changing_a_role_to_another_without_a_name_is_told_to_name_it(
    team_jam, member, host_client
):
    prefix = f"member-{member.pk}"
    response = host_client.post(
        role_url(team_jam, member), {f"{prefix}-role": TeamRole.OTHER, f"{prefix}-custom_role": ""}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert f'href="#id_{prefix}-custom_role"' in response.text
    assert "<details open>" in response.text
    member.refresh_from_db()
    assert member.role == TeamRole.LOGISTICS


def test_a_member_cannot_change_roles(team_jam, member, member_client):
    other = TeamMemberFactory(jam=team_jam)
    before = team_state(team_jam)
    prefix = f"member-{other.pk}"

    response = member_client.post(
        role_url(team_jam, other), {f"{prefix}-role": TeamRole.NOTE_TAKER}
    )

    assert response.status_code == 403
    assert team_state(team_jam) == before


def test_nobody_changes_the_hosts_role(team_jam, host, host_client):
    host_member = TeamMember.objects.get(jam=team_jam, user=host)
    prefix = f"member-{host_member.pk}"

    response = host_client.post(
        role_url(team_jam, host_member), {f"{prefix}-role": TeamRole.NOTE_TAKER}
    )

    assert response.status_code == 403
    host_member.refresh_from_db()
    assert host_member.role == TeamRole.HOST


def test_role_change_for_an_unknown_member_is_404(team_jam, host_client):
    someone_elses = TeamMemberFactory(jam=JamFactory())

    for pk in (someone_elses.pk, 999_999):
        response = host_client.post(
            f"{team_url(team_jam)}members/{pk}/role/", {f"member-{pk}-role": TeamRole.NOTE_TAKER}
        )
        assert response.status_code == 404
    someone_elses.refresh_from_db()
    assert someone_elses.role == TeamRole.FACILITATOR


def test_role_change_with_htmx_answers_with_the_team_part(team_jam, member, host_client):
    prefix = f"member-{member.pk}"
    response = host_client.post(
        role_url(team_jam, member),
        {f"{prefix}-role": TeamRole.NOTE_TAKER},
        headers={"HX-Request": "true"},
    )

    assert response.text.lstrip().startswith('<div id="team">')
    assert "Fatima is now Note taker." in response.text


# --- Removing and leaving ---------------------------------------------------------------


def remove_url(jam, member) -> str:
    return f"{team_url(jam)}members/{member.pk}/remove/"


def jam_paths(jam) -> list[str]:
    """Every URL under /jams/<slug>/, filled in for this Jam and its first session."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    pk = TeamMember.objects.filter(jam=jam).values_list("pk", flat=True).first() or 1
    key = jam.sessions.order_by("number").values_list("key", flat=True).first()
    paths = set()
    for route in walk(get_resolver().url_patterns):
        if route.startswith("jams/<slug:slug>/"):
            path = route.replace("<slug:slug>", jam.slug).replace("<session:key>", key)
            paths.add("/" + path.replace("<int:pk>", str(pk)))
    return sorted(paths)


def everything_about(jam) -> tuple:
    stored = Jam.objects.filter(pk=jam.pk).values().first()
    sessions = list(Session.objects.filter(jam_id=jam.pk).order_by("pk").values())
    return stored, sessions, team_state(jam)


def test_host_removes_a_member_after_confirming(team_jam, member, host_client):
    page = host_client.get(remove_url(team_jam, member))
    assert "Remove Fatima from the team?" in page.text
    assert TeamMember.objects.filter(pk=member.pk).exists()

    response = host_client.post(remove_url(team_jam, member), follow=True)

    assert response.redirect_chain == [(team_url(team_jam), 302)]
    assert "Fatima is no longer on the team." in messages_on(response)
    assert not TeamMember.objects.filter(pk=member.pk).exists()


def test_remove_and_leave_pages_say_what_stays_without_them(
    team_jam, member, host_client, member_client
):
    TaskFactory.create_batch(2, jam=team_jam, assignee=member)
    MaterialFactory(jam=team_jam, brought_by=member)
    AgendaItemFactory(session=team_jam.sessions.get(), lead=member)

    for page in (
        host_client.get(remove_url(team_jam, member)).text,
        member_client.get(f"{team_url(team_jam)}leave/").text,
    ):
        assert "These stay, with one detail left empty:" in page
        assert "<li>2 tasks (“assigned to” left empty)</li>" in page
        assert "<li>1 material (“who brings it” left empty)</li>" in page
        assert "<li>1 agenda item (“led by” left empty)</li>" in page


def test_removed_member_gets_404_on_every_jam_url(team_jam, member, member_client, host_client):
    paths = jam_paths(team_jam)
    session = f"sessions/{team_jam.sessions.get(number=1).key}/"
    for expected in ("", "edit/", session, f"{session}edit/", "team/", "team/invite/"):
        assert f"/jams/{team_jam.slug}/{expected}" in paths
    team_jam.role_permissions = {"logistics": ["change_jam"]}
    team_jam.save()
    for page in ("", "edit/", session, "team/"):  # while on the team, they open
        assert member_client.get(f"/jams/{team_jam.slug}/{page}").status_code == 200, page

    host_client.post(remove_url(team_jam, member))
    before = everything_about(team_jam)

    for path in paths:
        # 405 when the method is refused before the Jam is looked up: it tells nothing either.
        answers = {member_client.get(path).status_code}
        answers.add(member_client.post(path, {"name": "Taken over"}).status_code)
        assert 404 in answers, path
        assert answers <= {404, 405}, path
    assert member_client.get(f"/jams/{team_jam.slug}/").status_code == 404
    assert member_client.get(f"/jams/{team_jam.slug}/{session}").status_code == 404
    assert team_jam.name not in member_client.get("/jams/").text
    assert everything_about(team_jam) == before


def test_a_member_cannot_remove_anyone(team_jam, member, member_client):
    other = TeamMemberFactory(jam=team_jam)
    before = team_state(team_jam)

    assert member_client.get(remove_url(team_jam, other)).status_code == 403
    assert member_client.post(remove_url(team_jam, other)).status_code == 403
    assert team_state(team_jam) == before


def test_nobody_removes_the_host(team_jam, host, host_client):
    host_member = TeamMember.objects.get(jam=team_jam, user=host)
    before = team_state(team_jam)

    assert host_client.get(remove_url(team_jam, host_member)).status_code == 403
    assert host_client.post(remove_url(team_jam, host_member)).status_code == 403
    assert team_state(team_jam) == before


def test_remove_an_unknown_member_is_404(team_jam, host_client):
    someone_elses = TeamMemberFactory(jam=JamFactory())

    response = host_client.post(f"{team_url(team_jam)}members/{someone_elses.pk}/remove/")

    assert response.status_code == 404
    assert TeamMember.objects.filter(pk=someone_elses.pk).exists()


def test_member_leaves_after_confirming_and_loses_access(team_jam, member, member_client):
    leave_url = f"{team_url(team_jam)}leave/"
    assert "Leave the team of" in member_client.get(leave_url).text

    response = member_client.post(leave_url, follow=True)

    assert response.redirect_chain == [("/jams/", 302)]
    assert f"You have left the team of “{team_jam.name}”." in messages_on(response)
    assert not TeamMember.objects.filter(pk=member.pk).exists()
    assert member_client.get(f"/jams/{team_jam.slug}/").status_code == 404
    assert member_client.get(team_url(team_jam)).status_code == 404


def test_the_host_cannot_leave(team_jam, host_client):
    before = team_state(team_jam)

    assert host_client.post(f"{team_url(team_jam)}leave/").status_code == 403
    assert team_state(team_jam) == before


# --- Resending and withdrawing invitations ------------------------------------------------


def test_host_sends_a_new_link_and_the_old_one_stops_working(
    team_jam, host_client, mailoutbox, django_capture_on_commit_callbacks
):
    invitation = TeamInvitationFactory(jam=team_jam, email="ana@example.org", token="old-link")

    with django_capture_on_commit_callbacks(execute=True):
        response = host_client.post(
            f"{team_url(team_jam)}invitations/{invitation.pk}/resend/", follow=True
        )

    assert "We are sending ana@example.org a new link." in messages_on(response)[0]
    token = JOIN_LINK.search(mailoutbox[0].body).group(1)
    assert Client().get(join_url("old-link")).status_code == 404
    assert Client().get(join_url(token)).status_code == 200


def invitation_row(response, email: str) -> str:
    """The invitation's row on the team page, as text without tags."""
    row = re.search(
        rf"<tr id=\"invitation-\d+\">\s*<th scope=\"row\">{re.escape(email)}</th>.*?</tr>",
        response.text,
        re.S,
    )
    assert row, f"no invitation to {email} on the page"
    return " ".join(re.sub(r"<[^>]+>", " ", row.group(0)).split())


def test_the_host_sees_an_invitation_that_could_not_be_sent_and_sends_a_new_link(
    team_jam, host_client, failing_provider, mailoutbox, django_capture_on_commit_callbacks
):
    failing_provider(failing_email_backend.ALWAYS)
    with django_capture_on_commit_callbacks(execute=True):
        host_client.post(f"{team_url(team_jam)}invite/", invite_data())
    invitation = TeamInvitation.objects.get(jam=team_jam)

    row = invitation_row(host_client.get(team_url(team_jam)), "ana@example.org")
    assert "Could not be sent Check the address, then send a new link." in row
    assert "Send a new link" in row
    assert invitation.last_email.text == ""  # its link was erased once given up

    failing_provider(0)
    with django_capture_on_commit_callbacks(execute=True):
        host_client.post(f"{team_url(team_jam)}invitations/{invitation.pk}/resend/")

    assert [message.to for message in mailoutbox] == [["ana@example.org"]]
    row = invitation_row(host_client.get(team_url(team_jam)), "ana@example.org")
    assert "Sent" in row and "Could not be sent" not in row


def test_an_invitation_waiting_for_its_email_says_it_is_being_sent(
    team_jam, host_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the worker has not run yet
        host_client.post(f"{team_url(team_jam)}invite/", invite_data())

    row = invitation_row(host_client.get(team_url(team_jam)), "ana@example.org")

    assert "Being sent" in row


def test_once_sent_no_invitation_link_is_kept_anywhere(
    team_jam, host_client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        host_client.post(f"{team_url(team_jam)}invite/", invite_data())

    token = JOIN_LINK.search(mailoutbox[0].body).group(1)
    email = TeamInvitation.objects.get(jam=team_jam).last_email
    assert (email.status, email.text, email.html) == ("sent", "", "")
    assert token not in email.subject


def test_host_withdraws_an_invitation_and_its_link_says_so(team_jam, host_client):
    invitation = TeamInvitationFactory(jam=team_jam, email="ana@example.org", token="withdrawn")

    response = host_client.post(
        f"{team_url(team_jam)}invitations/{invitation.pk}/withdraw/", follow=True
    )

    assert "The invitation to ana@example.org is withdrawn." in messages_on(response)[0]
    assert "ana@example.org" not in response.text.split("Invitations waiting")[1]
    page = Client().get(join_url("withdrawn"))
    assert page.status_code == 410
    assert "This invitation was withdrawn" in page.text


@pytest.mark.parametrize("action", ["resend", "withdraw"])
def test_a_member_cannot_resend_or_withdraw_invitations(
    team_jam, member_client, mailoutbox, django_capture_on_commit_callbacks, action
):
    invitation = TeamInvitationFactory(jam=team_jam)
    before = team_state(team_jam)

    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(f"{team_url(team_jam)}invitations/{invitation.pk}/{action}/")

    assert response.status_code == 403
    assert team_state(team_jam) == before
    assert mailoutbox == []


@pytest.mark.parametrize("action", ["resend", "withdraw"])
def test_resend_or_withdraw_an_invitation_of_another_jam_is_404(team_jam, host_client, action):
    elsewhere = TeamInvitationFactory()

    response = host_client.post(f"{team_url(team_jam)}invitations/{elsewhere.pk}/{action}/")

    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.revoked_at is None


# --- Joining with the emailed link -----------------------------------------------------------


@pytest.fixture
def invitation(team_jam):
    return TeamInvitationFactory(
        jam=team_jam,
        email="ana@example.org",
        role=TeamRole.OTHER,
        custom_role="Snack wizard",
        token="ana-token",
    )


def test_join_signed_out_says_who_invites_to_what_and_offers_both_ways_in(
    team_jam, invitation, client
):
    response = client.get(join_url("ana-token"))

    assert response.status_code == 200
    text = response.text
    assert "Host Person invites you to help organise" in text
    assert team_jam.name in text
    assert "Snack wizard" in text
    assert "a••••@example.org" in text
    assert "ana@example.org" not in text
    assert 'href="/accounts/login/?next=%2Fteam%2Fjoin%2Fana-token%2F"' in text
    assert 'href="/accounts/signup/?next=%2Fteam%2Fjoin%2Fana-token%2F"' in text
    assert "no-store" in response["Cache-Control"]


def test_join_signed_out_post_accepts_nothing_and_asks_to_sign_in(invitation, client):
    response = client.post(join_url("ana-token"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_join_signed_in_with_the_invited_address_confirms_then_joins(team_jam, invitation):
    ana = signed_in(UserFactory(email="ana@example.org"))

    page = ana.get(join_url("ana-token"))
    assert page.status_code == 200
    assert "Join the team" in page.text
    assert not TeamMember.objects.filter(user__email="ana@example.org").exists()

    response = ana.post(join_url("ana-token"), follow=True)

    assert response.redirect_chain == [(f"/jams/{team_jam.slug}/", 302)]
    assert response.status_code == 200
    assert f"Welcome to the team of “{team_jam.name}”. Your role: Snack wizard." in messages_on(
        response
    )
    member = TeamMember.objects.get(jam=team_jam, user__email="ana@example.org")
    assert member.role_label == "Snack wizard"
    invitation.refresh_from_db()
    assert invitation.accepted_by == member.user
    assert ana.get(team_url(team_jam)).status_code == 200


def test_join_with_a_new_account_created_from_the_link(
    team_jam, invitation, client, mailoutbox, django_capture_on_commit_callbacks
):
    signup = f"/accounts/signup/?next={join_url('ana-token')}"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            signup,
            {
                "name": "Ana",
                "email": "Ana@example.org",
                "password1": TEST_PASSWORD,
                "password2": TEST_PASSWORD,
            },
        )
    [message] = mailoutbox
    link = re.search(r"https?://\S+(/accounts/login/link/\S+)", message.body).group(1)
    response = client.post(link)
    assert response["Location"] == join_url("ana-token")

    client.post(join_url("ana-token"))

    assert TeamMember.objects.filter(jam=team_jam, user__email="ana@example.org").exists()


def test_join_with_an_existing_account_signed_in_from_the_link(team_jam, invitation, client):
    UserFactory(email="ana@example.org")
    response = client.post(
        "/accounts/login/",
        {"username": "ana@example.org", "password": TEST_PASSWORD, "next": join_url("ana-token")},
    )
    assert response["Location"] == join_url("ana-token")

    client.post(join_url("ana-token"))

    assert TeamMember.objects.filter(jam=team_jam, user__email="ana@example.org").exists()


def test_join_link_used_twice_is_refused_kindly(team_jam, invitation):
    ana = signed_in(UserFactory(email="ana@example.org"))
    ana.post(join_url("ana-token"))

    again = ana.post(join_url("ana-token"), follow=True)
    assert again.redirect_chain == [(f"/jams/{team_jam.slug}/", 302)]
    assert "You are on the team of this Jam." in messages_on(again)

    stranger = Client().get(join_url("ana-token"))
    assert stranger.status_code == 410
    assert "This invitation has already been used" in stranger.text
    assert TeamMember.objects.filter(jam=team_jam, user__email="ana@example.org").count() == 1


def test_join_link_used_by_someone_removed_since_cannot_bring_them_back(
    team_jam, invitation, host_client
):
    ana_user = UserFactory(email="ana@example.org")
    ana = signed_in(ana_user)
    ana.post(join_url("ana-token"))
    member = TeamMember.objects.get(jam=team_jam, user=ana_user)
    host_client.post(remove_url(team_jam, member))

    response = ana.post(join_url("ana-token"))

    assert response.status_code == 410
    assert not TeamMember.objects.filter(jam=team_jam, user=ana_user).exists()


def test_join_expired_link_is_refused_kindly(team_jam, invitation, time_machine):
    ana_user = UserFactory(email="ana@example.org")
    time_machine.move_to(invitation.expires_at + dt.timedelta(minutes=1))
    ana = signed_in(ana_user)

    page = ana.get(join_url("ana-token"))
    assert page.status_code == 410
    assert "This invitation has expired" in page.text
    assert "Ask Host Person to send you a new one." in page.text

    assert ana.post(join_url("ana-token")).status_code == 410
    assert not TeamMember.objects.filter(jam=team_jam, user=ana_user).exists()


def test_join_signed_in_with_another_account_explains_and_accepts_nothing(
    team_jam, invitation, other_client
):
    before = team_state(team_jam)

    page = other_client.get(join_url("ana-token"))

    assert page.status_code == 200
    assert "This invitation was sent to another email address (a••••@example.org)." in page.text
    assert "You are signed in as other@example.test." in page.text
    assert 'action="/accounts/logout/"' in page.text
    assert 'name="next" value="/team/join/ana-token/"' in page.text
    assert "ana@example.org" not in page.text

    response = other_client.post(join_url("ana-token"))

    assert response.status_code == 403
    assert "sent to another email address" in response.text
    assert team_state(team_jam) == before


def test_join_sign_out_from_the_wrong_account_comes_back_to_the_invitation(
    invitation, other_client
):
    response = other_client.post("/accounts/logout/", {"next": join_url("ana-token")})

    assert response["Location"] == join_url("ana-token")
    assert "Sign in" in other_client.get(join_url("ana-token")).text


@pytest.mark.parametrize("token", ["not-a-token", "x" * 300, "ana-token-but-longer"])
def test_join_unknown_link_is_a_kind_404(invitation, host_client, token):
    response = host_client.get(join_url(token))

    assert response.status_code == 404
    assert "This invitation link does not work" in response.text
    assert host_client.post(join_url(token)).status_code == 404
