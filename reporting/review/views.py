"""The review space's pages, for the reviewers group only.

Views parse, check who may (``reviewer_required``), call one selector or
service from ``reporting.review`` / ``reporting.programmes.services`` and render. Anyone
signed in who is not a reviewer gets a 404, so the space is not even revealed;
anyone signed out is sent to sign in.
"""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jamsessions.downloads import content_disposition
from planning.models import Jam
from reporting.programmes.models import Programme, ProgrammeHost
from reporting.programmes.services import (
    jam_programme_set,
    programme_create,
    programme_host_add,
    programme_host_remove,
    programme_list,
)
from reporting.reports.models import Report, ReportStatus
from reporting.reports.questions import report_answers
from reporting.review import charts
from reporting.review.export import reports_csv, reports_for_export
from reporting.review.figures import DIMENSIONS, figure_years, report_figures
from reporting.review.forms import (
    DecisionForm,
    FiguresFilterForm,
    JamMoveForm,
    ProgrammeForm,
    ProgrammeHostForm,
    SearchForm,
)
from reporting.review.queue import (
    review_decide,
    review_list,
    review_queue,
    review_queue_counts,
    review_report_get,
)
from reporting.review.search import SEARCH_LIMIT, report_search
from reporting.review.standing import (
    jams_without_programme_count,
    programme_overview,
    programmes_overview,
)
from reporting.rules import is_reviewer

QUEUE_PAGE_SIZE = 100


def reviewer_required(view):
    """Reviewers only: sign-in for the signed out, a 404 for everyone else."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_reviewer(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _programme_or_404(pk: int) -> Programme:
    return get_object_or_404(Programme, pk=pk)


def _report_pdf_url(report: Report) -> str:
    return reverse("report:pdf", kwargs={"slug": report.jam.slug})


@reviewer_required
@require_GET
def dashboard_view(request):
    programmes = programme_list()
    return render(
        request,
        "reporting/review/dashboard.html",
        {
            "overviews": programmes_overview(programmes, now=timezone.now()),
            "counts": review_queue_counts(),
            "without_programme": jams_without_programme_count(),
        },
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def programme_create_view(request):
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programme_create(
                form.cleaned_data["name"], form.cleaned_data["description"], request.user
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("Programme created. Now add its hosts."))
            return redirect("review:programme", pk=programme.pk)
    return render(
        request, "reporting/review/programme_create.html", {"form": form, "forms": [form]}
    )


def _programme_page(request, programme: Programme, *, host_form=None, status=200):
    overview = programme_overview(programme, timezone.now())
    host_form = host_form or ProgrammeHostForm(programme=programme)
    return render(
        request,
        "reporting/review/programme_detail.html",
        {
            "programme": programme,
            "overview": overview,
            "host_form": host_form,
            "forms": [host_form],
            "move_form": JamMoveForm(initial={"programme": programme.pk}),
        },
        status=status,
    )


@reviewer_required
@require_GET
def programme_view(request, pk):
    return _programme_page(request, _programme_or_404(pk))


@reviewer_required
@require_POST
def programme_host_add_view(request, pk):
    programme = _programme_or_404(pk)
    form = ProgrammeHostForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            programme_host = programme_host_add(programme, form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("%(email)s is in the programme.") % {"email": programme_host.email},
            )
            return redirect("review:programme", pk=programme.pk)
    return _programme_page(request, programme, host_form=form)


@reviewer_required
@require_POST
def programme_host_remove_view(request, pk, host_pk):
    programme = _programme_or_404(pk)
    programme_host = get_object_or_404(ProgrammeHost, programme=programme, pk=host_pk)
    programme_host_remove(programme_host)
    messages.success(request, _("%(email)s left the programme.") % {"email": programme_host.email})
    return redirect("review:programme", pk=programme.pk)


@reviewer_required
@require_POST
def jam_move_view(request, pk, jam_pk):
    programme = _programme_or_404(pk)
    jam = get_object_or_404(Jam, pk=jam_pk, programme_link__programme=programme)
    form = JamMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a programme from the list."))
        return redirect("review:programme", pk=programme.pk)
    target = form.cleaned_data["programme"]
    jam_programme_set(jam, target)
    if target is None:
        message = _("“%(jam)s” is in no programme now.") % {"jam": jam.name}
    else:
        message = _("“%(jam)s” moved to %(programme)s.") % {
            "jam": jam.name,
            "programme": target.name,
        }
    messages.success(request, message)
    return redirect("review:programme", pk=programme.pk)


@reviewer_required
@require_GET
def queue_view(request):
    status = request.GET.get("status", "")
    if status not in ReportStatus.values or status == ReportStatus.DRAFT:
        status = ""
    reports = list(review_queue(status or None, limit=QUEUE_PAGE_SIZE))
    return render(
        request,
        "reporting/review/queue.html",
        {
            "reports": reports,
            "counts": review_queue_counts(),
            "status": status,
            "statuses": [s for s in ReportStatus if s != ReportStatus.DRAFT],
            "page_size": QUEUE_PAGE_SIZE,
        },
    )


@reviewer_required
@require_http_methods(["GET", "POST"])
def report_view(request, pk):
    try:
        report = review_report_get(pk)
    except Report.DoesNotExist:
        raise Http404 from None
    form = DecisionForm(request.POST or None) if report.status == ReportStatus.SUBMITTED else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Only a submitted report can be decided on."))
            return redirect("review:report", pk=report.pk)
        if form.is_valid():
            try:
                review_decide(
                    report=report,
                    reviewer=request.user,
                    decision=form.cleaned_data["decision"],
                    comment=form.cleaned_data["comment"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Decision saved: the report is now “%(status)s”.")
                    % {"status": report.get_status_display()},
                )
                return redirect("review:report", pk=report.pk)
    return render(
        request,
        "reporting/review/report_detail.html",
        {
            "report": report,
            "answers": report_answers(report),
            "reviews": list(review_list(report)),
            "form": form,
            "forms": [form] if form else [],
            "pdf_url": _report_pdf_url(report),
        },
    )


GROUP_HEADINGS = {
    "programme": gettext_lazy("By programme"),
    "country": gettext_lazy("By country"),
    "year": gettext_lazy("By year"),
    "format": gettext_lazy("By format"),
}
GROUP_TITLES = {
    "programme": {
        "reports": gettext_lazy("Reports by programme"),
        "sessions": gettext_lazy("Sessions by programme"),
        "participants": gettext_lazy("Participants by programme"),
        "space": gettext_lazy("How valuable the space was, by programme (0 to 10)"),
        "recommend": gettext_lazy("How likely to recommend hosting, by programme (0 to 10)"),
    },
    "country": {
        "reports": gettext_lazy("Reports by country"),
        "sessions": gettext_lazy("Sessions by country"),
        "participants": gettext_lazy("Participants by country"),
        "space": gettext_lazy("How valuable the space was, by country (0 to 10)"),
        "recommend": gettext_lazy("How likely to recommend hosting, by country (0 to 10)"),
    },
    "year": {
        "reports": gettext_lazy("Reports by year"),
        "sessions": gettext_lazy("Sessions by year"),
        "participants": gettext_lazy("Participants by year"),
        "space": gettext_lazy("How valuable the space was, by year (0 to 10)"),
        "recommend": gettext_lazy("How likely to recommend hosting, by year (0 to 10)"),
    },
    "format": {
        "reports": gettext_lazy("Reports by format"),
        "sessions": gettext_lazy("Sessions by format"),
        "participants": gettext_lazy("Participants by format"),
        "space": gettext_lazy("How valuable the space was, by format (0 to 10)"),
        "recommend": gettext_lazy("How likely to recommend hosting, by format (0 to 10)"),
    },
}


def _spread_charts(figures) -> list:
    return [
        charts.bar_chart(
            chart_id="chart-space",
            title=_("How valuable the space was (0 to 10)"),
            description=_("How many reports gave each score from 0 to 10."),
            data=[(str(score), n) for score, n in figures.space_spread],
            label_heading=_("Score"),
            value_heading=_("Reports"),
        ),
        charts.bar_chart(
            chart_id="chart-recommend",
            title=_("How likely to recommend hosting (0 to 10)"),
            description=_("How many reports gave each score from 0 to 10."),
            data=[(str(score), n) for score, n in figures.recommend_spread],
            label_heading=_("Score"),
            value_heading=_("Reports"),
        ),
    ]


def _group_section(dimension: str, rows) -> dict:
    """One grouping's charts: reports, sessions, participants, and how both scores spread."""
    titles = GROUP_TITLES[dimension]
    heading = _("Group")
    counts = [
        charts.bar_chart(
            chart_id=f"chart-{dimension}",
            title=str(titles["reports"]),
            description=_("How many reports there are in each group."),
            data=[(row.label, row.reports) for row in rows],
            label_heading=heading,
            value_heading=_("Reports"),
        ),
        charts.bar_chart(
            chart_id=f"chart-{dimension}-sessions",
            title=str(titles["sessions"]),
            description=_("How many sessions the reports in each group give."),
            data=[(row.label, row.sessions) for row in rows],
            label_heading=heading,
            value_heading=_("Sessions"),
        ),
        charts.bar_chart(
            chart_id=f"chart-{dimension}-participants",
            title=str(titles["participants"]),
            description=_(
                "How many participants each group had: each report’s average attendance "
                "times its sessions."
            ),
            data=[(row.label, row.participants) for row in rows],
            label_heading=heading,
            value_heading=_("Participants"),
        ),
    ]
    spread_description = _(
        "For each group: the line runs from the lowest to the highest score, the box from "
        "the lower to the upper quartile (the middle half of the scores), and the mark is "
        "the median. Reports without this score are left out."
    )
    spreads = [
        charts.range_chart(
            chart_id=f"chart-{dimension}-{key}",
            title=str(titles[key]),
            description=spread_description,
            data=[(row.label, getattr(row, key)) for row in rows],
            label_heading=heading,
        )
        for key in ("space", "recommend")
    ]
    return {
        "dimension": dimension,
        "heading": GROUP_HEADINGS[dimension],
        "title": titles["reports"],
        "label_heading": heading,
        "bar_charts": counts,
        "range_charts": spreads,
        "rows": rows,
    }


@reviewer_required
@require_GET
def figures_view(request):
    form = FiguresFilterForm(request.GET or None, years=figure_years())
    figures = report_figures(form.filters())
    return render(
        request,
        "reporting/review/figures.html",
        {
            "form": form,
            "forms": [form],
            "figures": figures,
            "spread_charts": _spread_charts(figures),
            "groups": [
                _group_section(dimension, figures.groups[dimension]) for dimension in DIMENSIONS
            ],
            "export_query": request.GET.urlencode(),
        },
    )


@reviewer_required
@require_GET
def search_view(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(
        request,
        "reporting/review/search.html",
        {
            "form": form,
            "forms": [form],
            "query": query,
            "results": report_search(query) if query else [],
            "limit": SEARCH_LIMIT,
        },
    )


@reviewer_required
@require_GET
def export_view(request):
    form = FiguresFilterForm(request.GET or None, years=figure_years())
    reports = reports_for_export(form.filters())
    response = StreamingHttpResponse(reports_csv(reports), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = content_disposition(
        f"jam-reports-{stamp}.csv", attachment=True
    )
    return response
