"""Programmes: the cohorts of hosts CIVICUS staff follow together.

Services write (``programme_create``, ``programme_host_add`` …) and are the only
code that changes who is in a programme. A Jam belongs to at most one programme
(``ProgrammeJam`` is one-to-one with the Jam): adding a host attaches their Jams
that are in no programme yet; a Jam already in another programme stays there
until a reviewer moves it with ``jam_programme_set``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from jamsessions.accounts.models import User, email_normalise
from planning.models import Jam
from reporting.programmes.models import Programme, ProgrammeHost, ProgrammeJam

# --- Selectors ------------------------------------------------------------------


def programme_list() -> QuerySet[Programme]:
    return Programme.objects.order_by("name")


def programme_hosts_for_user(user) -> QuerySet[ProgrammeHost]:
    """The programme memberships of this account, by link or by its email address."""
    return ProgrammeHost.objects.filter(Q(user=user) | Q(email__iexact=user.email))


# --- Services -------------------------------------------------------------------


def programme_create(name: str, description: str = "", actor=None) -> Programme:
    """A new programme; a name already taken (in any letter case) is refused clearly."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give the programme a name."), code="required")
    if Programme.objects.filter(name__iexact=name).exists():
        raise ValidationError(
            _("There is already a programme called “%(name)s”. Choose another name.")
            % {"name": name},
            code="unique",
        )
    return Programme.objects.create(
        name=name, description=(description or "").strip(), created_by=actor
    )


def _attach_free_jams(programme: Programme, user) -> int:
    """Put this host's Jams that are in no programme into this one; how many joined."""
    free_jams = Jam.objects.filter(host=user, programme_link__isnull=True)
    links = [ProgrammeJam(jam=jam, programme=programme) for jam in free_jams]
    ProgrammeJam.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


def programme_host_add(programme: Programme, email: str) -> ProgrammeHost:
    """Add a host by email (normalised); link their account if there is one, attach their Jams.

    Adding someone already in the programme changes nothing and returns them.
    """
    email = email_normalise(email)
    if not email:
        raise ValidationError(_("Enter the host’s email address."), code="required")
    user = User.objects.filter(email__iexact=email).first()
    with transaction.atomic():
        programme_host, _created = ProgrammeHost.objects.get_or_create(
            programme=programme, email=email, defaults={"user": user}
        )
        if user is not None and programme_host.user_id != user.pk:
            programme_host.user = user
            programme_host.save(update_fields=["user"])
        if user is not None:
            _attach_free_jams(programme, user)
    return programme_host


def programme_host_remove(programme_host: ProgrammeHost) -> None:
    """Take a host out of a programme; their Jams in it leave it too (into no programme)."""
    with transaction.atomic():
        if programme_host.user_id is not None:
            ProgrammeJam.objects.filter(
                programme=programme_host.programme_id, jam__host=programme_host.user_id
            ).delete()
        programme_host.delete()


def jam_programme_set(jam: Jam, programme: Programme | None) -> ProgrammeJam | None:
    """Move a Jam into ``programme`` (out of any other), or out of all with None."""
    with transaction.atomic():
        if programme is None:
            ProgrammeJam.objects.filter(jam=jam).delete()
            return None
        link, _created = ProgrammeJam.objects.update_or_create(
            jam=jam, defaults={"programme": programme}
        )
    return link


def programme_attach_new_jam(jam: Jam) -> Programme | None:
    """Called when a Jam is created: if its host is in exactly one programme, it joins it."""
    programme_ids = set(
        programme_hosts_for_user(jam.host).values_list("programme_id", flat=True).distinct()
    )
    if len(programme_ids) != 1:
        return None
    programme = Programme.objects.get(pk=programme_ids.pop())
    ProgrammeJam.objects.get_or_create(jam=jam, defaults={"programme": programme})
    return programme


def programme_hosts_link_account(user) -> int:
    """When someone signs up with an address a programme already holds (once they confirmed
    it): link it, attach Jams."""
    with transaction.atomic():
        memberships = list(
            ProgrammeHost.objects.filter(
                email__iexact=user.email, user__isnull=True
            ).select_related("programme")
        )
        for programme_host in memberships:
            programme_host.user = user
            programme_host.save(update_fields=["user"])
            _attach_free_jams(programme_host.programme, user)
    return len(memberships)
