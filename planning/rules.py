"""Who may do what on a Jam: the permission table, and the predicates views, services and
templates ask.

A Jam's host and its organising team may see its plan (``Jam.objects.for_member`` finds only
their Jams: anyone else gets 404). What each member may *change* follows their role: the
table below gives each role's defaults, the host may let a role do more (or less), and
chooses what a role they named themselves may do. The host may always do everything; some
things stay the host's alone (``HOST_ONLY``): deleting the Jam, downloading all of it, and
choosing who may do what.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planning.enums import Permission, TeamRole
from planning.models import Jam, TeamMember

P = Permission

#: What each role may do unless the host chose otherwise (the host: everything).
ROLE_DEFAULTS: dict[str, frozenset[str]] = {
    TeamRole.HOST: frozenset(Permission.values),
    TeamRole.FACILITATOR: frozenset(
        {
            P.PLAN_AGENDA,
            P.PREPARE_SPACE,
            P.RUN_SESSIONS,
            P.TAKE_NOTES,
            P.ROADMAP,
            P.MATERIALS,
            P.WRITE_REPORT,
        }
    ),
    TeamRole.LOGISTICS: frozenset(
        {P.PREPARE_SPACE, P.MATERIALS, P.ROADMAP, P.TAKE_ATTENDANCE, P.SEE_NEEDS_WITH_NAMES}
    ),
    TeamRole.NOTE_TAKER: frozenset({P.TAKE_NOTES, P.TAKE_ATTENDANCE, P.ROADMAP, P.WRITE_REPORT}),
    TeamRole.OTHER: frozenset({P.ROADMAP}),
}

#: The roles whose permissions the host sets for the whole Jam (a named role: per member).
LISTED_ROLES = (TeamRole.FACILITATOR, TeamRole.LOGISTICS, TeamRole.NOTE_TAKER)

#: What only the host does, whatever the table says (plain words for the team page).
HOST_ONLY = (
    gettext_lazy("Delete the Jam"),
    gettext_lazy("Download everything the Jam holds"),
    gettext_lazy("Choose what each role may do"),
)


def _known(permissions: Iterable[str]) -> frozenset[str]:
    return frozenset(permissions) & frozenset(Permission.values)


def role_permissions(jam: Jam, role: str) -> frozenset[str]:
    """What a listed role may do on this Jam: the host's choice, else the defaults."""
    if role == TeamRole.HOST:
        return ROLE_DEFAULTS[TeamRole.HOST]
    chosen = (jam.role_permissions or {}).get(role)
    if chosen is None:
        return ROLE_DEFAULTS.get(role, frozenset())
    return _known(chosen)


def member_permissions(member: TeamMember, jam: Jam | None = None) -> frozenset[str]:
    """What this member may do: their role's permissions, or those chosen for a named role."""
    jam = jam or member.jam
    if member.user_id == jam.host_id or member.role == TeamRole.HOST:
        return ROLE_DEFAULTS[TeamRole.HOST]
    if member.role == TeamRole.OTHER and member.permissions is not None:
        return _known(member.permissions)
    return role_permissions(jam, member.role)


class Can:
    """What one person may do on one Jam; templates read ``jam.can.plan_agenda``.

    Asking for a permission that does not exist is a mistake in the code, not a "no":
    it raises, in templates too.
    """

    def __init__(self, granted: frozenset[str], *, is_host: bool, on_team: bool):
        self.granted = granted
        self.is_host = is_host
        self.on_team = on_team

    def __getitem__(self, permission: str) -> bool:
        if permission not in Permission.values:
            raise RuntimeError(f"No such permission: {permission!r}")
        return permission in self.granted

    def __getattr__(self, permission: str) -> bool:
        if permission.startswith("_"):
            raise AttributeError(permission)
        return self[permission]

    def __contains__(self, permission: str) -> bool:
        return self[permission]


NOBODY = Can(frozenset(), is_host=False, on_team=False)


def permissions_of(user, jam: Jam) -> Can:
    """What ``user`` may do on ``jam``: one query the first time, then remembered on the Jam."""
    if not user.is_authenticated:
        return NOBODY
    remembered = jam.__dict__.setdefault("_can_by_user", {})
    if user.pk not in remembered:
        if jam.host_id == user.pk:
            can = Can(ROLE_DEFAULTS[TeamRole.HOST], is_host=True, on_team=True)
        else:
            member = TeamMember.objects.filter(jam=jam, user=user).first()
            can = (
                NOBODY
                if member is None
                else Can(member_permissions(member, jam), is_host=False, on_team=True)
            )
        remembered[user.pk] = can
    return remembered[user.pk]


def may(user, jam: Jam, permission: str) -> bool:
    """Whether ``user`` may do ``permission`` on ``jam`` (the one predicate behind the others)."""
    return permissions_of(user, jam)[permission]


def refusal(permission: str) -> str:
    """Why a team member is turned away, in plain words."""
    return _("Your role on this Jam’s team does not include this: %(what)s. Ask the host.") % {
        "what": Permission(permission).label
    }


def require_permission(user, jam: Jam, permission: str) -> None:
    """Refuse (403, saying what is missing) unless ``user`` may do ``permission`` on ``jam``."""
    if not may(user, jam, permission):
        raise PermissionDenied(refusal(permission))


def is_host(user, jam: Jam) -> bool:
    """Whether this user hosts the Jam."""
    return jam.is_host(user)


def is_on_team(user, jam: Jam) -> bool:
    """The Jam's host or a member of its team: those ``Jam.objects.for_member`` finds it for."""
    return permissions_of(user, jam).on_team


def is_host_member(member: TeamMember) -> bool:
    """Whether this member of the team is its host."""
    return member.role == TeamRole.HOST or member.user_id == member.jam.host_id


def can_delete_jam(user, jam: Jam) -> bool:
    return is_host(user, jam)


def can_choose_permissions(user, jam: Jam) -> bool:
    """Choosing what each role may do is the host's alone."""
    return is_host(user, jam)


def can_export_jam(user, jam: Jam) -> bool:
    """Downloading everything the Jam holds, its guests' details and answers included."""
    return is_host(user, jam)


def can_manage_team(*, jam: Jam, user) -> bool:
    """Inviting, removing members, changing their roles and handling invitations."""
    return may(user, jam, Permission.MANAGE_TEAM)


def can_erase_guest(user, jam: Jam) -> bool:
    return may(user, jam, Permission.ERASE_GUESTS)


def can_give_guest_new_link(user, jam: Jam) -> bool:
    return may(user, jam, Permission.ERASE_GUESTS)


def can_write_to_guests(user, jam: Jam) -> bool:
    """Writing to everyone who said yes."""
    return may(user, jam, Permission.WRITE_TO_GUESTS)


def require(allowed: bool, message: str) -> None:
    """Refuse (403, with ``message``) when a predicate above said no."""
    if not allowed:
        raise PermissionDenied(message)
