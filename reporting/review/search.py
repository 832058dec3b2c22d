"""Searching the reports' free-text answers (PostgreSQL full-text search), with snippets."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db.models import (
    F,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Concat

from reporting.reports.models import (
    REVIEWABLE,
    SEARCHABLE_FIELDS,
    Report,
)
from reporting.review.queue import reviewable_reports

# Characters nobody types, to mark the matches in a headline before it is escaped.
MARK_START = "\u2063\u2064"


MARK_STOP = "\u2064\u2063"


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
        reviewable_reports()
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
