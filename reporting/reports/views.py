"""The host's report page and its PDF: thin views over ``reporting.reports.services``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from jamsessions.downloads import content_disposition
from planning.enums import Permission
from planning.jams.selectors import jam_get
from planning.models import Jam
from planning.rules import refusal, require_permission
from reporting.reports.forms import ReportForm
from reporting.reports.models import QUESTION_FIELDS, ReportStatus
from reporting.reports.pdf import build_report_pdf
from reporting.reports.questions import LABELS
from reporting.reports.services import (
    ReportConflict,
    ReportIncomplete,
    ReportLocked,
    outcomes_material,
    report_add_notes,
    report_for_reviewer_get,
    report_get_or_prefill,
    report_is_editable,
    report_reviews,
    report_save_draft,
    report_submit,
)

PAGE = "reporting/report/report_edit.html"
ACTIONS = ("save", "submit", "add_notes")


def _edit_url(jam: Jam, anchor: str = "") -> str:
    url = reverse("report:edit", kwargs={"slug": jam.slug})
    return f"{url}#{anchor}" if anchor else url


def _page(request, jam, report, form, *, status: int = 200, **extra):
    context = {
        "jam": jam,
        "report": report,
        "form": form,
        "forms": [form],
        "editable": report_is_editable(report) and jam.can.write_report,
        "reviews": list(report_reviews(report)),
        "material": outcomes_material(jam),
        "statuses": ReportStatus,
        **extra,
    }
    return render(request, PAGE, context, status=status)


def _shown(value) -> str:
    if value is None or value == "":
        return _("(blank)")
    return str(value)


def _differences(form: ReportForm, current) -> list[dict]:
    """The answers where what was typed here differs from what the other person saved."""
    cleaned = getattr(form, "cleaned_data", {})
    rows = []
    for name in QUESTION_FIELDS:
        mine = cleaned.get(name, form.data.get(name, ""))
        theirs = getattr(current, name)
        if _shown(mine).strip() != _shown(theirs).strip():
            rows.append({"label": LABELS[name], "theirs": _shown(theirs), "field": form[name]})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def report_edit_view(request, slug):
    """The 14 questions, pre-filled; save a draft at any time, submit when ready."""
    jam = jam_get(user=request.user, slug=slug)
    report = report_get_or_prefill(jam)
    if request.method != "POST":
        return _page(request, jam, report, ReportForm.for_report(report))
    require_permission(request.user, jam, Permission.WRITE_REPORT)
    action = request.POST.get("action", "save")
    if action not in ACTIONS:
        action = "save"
    form = ReportForm(request.POST)
    valid = form.is_valid()
    try:
        report = report_save_draft(report, form.valid_answers, form.expected_version, request.user)
    except ReportConflict as conflict:
        current = conflict.current
        return _page(
            request,
            jam,
            current,
            form.with_version(current.version),
            conflict=current,
            differences=_differences(form, current),
        )
    except ReportLocked as locked:
        return _page(request, jam, locked.report, form, locked_on_save=True)
    form = form.with_version(report.version)
    if not valid:
        return _page(request, jam, report, form, partly_saved=True)
    if action == "submit":
        return _submit(request, jam, report, form)
    if action == "add_notes":
        return _add_notes(request, jam, report, form)
    messages.success(request, _("Your draft is saved. Come back to it at any time."))
    return redirect(_edit_url(jam))


def _submit(request, jam, report, form):
    try:
        report_submit(report, request.user)
    except PermissionDenied:
        refused = _("%(why)s Your answers are saved as a draft.") % {
            "why": refusal(Permission.SUBMIT_REPORT)
        }
        return _page(request, jam, report, form, status=403, refusal=refused)
    except ReportIncomplete as incomplete:
        for name in incomplete.missing:
            form.add_error(name, _("Answer this before you submit."))
        return _page(request, jam, report, form, incomplete=True)
    except ReportLocked as locked:
        return _page(request, jam, locked.report, form, locked_on_save=True)
    messages.success(
        request, _("Your report is with CIVICUS. Thank you for sharing what happened.")
    )
    return redirect(_edit_url(jam))


def _add_notes(request, jam, report, form):
    try:
        report = report_add_notes(report, report.version, request.user)
    except ValidationError:
        form.add_error(
            "outcomes",
            _("With the notes added this answer would be too long. Copy the parts you need."),
        )
        return _page(request, jam, report, form)
    except (ReportConflict, ReportLocked):
        return redirect(_edit_url(jam, "material"))
    messages.success(request, _("The notes are added at the end of your outcomes answer."))
    return redirect(_edit_url(jam, "id_outcomes"))


# --- The PDF -------------------------------------------------------------------------


def _report_for_pdf(request, slug):
    jam = Jam.objects.for_member(request.user).filter(slug=slug).first()
    if jam is not None:
        return report_get_or_prefill(jam)
    report = report_for_reviewer_get(user=request.user, slug=slug)
    if report is None:
        raise Http404
    return report


def report_pdf_filename(report) -> tuple[str, str]:
    """The file's name in ASCII, and in UTF-8 for names in other scripts."""
    ascii_name = slugify(report.jam.name)[:60].strip("-") or "jam"
    unicode_name = slugify(report.jam.name, allow_unicode=True)[:60].strip("-") or ascii_name
    return f"{ascii_name}-report.pdf", f"{unicode_name}-report.pdf"


@login_required
@require_safe
def report_pdf_view(request, slug):
    """The report as a tagged PDF: for the Jam's team, and for reviewers once submitted."""
    report = _report_for_pdf(request, slug)
    response = HttpResponse(build_report_pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(*report_pdf_filename(report))
    return response
