"""Every URL × method × role, checked against the permission table (``planning.rules``).

The test walks Django's URL resolver: every address must be listed below, either with the
permission each method needs on a Jam (``TEAM``), as a reviewer's page (``REVIEW``), or with
why no role applies (``NOT_BY_ROLE``). A new address nobody listed fails the walk.

For each address and method, every actor asks once, each request in a savepoint rolled
back afterwards (so a delete asked by one actor leaves the Jam whole for the next):

- signed out: sent to sign in;
- signed in, not on the team (and a reviewer, on a Jam's pages): 404, as if no such Jam;
- on the team: allowed (no 403, no 404, no 500) exactly when the role's defaults in
  ``ROLE_DEFAULTS`` include the permission the method needs; else 403.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from planning.enums import MessageKind, MessageStatus, Permission, TeamRole
from planning.models import GuestMessage, Task
from planning.rules import ROLE_DEFAULTS
from reporting.programmes.services import jam_programme_set
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    GuestFactory,
    HouseRuleFactory,
    JamFactory,
    JournalEntryFactory,
    MaterialFactory,
    ProgrammeFactory,
    ProgrammeHostFactory,
    QuestionFactory,
    ReportFactory,
    SessionFactory,
    TeamInvitationFactory,
    TeamMemberFactory,
    UserFactory,
)

P = Permission
ANY = "any member"  # anyone on the team
HOST = "the host"  # the host alone, whatever the table says
VIEW = {"GET": ANY}

#: Pages of a Jam: what each method needs. A method a view does not take is skipped.
TEAM: dict[str, dict[str, str]] = {
    "jams:edit": {"GET": P.CHANGE_JAM, "POST": P.CHANGE_JAM},
    "planning:jam_detail": VIEW,
    "jams:delete": {"GET": HOST, "POST": HOST},
    "jams:export": {"GET": HOST},
    "planning:roadmap": VIEW,
    "planning:roadmap_skip_past": {"POST": P.ROADMAP},
    "planning:task_create": {"GET": P.ROADMAP, "POST": P.ROADMAP},
    "planning:task_done": {"POST": P.ROADMAP},
    "planning:task_skip": {"POST": P.ROADMAP},
    "planning:task_edit": {"GET": P.ROADMAP, "POST": P.ROADMAP},
    "planning:task_delete": {"GET": P.ROADMAP, "POST": P.ROADMAP},
    "planning:team": VIEW,
    "planning:team_invite": {"POST": P.MANAGE_TEAM},
    "planning:team_leave": {"GET": "a member but the host", "POST": "a member but the host"},
    "planning:team_permissions": {"POST": HOST},
    "planning:team_member_role": {"POST": P.MANAGE_TEAM},
    "planning:team_member_remove": {"GET": P.MANAGE_TEAM, "POST": P.MANAGE_TEAM},
    "planning:team_invitation_resend": {"POST": P.MANAGE_TEAM},
    "planning:team_invitation_revoke": {"POST": P.MANAGE_TEAM},
    "planning:materials": VIEW,
    "planning:material_create": {"GET": P.MATERIALS, "POST": P.MATERIALS},
    "planning:material_suggestions_add": {"GET": P.MATERIALS, "POST": P.MATERIALS},
    "planning:material_ready": {"POST": P.MATERIALS},
    "planning:material_edit": {"GET": P.MATERIALS, "POST": P.MATERIALS},
    "planning:material_delete": {"GET": P.MATERIALS, "POST": P.MATERIALS},
    "planning:guests": VIEW,
    "planning:guest_add": {"GET": P.INVITE_GUESTS, "POST": P.INVITE_GUESTS},
    "planning:guest_import": {"GET": P.INVITE_GUESTS, "POST": P.INVITE_GUESTS},
    "planning:guest_erase": {"GET": P.ERASE_GUESTS, "POST": P.ERASE_GUESTS},
    "messages:invitations_send": {"POST": P.INVITE_GUESTS},
    "messages:announcement": {"GET": ANY, "POST": P.WRITE_TO_GUESTS},
    "messages:invitation_resend": {"POST": P.INVITE_GUESTS},
    "messages:guest_new_link": {"GET": P.ERASE_GUESTS, "POST": P.ERASE_GUESTS},
    "messages:message_retry": {"POST": P.INVITE_GUESTS},
    "report:edit": {"GET": ANY, "POST": P.WRITE_REPORT},
    "report:pdf": VIEW,
    "journal:list": VIEW,
    "journal:create": {"GET": ANY, "POST": ANY},
    "journal:edit": {"GET": "the entry's author", "POST": "the entry's author"},
    "journal:delete": {"GET": "the entry's author", "POST": "the entry's author"},
    "sessions:session_create": {"GET": P.SCHEDULE_SESSIONS, "POST": P.SCHEDULE_SESSIONS},
    "sessions:session_detail": VIEW,
    "sessions:session_edit": {"GET": P.SCHEDULE_SESSIONS, "POST": P.SCHEDULE_SESSIONS},
    "sessions:session_delete": {"GET": P.CANCEL_SESSIONS, "POST": P.CANCEL_SESSIONS},
    "sessions:session_cancel": {"GET": P.CANCEL_SESSIONS, "POST": P.CANCEL_SESSIONS},
    "sessions:session_restore": {"GET": P.CANCEL_SESSIONS, "POST": P.CANCEL_SESSIONS},
    "sessions:agenda_item_create": {"GET": P.PLAN_AGENDA, "POST": P.PLAN_AGENDA},
    "sessions:agenda_item_edit": {"GET": P.PLAN_AGENDA, "POST": P.PLAN_AGENDA},
    "sessions:agenda_item_duplicate": {"GET": P.PLAN_AGENDA, "POST": P.PLAN_AGENDA},
    "sessions:agenda_item_delete": {"GET": P.PLAN_AGENDA, "POST": P.PLAN_AGENDA},
    "sessions:agenda_item_move": {"GET": P.PLAN_AGENDA, "POST": P.PLAN_AGENDA},
    "sessions:agenda_reorder": {"GET": P.PLAN_AGENDA, "POST": P.PLAN_AGENDA},
    "sessions:agenda_template_apply": {"GET": P.PLAN_AGENDA, "POST": P.PLAN_AGENDA},
    "sessions:agenda_template_save": {"GET": P.PLAN_AGENDA, "POST": P.PLAN_AGENDA},
    "sessions:agenda_activity_add": {"GET": P.PLAN_AGENDA, "POST": P.PLAN_AGENDA},
    "sessions:agenda_pdf": VIEW,
    "sessions:agenda_pdf_facilitator": VIEW,
    "sessions:invite_ics": VIEW,
    "sessions:run": VIEW,
    "sessions:run_state": VIEW,
    **{
        f"sessions:run_{action}": {"GET": ANY, "POST": P.RUN_SESSIONS}
        for action in ("start", "pause", "resume", "next", "back", "extend", "finish")
    },
    "sessions:run_questions": VIEW,
    "sessions:run_question": {"GET": ANY, "POST": P.RUN_SESSIONS},
    "sessions:attendance": VIEW,
    "sessions:attendance_mark": {"GET": ANY, "POST": P.TAKE_ATTENDANCE},
    "sessions:attendance_walk_in_add": {"GET": ANY, "POST": P.TAKE_ATTENDANCE},
    "sessions:attendance_walk_in_remove": {"GET": ANY, "POST": P.TAKE_ATTENDANCE},
    "sessions:notes": VIEW,
    "sessions:note_save": {"GET": ANY, "POST": P.TAKE_NOTES},
    "sessions:feedback": VIEW,
    "space:housekeeping": VIEW,
    "space:house_rule_create": {"GET": P.PREPARE_SPACE, "POST": P.PREPARE_SPACE},
    "space:house_rule_edit": {"GET": P.PREPARE_SPACE, "POST": P.PREPARE_SPACE},
    "space:house_rule_delete": {"GET": P.PREPARE_SPACE, "POST": P.PREPARE_SPACE},
    "space:house_rule_move": {"POST": P.PREPARE_SPACE},
    "space:accessibility": {"GET": ANY, "POST": P.PREPARE_SPACE},
    "space:vision": {"GET": ANY, "POST": P.PREPARE_SPACE},
}

#: CIVICUS reviewers' pages and the methods each takes: reviewers only; anyone else 404.
REVIEW: dict[str, set[str]] = {
    "review:dashboard": {"GET"},
    "review:programme_create": {"GET", "POST"},
    "review:programme": {"GET"},
    "review:programme_host_add": {"POST"},
    "review:programme_host_remove": {"POST"},
    "review:jam_move": {"POST"},
    "review:queue": {"GET"},
    "review:report": {"GET", "POST"},
    "review:figures": {"GET"},
    "review:search": {"GET"},
    "review:export": {"GET"},
}

#: Addresses no team role governs, and why.
NOT_BY_ROLE = {
    "home": "public",
    "health": "public",
    "set_language": "public",
    "jams:create": "anyone signed in starts their own Jam",
    "planning:jam_list": "anyone signed in lists their own Jams",
    "team:join": "the invitation's token",
    **{
        name: "the person's own account"
        for name in (
            "accounts:sign_up",
            "accounts:login",
            "accounts:sign_in_link",
            "accounts:sign_in_link_open",
            "accounts:logout",
            "accounts:password_change",
            "accounts:password_change_done",
            "accounts:password_reset",
            "accounts:password_reset_done",
            "accounts:password_reset_confirm",
            "accounts:password_reset_complete",
        )
    },
    **{
        f"guest:{name}": "the guest's own token"
        for name in (
            "page",
            "rsvp",
            "session_ics",
            "agenda_pdf",
            "feedback",
            "needs",
            "profile",
            "profile_withdraw",
            "timezone",
            "my_data",
            "erase",
        )
    },
    "calendar:feed": "the calendar feed's token",
    "box:page": "the session's public code",
    "box:ask": "the session's public code",
    "box:qr": "the session's public code",
    "feedback:give": "the session's public code",
}

ROLES = {
    "host": TeamRole.HOST,
    "facilitator": TeamRole.FACILITATOR,
    "logistics": TeamRole.LOGISTICS,
    "note taker": TeamRole.NOTE_TAKER,
    "custom role": TeamRole.OTHER,
}


def _walk(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


URL_NAMES = sorted(set(_walk(get_resolver().url_patterns)))


def test_every_address_is_in_the_matrix():
    listed = set(TEAM) | set(REVIEW) | set(NOT_BY_ROLE)
    assert set(URL_NAMES) - listed == set(), "an address no one decided who may use"
    assert listed - set(URL_NAMES) == set(), "the matrix lists an address that is gone"


def test_the_table_names_only_real_permissions():
    named = {need for methods in TEAM.values() for need in methods.values()}
    assert named - set(Permission.values) <= {ANY, HOST, "a member but the host"} | {
        "the entry's author"
    }
    for role, granted in ROLE_DEFAULTS.items():
        assert granted <= set(Permission.values), role


def build_world() -> dict:
    """A Jam with one member of each role, a stranger, a reviewer and one object of each kind."""
    host = UserFactory(email="host@example.test")
    jam = JamFactory(host=host)
    TeamMemberFactory(jam=jam, user=host, role=TeamRole.HOST)
    people = {"host": host}
    for label, role in ROLES.items():
        if role != TeamRole.HOST:
            member = TeamMemberFactory(
                jam=jam,
                user=UserFactory(email=f"{label.replace(' ', '-')}@example.test"),
                role=role,
                custom_role="Photographer" if role == TeamRole.OTHER else "",
            )
            people[label] = member.user
    target = TeamMemberFactory(jam=jam, user=UserFactory(), role=TeamRole.FACILITATOR)
    people["not on the team"] = UserFactory(email="stranger@example.test")
    reviewer = UserFactory(email="reviewer@example.test")
    reviewer.groups.add(Group.objects.get_or_create(name="reviewers")[0])
    people["reviewer"] = reviewer
    session = SessionFactory(jam=jam, number=1)
    item = AgendaItemFactory(session=session)
    guest = GuestFactory(jam=jam)
    walk_in = AttendanceFactory(session=session, guest=None, walk_in_name="Amani")
    task = Task.objects.create(jam=jam, phase="week_1", title="Book the room")
    message = GuestMessage.objects.create(
        jam=jam,
        guest=guest,
        kind=MessageKind.INVITATION,
        key="invitation:1",
        status=MessageStatus.FAILED,
    )
    pks = {
        "task": task.pk,
        "team_member": target.pk,
        "team_invitation": TeamInvitationFactory(jam=jam, invited_by=host).pk,
        "material": MaterialFactory(jam=jam).pk,
        "guest": guest.pk,
        "message": message.pk,
        "journal": JournalEntryFactory(jam=jam, author=host).pk,
        "item": item.pk,
        "walk_in": walk_in.pk,
        "question": QuestionFactory(session=session).pk,
        "house_rule": HouseRuleFactory(jam=jam).pk,
    }
    return {"jam": jam, "session": session, "people": people, "pks": pks}


@pytest.fixture
def world(db):
    return build_world()


def _pk_for(name: str, pks: dict) -> int:
    for prefix, key in (
        ("planning:task_", "task"),
        ("planning:team_member_", "team_member"),
        ("planning:team_invitation_", "team_invitation"),
        ("planning:material_", "material"),
        ("planning:guest_", "guest"),
        ("messages:invitation_resend", "guest"),
        ("messages:guest_new_link", "guest"),
        ("messages:message_retry", "message"),
        ("journal:", "journal"),
        ("sessions:agenda_item_", "item"),
        ("sessions:attendance_mark", "guest"),
        ("sessions:attendance_walk_in_remove", "walk_in"),
        ("sessions:run_question", "question"),
        ("space:house_rule_", "house_rule"),
    ):
        if name.startswith(prefix):
            return pks[key]
    raise AssertionError(f"no object for {name}")


def _expected(need: str, actor: str) -> bool:
    if need == ANY:
        return True
    if need == HOST:
        return actor == "host"
    if need == "a member but the host":
        return actor != "host"
    if need == "the entry's author":
        return actor == "host"  # the world's journal entry is the host's
    return need in ROLE_DEFAULTS[ROLES[actor]]


class _Undo(Exception):
    pass


def _ask(client, method: str, address: str) -> int:
    """The status of one request, with whatever it changed undone."""
    status = None
    try:
        with transaction.atomic():
            response = getattr(client, method.lower())(address)
            status = response.status_code
            raise _Undo
    except _Undo:
        pass
    return status


def _address(name: str, world) -> str:
    """The address of ``name`` on the world's Jam, with the session and object it takes."""
    session_key = {"key": world["session"].key}
    for extra in ({}, session_key):
        try:
            return reverse(name, kwargs={"slug": world["jam"].slug, **extra})
        except NoReverseMatch:
            pass
    for extra in ({}, session_key):
        kwargs = {"slug": world["jam"].slug, **extra, "pk": _pk_for(name, world["pks"])}
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            pass
    raise AssertionError(f"cannot build {name}")


@pytest.mark.parametrize("name", sorted(TEAM))
def test_every_role_gets_what_the_table_says(name, world, client):
    address = _address(name, world)
    wrong = []
    for method in ("GET", "POST"):
        need = TEAM[name].get(method)
        client.logout()
        status = _ask(client, method, address)
        if status not in (302, 405):
            wrong.append((method, "signed out", status))
        for actor, user in world["people"].items():
            client.force_login(user)
            status = _ask(client, method, address)
            if need is None:
                if status != 405:
                    wrong.append((method, actor, status, "should be 405"))
            elif actor in ("not on the team", "reviewer"):
                if status != 404:
                    wrong.append((method, actor, status, "should be 404"))
            elif status >= 500:
                wrong.append((method, actor, status))
            elif _expected(need, actor):
                if status in (403, 404, 405):
                    wrong.append((method, actor, status, "should be allowed"))
            elif status != 403:
                wrong.append((method, actor, status, "should be 403"))
    assert wrong == [], f"{address}: {wrong}"


def review_addresses(world) -> dict[str, str]:
    """The world's Jam in a programme with a host, its report submitted: each review address."""
    programme = ProgrammeFactory()
    programme_host = ProgrammeHostFactory(programme=programme, email="host@example.test")
    report = ReportFactory(jam=world["jam"], submitted=True)
    jam_programme_set(world["jam"], programme)
    kwargs = {
        "review:programme": {"pk": programme.pk},
        "review:programme_host_add": {"pk": programme.pk},
        "review:programme_host_remove": {"pk": programme.pk, "host_pk": programme_host.pk},
        "review:jam_move": {"pk": programme.pk, "jam_pk": world["jam"].pk},
        "review:report": {"pk": report.pk},
    }
    return {name: reverse(name, kwargs=kwargs.get(name, {})) for name in REVIEW}


@pytest.mark.parametrize("name", sorted(REVIEW))
def test_only_reviewers_reach_the_review_pages(name, world, client):
    address = review_addresses(world)[name]
    wrong = []
    for method in ("GET", "POST"):
        client.logout()
        if (status := _ask(client, method, address)) != 302:
            wrong.append((method, "signed out", status))
        for actor, user in world["people"].items():
            client.force_login(user)
            status = _ask(client, method, address)
            if actor != "reviewer":
                expected_ok = status == 404  # the review pages do not exist for them
            elif method in REVIEW[name]:
                expected_ok = status not in (403, 404, 405) and status < 500
            else:
                expected_ok = status == 405
            if not expected_ok:
                wrong.append((method, actor, status))
    assert wrong == [], f"{address}: {wrong}"
