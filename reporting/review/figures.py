"""Figures across reports: counts, attendance, and the spread of the two 0–10 scores by
country, year and format, computed in the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import (
    Case,
    DecimalField,
    ExpressionWrapper,
    F,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.utils.translation import gettext as _
from django_countries import countries

from planning.enums import JamFormat
from reporting.reports.models import (
    REVIEWABLE,
    SCORE_MAX,
    SCORE_MIN,
    Report,
)

SCORES = tuple(range(SCORE_MIN, SCORE_MAX + 1))


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


def figures_base(filters: dict | None) -> QuerySet[Report]:
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
    totals, groups = _figure_rows(figures_base(filters))
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
        figures_base(None)
        .exclude(year__isnull=True)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    return list(years)
