"""Where each Jam of a programme stands (planning, held, reported), and each programme's overview."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import gettext_lazy

from planning.models import Jam, Session, going_ahead_filter
from reporting.programmes.models import Programme, ProgrammeHost, ProgrammeJam
from reporting.reports.models import (
    ReportStatus,
)


class JamState:
    PLANNING = "planning"
    HELD = "held"
    REPORTED = "reported"
    REVIEWED = "reviewed"

    LABELS = {
        PLANNING: gettext_lazy("Planning"),
        HELD: gettext_lazy("Held"),
        REPORTED: gettext_lazy("Reported"),
        REVIEWED: gettext_lazy("Reviewed"),
    }

    @classmethod
    def label(cls, state: str) -> str:
        return str(cls.LABELS[state])


# Reports sent and waiting for a reviewer, or sent back for more.
REPORTED_STATUSES = (ReportStatus.SUBMITTED, ReportStatus.NEEDS_MORE)


def jam_state(now: dt.datetime) -> Case:
    """Where each Jam stands, in the database, for rows that name it as ``jam``: the one
    home of the rule, read for one programme's Jams and counted for the overview.

    Reviewed (its report accepted), reported (sent, or sent back for more), held (a
    session has started by ``now``), else planning.
    """
    held = Exists(Session.objects.going_ahead().filter(jam=OuterRef("jam"), starts_at__lte=now))
    return Case(
        When(jam__report__status=ReportStatus.ACCEPTED, then=Value(JamState.REVIEWED)),
        When(jam__report__status__in=REPORTED_STATUSES, then=Value(JamState.REPORTED)),
        When(held, then=Value(JamState.HELD)),
        default=Value(JamState.PLANNING),
        output_field=CharField(),
    )


@dataclass
class JamRow:
    jam: Jam
    state: str
    next_session_at: dt.datetime | None
    report_id: int | None
    report_status: str | None

    @property
    def state_label(self) -> str:
        return JamState.label(self.state)


@dataclass
class HostRow:
    email: str
    name: str
    programme_host: ProgrammeHost | None
    jams: list[JamRow] = field(default_factory=list)
    # Set by ``programmes_overview``, which counts in SQL and leaves ``jams`` empty.
    counts: dict[str, int] | None = None
    next_session: dt.datetime | None = None

    def _counts(self) -> dict[str, int]:
        if self.counts is not None:
            return self.counts
        counts = {state: 0 for state in JamState.LABELS}
        for row in self.jams:
            counts[row.state] += 1
        return counts

    @property
    def state_counts(self) -> list[tuple[str, str, int]]:
        """(state, label, how many of their Jams) for the states they have, in order."""
        return [(state, JamState.label(state), n) for state, n in self._counts().items() if n]

    @property
    def next_session_at(self) -> dt.datetime | None:
        if self.counts is not None:
            return self.next_session
        return min((row.next_session_at for row in self.jams if row.next_session_at), default=None)


@dataclass
class ProgrammeOverview:
    programme: Programme
    hosts: list[HostRow]

    @property
    def state_counts(self) -> dict[str, int]:
        counts = {state: 0 for state in JamState.LABELS}
        for host in self.hosts:
            for state, n in host._counts().items():
                counts[state] += n
        return counts


def _next_session_at(now: dt.datetime) -> Subquery:
    """The start of a Jam's next session after ``now``."""
    sessions = Session.objects.going_ahead().filter(jam=OuterRef("jam"), starts_at__gt=now)
    return Subquery(sessions.order_by("starts_at").values("starts_at")[:1])


def _programme_jams(programme_ids: list[int], now: dt.datetime) -> QuerySet[ProgrammeJam]:
    return (
        ProgrammeJam.objects.filter(programme_id__in=programme_ids)
        .select_related("jam", "jam__host")
        .annotate(
            state=jam_state(now),
            next_session_at=_next_session_at(now),
            report_id=F("jam__report__id"),
            report_status=F("jam__report__status"),
        )
        .order_by("jam__name", "jam__pk")
    )


def _programme_hosts(ids: list[int]) -> dict[int, dict[str, HostRow]]:
    """The hosts added to these programmes by email, by programme then lower-cased email."""
    hosts_by_programme: dict[int, dict[str, HostRow]] = {pk: {} for pk in ids}
    for programme_host in (
        ProgrammeHost.objects.filter(programme_id__in=ids).select_related("user").order_by("email")
    ):
        name = programme_host.user.name if programme_host.user else ""
        hosts_by_programme[programme_host.programme_id][programme_host.email.lower()] = HostRow(
            email=programme_host.email, name=name, programme_host=programme_host
        )
    return hosts_by_programme


def _overviews(programmes: list[Programme], hosts_by_programme) -> list[ProgrammeOverview]:
    return [
        ProgrammeOverview(
            programme=programme,
            hosts=sorted(hosts_by_programme[programme.pk].values(), key=lambda h: h.email),
        )
        for programme in programmes
    ]


def programmes_overview(programmes: Iterable[Programme], *, now: dt.datetime):
    """Every host of these programmes, how many of their Jams in it stand where, and
    their next session date: the dashboard's figures, counted by the database.

    Two queries whatever the size: the hosts, and their Jams' counts per state
    (``jam_state``) and next session grouped by programme and host.
    A host whose Jams are in the programme but who was never added by email
    still shows. Each host's ``jams`` is left empty: ``programme_overview``
    lists them.
    """
    programmes = list(programmes)
    ids = [programme.pk for programme in programmes]
    hosts_by_programme = _programme_hosts(ids)
    # One row per programme, host and state: each Jam's state is worked out once
    # (``jam_state``), and each Jam counted once whatever its sessions (DISTINCT).
    rows = (
        ProgrammeJam.objects.filter(programme_id__in=ids)
        .annotate(state=jam_state(now))
        .values("programme_id", "jam__host_id", "jam__host__email", "jam__host__name", "state")
        .annotate(
            jams=Count("pk", distinct=True),
            next_session=Min(
                "jam__sessions__starts_at",
                filter=Q(jam__sessions__starts_at__gt=now) & going_ahead_filter("jam__sessions__"),
            ),
        )
        .order_by()
    )
    for values in rows:
        hosts = hosts_by_programme[values["programme_id"]]
        email = values["jam__host__email"]
        row = hosts.get(email.lower())
        if row is None:
            row = hosts[email.lower()] = HostRow(
                email=email, name=values["jam__host__name"], programme_host=None
            )
        row.counts = row.counts or {state: 0 for state in JamState.LABELS}
        row.counts[values["state"]] += values["jams"]
        if values["next_session"] and (
            row.next_session is None or values["next_session"] < row.next_session
        ):
            row.next_session = values["next_session"]
    for hosts in hosts_by_programme.values():
        for row in hosts.values():
            if row.counts is None:
                row.counts = {state: 0 for state in JamState.LABELS}
    return _overviews(programmes, hosts_by_programme)


def programme_overview(programme: Programme, now: dt.datetime) -> ProgrammeOverview:
    """One programme's hosts, their Jams, the state of each and the next session date.

    Two queries whatever the size: the hosts, and the Jams with their states.
    A Jam in the programme whose host was never added by email still shows,
    under its host.
    """
    hosts_by_programme = _programme_hosts([programme.pk])
    hosts = hosts_by_programme[programme.pk]
    for link in _programme_jams([programme.pk], now):
        host = link.jam.host
        row = hosts.get(host.email.lower())
        if row is None:
            row = hosts[host.email.lower()] = HostRow(
                email=host.email, name=host.name, programme_host=None
            )
        row.jams.append(
            JamRow(
                jam=link.jam,
                state=link.state,
                next_session_at=link.next_session_at,
                report_id=link.report_id,
                report_status=link.report_status,
            )
        )
    return _overviews([programme], hosts_by_programme)[0]


def jams_without_programme_count() -> int:
    return Jam.objects.filter(programme_link__isnull=True).count()
