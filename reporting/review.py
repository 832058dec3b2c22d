"""The review space: where CIVICUS reviewers see every programme, decide on reports,
read the figures across them, search the answers and export them.

Selectors read (``programme_overview``, ``review_queue``, ``report_figures``,
``report_search``, ``reports_csv``); one service writes (``review_decide``).
Every selector here works with a fixed number of queries, whatever the number
of reports, and none of them reads a participant's personal data: reviewers
see the hosts' answers and counts only.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from planning.enums import JamFormat
from planning.models import Jam, Session
from reporting.models import (
    QUESTION_FIELDS,
    SCORE_MAX,
    SCORE_MIN,
    SEARCHABLE_FIELDS,
    Programme,
    ProgrammeHost,
    ProgrammeJam,
    Report,
    ReportStatus,
    Review,
    report_queue_order,
)
from reporting.report_forms import LABELS, score_anchors

# Reports a reviewer sees: a draft is the host's own until it is submitted.
REVIEWABLE = (ReportStatus.SUBMITTED, ReportStatus.NEEDS_MORE, ReportStatus.ACCEPTED)
SCORES = tuple(range(SCORE_MIN, SCORE_MAX + 1))


# --- Where each Jam stands ----------------------------------------------------------


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


def jam_state(*, report_status: str | None, has_held: bool) -> str:
    if report_status == ReportStatus.ACCEPTED:
        return JamState.REVIEWED
    if report_status in (ReportStatus.SUBMITTED, ReportStatus.NEEDS_MORE):
        return JamState.REPORTED
    return JamState.HELD if has_held else JamState.PLANNING


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


def _sessions(now: dt.datetime) -> tuple[Exists, Subquery]:
    """Whether a Jam has held a session by ``now``, and its next session after ``now``."""
    sessions = Session.objects.filter(jam=OuterRef("jam")).order_by()
    return (
        Exists(sessions.filter(starts_at__lte=now)),
        Subquery(sessions.filter(starts_at__gt=now).order_by("starts_at").values("starts_at")[:1]),
    )


def _programme_jams(programme_ids: list[int], now: dt.datetime) -> QuerySet[ProgrammeJam]:
    has_held, next_session_at = _sessions(now)
    return (
        ProgrammeJam.objects.filter(programme_id__in=programme_ids)
        .select_related("jam", "jam__host")
        .annotate(
            has_held=has_held,
            next_session_at=next_session_at,
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
    (with ``jam_state``'s rules) and next session grouped by programme and host.
    A host whose Jams are in the programme but who was never added by email
    still shows. Each host's ``jams`` is left empty: ``programme_overview``
    lists them.
    """
    programmes = list(programmes)
    ids = [programme.pk for programme in programmes]
    hosts_by_programme = _programme_hosts(ids)
    reported = (ReportStatus.SUBMITTED, ReportStatus.NEEDS_MORE)
    # One row per Jam and session: each Jam is counted once (DISTINCT), which is
    # cheaper than a subquery per Jam.
    jam = "pk"
    rows = (
        ProgrammeJam.objects.filter(programme_id__in=ids)
        .values("programme_id", "jam__host_id", "jam__host__email", "jam__host__name")
        .annotate(
            total=Count(jam, distinct=True),
            reviewed=Count(jam, distinct=True, filter=Q(jam__report__status=ReportStatus.ACCEPTED)),
            reported=Count(jam, distinct=True, filter=Q(jam__report__status__in=reported)),
            held=Count(
                jam,
                distinct=True,
                filter=Q(jam__sessions__starts_at__lte=now)
                & ~Q(jam__report__status__in=(ReportStatus.ACCEPTED, *reported)),
            ),
            next_session=Min(
                "jam__sessions__starts_at", filter=Q(jam__sessions__starts_at__gt=now)
            ),
            first_jam=Min("jam__name"),
        )
        .order_by("programme_id", "first_jam", "jam__host_id")
    )
    for values in rows:
        hosts = hosts_by_programme[values["programme_id"]]
        email = values["jam__host__email"]
        row = hosts.get(email.lower())
        if row is None:
            row = hosts[email.lower()] = HostRow(
                email=email, name=values["jam__host__name"], programme_host=None
            )
        counts = row.counts or {state: 0 for state in JamState.LABELS}
        values["planning"] = (
            values["total"] - values["reviewed"] - values["reported"] - values["held"]
        )
        for state in JamState.LABELS:
            counts[state] += values[state]
        row.counts = counts
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
                state=jam_state(report_status=link.report_status, has_held=link.has_held),
                next_session_at=link.next_session_at,
                report_id=link.report_id,
                report_status=link.report_status,
            )
        )
    return _overviews([programme], hosts_by_programme)[0]


def jams_without_programme_count() -> int:
    return Jam.objects.filter(programme_link__isnull=True).count()


# --- The review queue -----------------------------------------------------------------


def _reviewable_reports() -> QuerySet[Report]:
    # The stored search document is for the database only: never read into Python.
    return (
        Report.objects.filter(status__in=REVIEWABLE)
        .select_related("jam", "jam__host", "jam__programme_link__programme")
        .defer("search_vector")
    )


def review_queue(status: str | None = None, *, limit: int | None = None) -> QuerySet[Report]:
    """Submitted reports first (oldest first), then those needing more, then accepted.

    With a ``limit``, two queries: the first ``limit`` ids, read in order from the
    ``report_queue_order`` index, then those reports whole. Sorting every whole report
    (long answers and all) to show a hundred is what made the queue slow.
    """
    order = ("queue_order", F("submitted_at").asc(nulls_last=True), "pk")
    reports = _reviewable_reports()
    if status:
        reports = reports.filter(status=status)
    if limit is not None:
        first = reports.annotate(queue_order=report_queue_order()).order_by(*order)
        ids = list(first.values_list("pk", flat=True)[:limit])
        reports = _reviewable_reports().filter(pk__in=ids)
    return reports.annotate(queue_order=report_queue_order()).order_by(*order)


def review_queue_counts() -> dict[str, int]:
    """How many reports are in each reviewable status: one query."""
    counts = {status.value: 0 for status in REVIEWABLE}
    for row in (
        Report.objects.filter(status__in=REVIEWABLE).values("status").annotate(n=Count("pk"))
    ):
        counts[row["status"]] = row["n"]
    return counts


def review_report_get(pk: int) -> Report:
    """A report a reviewer may open (never a draft); Report.DoesNotExist otherwise."""
    return _reviewable_reports().get(pk=pk)


def review_list(report: Report) -> QuerySet[Review]:
    return report.reviews.select_related("reviewer").order_by("-created_at", "-pk")


def review_decide(*, report: Report, reviewer, decision: str, comment: str = "") -> Review:
    """A reviewer's decision on a submitted report: ask for more (with a comment) or accept."""
    comment = (comment or "").strip()
    if decision not in Review.Decision.values:
        raise ValidationError(_("Choose to ask for more or to accept."), code="decision")
    if decision == Review.Decision.NEEDS_MORE and not comment:
        raise ValidationError(
            _("Tell the host what more you need: the comment is what they will read."),
            code="comment_required",
        )
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.SUBMITTED:
            raise ValidationError(
                _("Only a submitted report can be decided on; this one is “%(status)s”.")
                % {"status": locked.get_status_display()},
                code="not_submitted",
            )
        review = Review.objects.create(
            report=locked, reviewer=reviewer, decision=decision, comment=comment
        )
        locked.status = decision
        locked.save(update_fields=["status", "updated_at"])
    report.status = locked.status
    return review


# --- Figures ----------------------------------------------------------------------------


def _sessions_held():
    """The dated sessions in the report (1st, 2nd, 3rd); “other dates” is free text, not counted."""
    return sum(
        (
            Case(When(**{f"{name}__isnull": False}, then=Value(1)), default=Value(0))
            for name in ("session_1_on", "session_2_on", "session_3_on")
        ),
        Value(0),
    )


DIMENSIONS = {
    "programme": "jam__programme_link__programme__name",
    "country": "jam__country",
    "year": "year",
    "format": "jam__format",
}
SCORE_NAMES = ("space_value", "recommend")
# The figures' short names for the two scores (``space`` for ``space_value``).
SCORE_KEYS = {"space_value": "space", "recommend": "recommend"}


def _figures_base(filters: dict | None) -> QuerySet[Report]:
    filters = filters or {}
    reports = (
        Report.objects.filter(status__in=REVIEWABLE)
        .annotate(
            year=Coalesce(ExtractYear("session_1_on"), ExtractYear("submitted_at")),
            sessions_held=_sessions_held(),
        )
        .annotate(
            report_participants=ExpressionWrapper(
                Coalesce(F("average_attendance"), Value(Decimal(0))) * F("sessions_held"),
                output_field=DecimalField(max_digits=12, decimal_places=1),
            )
        )
    )
    if filters.get("programme"):
        reports = reports.filter(jam__programme_link__programme=filters["programme"])
    if filters.get("country"):
        reports = reports.filter(jam__country=filters["country"])
    if filters.get("year"):
        reports = reports.filter(year=filters["year"])
    if filters.get("format"):
        reports = reports.filter(jam__format=filters["format"])
    return reports


def _figure_aggregates_sql() -> str:
    """What each row of the figures counts, in SQL over the columns ``_figure_rows`` reads.

    Fixed text, nothing from the request: the filters are in the inner query's params.
    """
    parts = [
        "COUNT(*) AS reports",
        "COALESCE(SUM(sessions_held), 0) AS sessions",
        "COALESCE(SUM(report_participants), 0) AS participants",
    ]
    for name in SCORE_NAMES:
        key = SCORE_KEYS[name]
        parts += [
            f"COUNT({name}) AS {key}_count",
            f"MIN({name}) AS {key}_min",
            f"MAX({name}) AS {key}_max",
            f"AVG({name}) AS {key}_mean",
            # Exact and interpolated, as a median is: NULLs left out.
            f"PERCENTILE_CONT(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY {name}) "
            f"AS {key}_quartiles",
            # How many gave each score (read for the totals' spreads).
            *(f"COUNT(*) FILTER (WHERE {name} = {score}) AS {key}_{score}" for score in SCORES),
        ]
    return ",\n  ".join(parts)


def _figure_rows(reports: QuerySet[Report]) -> tuple[dict, dict[str, list[tuple]]]:
    """The totals and every grouping's rows in one query and one pass over the reports.

    PostgreSQL's GROUPING SETS, which the ORM has no word for: the ORM builds the
    inner query (the filtered reports, one row each, with the joins and the params),
    this wraps it. One scan instead of one per grouping halved the figures' time at
    10 000 reports. Returns the totals, and for each dimension its (value, row) pairs
    in the value's order, the empty value last.
    """
    columns = {dimension: f"group_{dimension}" for dimension in DIMENSIONS}
    inner = (
        reports.order_by()
        .values(
            "sessions_held",
            "report_participants",
            *SCORE_NAMES,
            **{columns[dimension]: F(path) for dimension, path in DIMENSIONS.items()},
        )
        .query
    )
    inner_sql, params = inner.sql_with_params()
    names = ", ".join(columns.values())
    sets = ", ".join(["()", *(f"({column})" for column in columns.values())])
    sql = (
        f"SELECT GROUPING({names}) AS grouping_id, {names},\n  {_figure_aggregates_sql()}\n"
        f"FROM ({inner_sql}) AS reports\n"
        f"GROUP BY GROUPING SETS ({sets})\n"
        f"ORDER BY grouping_id, {names}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        keys = [column.name for column in cursor.description]
        rows = [dict(zip(keys, values, strict=True)) for values in cursor.fetchall()]
    # GROUPING() sets a bit for each column a row is NOT grouped by, the first one highest.
    everything = (1 << len(columns)) - 1
    by_grouping = {
        everything - (1 << (len(columns) - 1 - index)): dimension
        for index, dimension in enumerate(columns)
    }
    totals = next(row for row in rows if row["grouping_id"] == everything)  # () always has one
    groups: dict[str, list[tuple]] = {dimension: [] for dimension in DIMENSIONS}
    for row in rows:
        dimension = by_grouping.get(row["grouping_id"])
        if dimension:
            groups[dimension].append((row[columns[dimension]], row))
    return totals, groups


def _rounded(value) -> float | None:
    return None if value is None else round(float(value), 1)


@dataclass(frozen=True)
class ScoreSpread:
    """How a 0–10 score spread over a set of reports (the empty ones left out)."""

    count: int
    minimum: int
    lower_quartile: float
    median: float
    upper_quartile: float
    maximum: int
    mean: float

    @classmethod
    def from_values(cls, key: str, values: dict) -> ScoreSpread | None:
        if not values[f"{key}_count"]:
            return None
        lower, median, upper = (_rounded(value) for value in values[f"{key}_quartiles"])
        return cls(
            count=values[f"{key}_count"],
            minimum=values[f"{key}_min"],
            lower_quartile=lower,
            median=median,
            upper_quartile=upper,
            maximum=values[f"{key}_max"],
            mean=_rounded(values[f"{key}_mean"]),
        )


@dataclass
class FigureRow:
    """Totals for a set of reports; ``participants`` rounded to a whole number."""

    label: str
    reports: int
    sessions: int
    participants: int
    space: ScoreSpread | None
    recommend: ScoreSpread | None

    @classmethod
    def from_values(cls, label: str, values: dict) -> FigureRow:
        return cls(
            label=label,
            reports=values["reports"],
            sessions=values["sessions"] or 0,
            participants=int(
                Decimal(values["participants"] or 0).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            ),
            space=ScoreSpread.from_values("space", values),
            recommend=ScoreSpread.from_values("recommend", values),
        )

    @property
    def space_mean(self) -> float | None:
        return self.space.mean if self.space else None

    @property
    def space_median(self) -> float | None:
        return self.space.median if self.space else None

    @property
    def recommend_mean(self) -> float | None:
        return self.recommend.mean if self.recommend else None

    @property
    def recommend_median(self) -> float | None:
        return self.recommend.median if self.recommend else None


@dataclass
class Figures:
    total: FigureRow
    space_spread: list[tuple[int, int]]
    recommend_spread: list[tuple[int, int]]
    groups: dict[str, list[FigureRow]]


def _group_label(dimension: str, value) -> str:
    if value in (None, ""):
        return {
            "programme": _("No programme"),
            "country": _("Many countries"),
            "year": _("No date"),
        }.get(dimension, _("Not given"))
    if dimension == "country":
        return str(countries.name(value)) or value
    if dimension == "format":
        return str(JamFormat(value).label) if value in JamFormat.values else value
    return str(value)


def report_figures(filters: dict | None = None) -> Figures:
    """The figures across reviewable reports (submitted, needing more, accepted).

    How we count: a report's sessions are the dated sessions it gives (1st, 2nd
    and 3rd; the free-text “other dates” are not counted); its participants are
    its average attendance × those sessions. Scores left empty are left out of
    the means, quartiles, medians and spreads. The year is that of the 1st
    session, or of the submission when no date is given.

    One query whatever the number of reports (``_figure_rows``): the totals with
    how many gave each score, and each grouping (programme, country, year, format)
    with its sessions, participants and the spread of both scores.
    """
    totals, groups = _figure_rows(_figures_base(filters))
    return Figures(
        total=FigureRow.from_values(_("All reports"), totals),
        space_spread=[(score, totals[f"space_{score}"]) for score in SCORES],
        recommend_spread=[(score, totals[f"recommend_{score}"]) for score in SCORES],
        groups={
            dimension: [
                FigureRow.from_values(_group_label(dimension, value), row) for value, row in rows
            ]
            for dimension, rows in groups.items()
        },
    )


def figure_years() -> list[int]:
    """The years reports cover, for the filter form: one query."""
    years = (
        _figures_base(None)
        .exclude(year__isnull=True)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return list(years)


# --- Search ------------------------------------------------------------------------------

# Characters nobody types, to mark the matches in a headline before it is escaped.
MARK_START, MARK_STOP = "\u2063\u2064", "\u2064\u2063"
SEARCH_MAX_LENGTH = 200
SEARCH_LIMIT = 50


@dataclass(frozen=True)
class Snippet:
    """A piece of a headline: the template marks the pieces that match (no HTML from here)."""

    text: str
    is_match: bool


def headline_pieces(headline: str) -> list[Snippet]:
    pieces = []
    for index, part in enumerate(headline.replace(MARK_STOP, MARK_START).split(MARK_START)):
        if part:
            pieces.append(Snippet(text=part, is_match=index % 2 == 1))
    return pieces


def _search_text():
    parts = []
    for name in SEARCHABLE_FIELDS:
        parts.extend(
            [
                Coalesce(F(name), Value(""), output_field=TextField()),
                Value(" · ", output_field=TextField()),
            ]
        )
    return Concat(*parts[:-1], output_field=TextField())


def report_search(query: str, *, limit: int = SEARCH_LIMIT) -> list[Report]:
    """Reports whose free-text answers match (PostgreSQL full-text search), best first.

    Each comes with ``headline``: pieces of the answers around the matches. The
    search reads the answers only, never any participant's data; drafts are left out.
    """
    query = " ".join((query or "").split())[:SEARCH_MAX_LENGTH]
    if not query:
        return []
    search_query = SearchQuery(query, config="simple", search_type="websearch")
    rank = SearchRank(F("search_vector"), search_query)
    order = ("-rank", "-submitted_at", "pk")
    # Two queries: the best ``limit`` ids, found on the stored ``search_vector`` (GIN index)
    # with ranks alone; then only those reports, read whole, with their headlines.
    best = list(
        Report.objects.filter(status__in=REVIEWABLE, search_vector=search_query)
        .annotate(rank=rank)
        .order_by(*order)
        .values_list("pk", flat=True)[:limit]
    )
    if not best:
        return []
    reports = (
        _reviewable_reports()
        .filter(pk__in=best)
        .annotate(
            rank=rank,
            headline_text=SearchHeadline(
                _search_text(),
                search_query,
                config="simple",
                start_sel=MARK_START,
                stop_sel=MARK_STOP,
                max_words=35,
                min_words=15,
                max_fragments=3,
                fragment_delimiter=" … ",
            ),
        )
        .order_by(*order)
    )
    results = list(reports)
    for report in results:
        report.headline = headline_pieces(report.headline_text)
    return results


# --- CSV export -----------------------------------------------------------------------------

# A cell starting like a formula would run in a spreadsheet; a leading ' keeps it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_question_heading(name: str) -> str:
    """A question's column heading: the toolkit's wording, and for a score what 0 and 10 mean."""
    anchors = score_anchors(name)
    return f"{LABELS[name]} ({anchors})" if anchors else str(LABELS[name])


def csv_header() -> list[str]:
    questions = [csv_question_heading(name) for name in QUESTION_FIELDS]
    return [
        _("Jam"),
        _("Host"),
        _("Country"),
        _("Programme"),
        _("Status"),
        _("Submitted at"),
        *questions,
    ]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_row(report: Report) -> list[str]:
    jam = report.jam
    link = getattr(jam, "programme_link", None)
    return [
        _cell(jam.name),
        _cell(jam.host.display_name),
        _cell(jam.country.name if jam.country else ""),
        _cell(link.programme.name if link else ""),
        _cell(report.get_status_display()),
        _cell(report.submitted_at),
        *[_cell(getattr(report, name)) for name in QUESTION_FIELDS],
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def reports_csv(reports: Iterable[Report]) -> Iterator[str]:
    """The reports as CSV lines (UTF-8 with a byte-order mark, so spreadsheets read accents).

    One row per report, one column per question in the toolkit's order after
    the Jam, host, country, programme, status and submission time. A generator,
    for a StreamingHttpResponse.
    """
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(csv_header())
    for report in reports:
        yield writer.writerow(csv_row(report))


def reports_for_export(filters: dict | None = None) -> Iterator[Report]:
    """The reviewable reports matching the figures' filters, read in chunks."""
    ids = _figures_base(filters).values("pk")
    return (
        _reviewable_reports()
        .filter(pk__in=ids)
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
        .iterator(chunk_size=500)
    )
