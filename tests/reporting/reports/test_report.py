"""The host's report: pre-filled from what happened, saved as a draft, submitted."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from reporting.models import Report, ReportStatus
from reporting.reports.services import (
    ReportConflict,
    ReportIncomplete,
    ReportLocked,
    outcomes_material,
    report_add_notes,
    report_get_or_prefill,
    report_save_draft,
    report_submit,
)
from sessions.space.models import Vision
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    FeedbackFactory,
    GuestFactory,
    ItemNoteFactory,
    JamFactory,
    ReportFactory,
    SessionFactory,
    TeamMemberFactory,
)

pytestmark = pytest.mark.django_db

# 22:00 UTC is 01:00 the next day in Nairobi: the report shows the Nairobi date.
LATE = dt.datetime(2027, 3, 4, 22, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2027, 5, 1, 12, 0, tzinfo=dt.UTC)
COMPLETE = {
    "name": "Healing Jam",
    "session_1_on": dt.date(2027, 3, 5),
    "outcomes": "We rested and planned a fund.",
    "space_value": 9,
    "biggest_takeaway": "People came back.",
    "recommend": 10,
}


def _sessions(jam, count):
    return [
        SessionFactory(jam=jam, number=n, starts_at=LATE + dt.timedelta(weeks=n - 1))
        for n in range(1, count + 1)
    ]


def test_prefill_takes_name_and_dates_in_the_sessions_zone(host):
    jam = JamFactory(host=host, name="Rest as resistance")
    _sessions(jam, 5)
    report = report_get_or_prefill(jam, NOW)
    assert report.name == "Rest as resistance"
    assert report.session_1_on == dt.date(2027, 3, 5)
    assert report.session_2_on == dt.date(2027, 3, 12)
    assert report.session_3_on == dt.date(2027, 3, 19)
    assert report.other_dates == "26 Mar 2027, 2 Apr 2027"
    assert report.status == ReportStatus.DRAFT


def test_prefill_averages_attendance_over_sessions_held(host):
    jam = JamFactory(host=host)
    first, second, _later = _sessions(jam, 3)
    for _ in range(3):
        AttendanceFactory(session=first)
    for _ in range(4):
        AttendanceFactory(session=second)
    AttendanceFactory(session=second, guest=None, walk_in_name="Walk-in")
    report = report_get_or_prefill(jam, NOW)
    assert report.average_attendance == Decimal("4.0")  # (3 + 5) / 2


def test_prefill_attendance_rounds_to_a_tenth_and_is_blank_before_any_session(host):
    jam = JamFactory(host=host)
    sessions = _sessions(jam, 3)
    for session, came in zip(sessions, (1, 2, 2), strict=True):
        for _ in range(came):
            AttendanceFactory(session=session)
    assert report_get_or_prefill(jam, NOW).average_attendance == Decimal("1.7")
    empty = JamFactory(host=host)
    _sessions(empty, 1)
    assert report_get_or_prefill(empty, NOW).average_attendance is None


def test_prefill_profile_counts_never_names(host):
    jam = JamFactory(host=host)
    names = []
    for index in range(5):
        guest = GuestFactory(
            jam=jam,
            name=f"Wanjiru Guestname{index}",
            email=f"wanjiru{index}@example.test",
            gender="woman" if index < 4 else "man",
            age_range="25_34",
            profile_consented_at=timezone.now(),
        )
        names.append(guest.name)
    GuestFactory(jam=jam, name="Quiet Person")
    profile = report_get_or_prefill(jam, NOW).participant_profile
    assert profile.startswith("6 guests; 5 shared details.")
    assert "Gender: Woman 4, other answers 1." in profile
    assert "Age: 25 to 34 5." in profile
    for name in [*names, "Quiet Person"]:
        assert name not in profile
    assert "example.test" not in profile


def test_prefill_happens_once_and_keeps_later_edits(host):
    jam = JamFactory(host=host, name="First name")
    report = report_get_or_prefill(jam, NOW)
    report_save_draft(report, {"name": "Our own name"}, report.version, host)
    jam.name = "Renamed"
    jam.save()
    assert report_get_or_prefill(jam, NOW).name == "Our own name"
    assert Report.objects.filter(jam=jam).count() == 1


def test_outcomes_are_not_prefilled_but_the_material_is_there(host):
    jam = JamFactory(host=host)
    (session,) = _sessions(jam, 1)
    ItemNoteFactory(item=AgendaItemFactory(session=session, title="Circle"), text="We laughed.")
    FeedbackFactory(session=session, prompt="liked", text="The tea.")
    FeedbackFactory(session=session, prompt="liked", text="The songs.")
    Vision.objects.create(jam=jam, given_that="burnout", persona="organisers", goal="rest")
    report = report_get_or_prefill(jam, NOW)
    assert report.outcomes == ""
    material = outcomes_material(jam)
    assert "We laughed." in material.notes
    liked = next(group for group in material.feedback if group.texts)
    assert liked.count == 2
    assert set(liked.texts) == {"The tea.", "The songs."}
    assert "burnout" in material.vision


def test_add_notes_appends_after_the_hosts_words(host):
    jam = JamFactory(host=host)
    (session,) = _sessions(jam, 1)
    ItemNoteFactory(item=AgendaItemFactory(session=session, title="Circle"), text="We laughed.")
    report = report_get_or_prefill(jam, NOW)
    report = report_save_draft(report, {"outcomes": "My words."}, report.version, host)
    report = report_add_notes(report, report.version, host)
    assert report.outcomes.startswith("My words.\n\n")
    assert "We laughed." in report.outcomes


def test_draft_saves_incomplete_answers_and_bumps_the_version(host):
    report = ReportFactory(jam=JamFactory(host=host))
    saved = report_save_draft(report, {"outcomes": "Half a thought", "space_value": None}, 1, host)
    saved.refresh_from_db()
    assert saved.outcomes == "Half a thought"
    assert saved.version == 2
    assert saved.updated_by == host


def test_a_stale_save_is_refused_with_the_current_report(host):
    report = ReportFactory(jam=JamFactory(host=host))
    report_save_draft(report, {"outcomes": "Theirs"}, 1, host)
    with pytest.raises(ReportConflict) as conflict:
        report_save_draft(report, {"outcomes": "Mine"}, 1, host)
    assert conflict.value.current.outcomes == "Theirs"
    report.refresh_from_db()
    assert report.outcomes == "Theirs"


def test_submit_lists_what_is_missing(host):
    report = ReportFactory(jam=JamFactory(host=host), name="")
    with pytest.raises(ReportIncomplete) as incomplete:
        report_submit(report, host)
    assert incomplete.value.missing == [
        "name",
        "session_1_on",
        "outcomes",
        "space_value",
        "biggest_takeaway",
        "recommend",
    ]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_only_the_host_submits(host):
    jam = JamFactory(host=host)
    member = TeamMemberFactory(jam=jam).user
    report = ReportFactory(jam=jam, **COMPLETE)
    with pytest.raises(PermissionDenied):
        report_submit(report, member)
    submitted = report_submit(report, host)
    assert submitted.status == ReportStatus.SUBMITTED
    assert submitted.submitted_at is not None


def test_needs_more_can_be_edited_and_resubmitted_accepted_cannot(host):
    report = ReportFactory(jam=JamFactory(host=host), status=ReportStatus.NEEDS_MORE, **COMPLETE)
    report = report_save_draft(report, {"outcomes": "More detail."}, report.version, host)
    assert report_submit(report, host).status == ReportStatus.SUBMITTED
    report.refresh_from_db()
    with pytest.raises(ReportLocked):
        report_save_draft(report, {"outcomes": "Change while with CIVICUS"}, report.version, host)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.ACCEPTED)
    report.refresh_from_db()
    with pytest.raises(ReportLocked):
        report_save_draft(report, {"outcomes": "Too late"}, report.version, host)
    with pytest.raises(ReportLocked):
        report_submit(report, host)
