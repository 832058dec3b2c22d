"""The report page /jams/<slug>/report/ and its PDF, as the host, the team and reviewers see them."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from jamsessions.accounts.models import REVIEWERS_GROUP
from reporting.models import LONG_TEXT_MAX, Report, ReportStatus
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    FeedbackFactory,
    GuestFactory,
    ItemNoteFactory,
    JamFactory,
    ReportFactory,
    ReviewFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 3, 4, 15, 0, tzinfo=dt.UTC)
ANSWERS = {
    "name": "Healing Jam Nairobi",
    "session_1_on": "2025-03-04",
    "session_2_on": "",
    "session_3_on": "",
    "other_dates": "",
    "average_attendance": "11.5",
    "participant_profile": "Young organisers from three movements.",
    "outcomes": "We planned a solidarity fund together.",
    "output_links": "https://example.org/notes\nhttp://example.org/photos",
    "space_value": "9",
    "biggest_takeaway": "Rest is political work.",
    "recommend": "10",
    "share_reflections": "",
    "anything_else": "",
}


def edit_url(jam) -> str:
    return reverse("report:edit", kwargs={"slug": jam.slug})


def pdf_url(jam) -> str:
    return reverse("report:pdf", kwargs={"slug": jam.slug})


def post(client, jam, version, action="save", **changes):
    data = {**ANSWERS, "version": str(version), "action": action, **changes}
    return client.post(edit_url(jam), data)


def stored(jam) -> Report:
    return Report.objects.get(jam=jam)


@pytest.fixture
def held_jam(host):
    jam = JamFactory(host=host, name="Healing Jam Nairobi")
    session = SessionFactory(jam=jam, number=1, starts_at=START)
    for _ in range(3):
        AttendanceFactory(session=session)
    return jam


def text_of(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# --- The page ---------------------------------------------------------------------------


def test_page_shows_the_14_questions_prefilled(host_client, held_jam):
    response = host_client.get(edit_url(held_jam))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Healing Jam Nairobi"' in page
    assert 'value="2025-03-04"' in page
    assert 'value="3.0"' in page
    assert "Questions from the Jam Sessions Toolkit" in page
    assert "Material for the outcomes" in page
    assert page.count('type="radio"') == 22
    assert "0: not useful at all" in page
    assert "Submit to CIVICUS" in page
    assert "Draft" in page


def test_draft_is_saved_and_resumed(host_client, held_jam):
    host_client.get(edit_url(held_jam))
    response = post(host_client, held_jam, 1, outcomes="Half a thought", space_value="")
    assert response.status_code == 302
    report = stored(held_jam)
    assert report.outcomes == "Half a thought"
    assert report.space_value is None
    assert report.recommend == 10
    assert report.status == ReportStatus.DRAFT
    page = host_client.get(edit_url(held_jam)).content.decode()
    assert "Half a thought" in page
    assert "Your draft is saved" in page


@pytest.mark.parametrize("score", ["11", "-1", "ten"])
def test_a_bad_score_is_named_and_nothing_typed_is_lost(host_client, held_jam, score):
    host_client.get(edit_url(held_jam))
    response = post(host_client, held_jam, 1, space_value=score, outcomes="Keep me")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert f"Choose a whole number from 0 to 10. “{score}” is not one." in page
    assert "Keep me" in page
    report = stored(held_jam)
    assert report.outcomes == "Keep me"  # the valid answers are saved
    assert report.space_value is None  # the bad one is not
    assert report.recommend == 10


def test_an_invalid_link_is_named_by_its_line(host_client, held_jam):
    host_client.get(edit_url(held_jam))
    links = "https://example.org/ok\nnot a link\nftp://example.org/file"
    response = post(host_client, held_jam, 1, output_links=links)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 2, “not a link”, is not a web address" in page
    assert "Line 3, “ftp://example.org/file”, is not a web address" in page
    assert "ftp://example.org/file</textarea>" in page
    assert stored(held_jam).output_links == ""


def test_100_000_characters_are_refused_clearly_and_kept_in_the_form(host_client, held_jam):
    host_client.get(edit_url(held_jam))
    long_text = "word " * 20_000
    response = post(host_client, held_jam, 1, outcomes=long_text)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Keep this answer to {LONG_TEXT_MAX} characters or fewer: it has 100000." in page
    assert long_text in page
    assert 'maxlength="' not in page.split('id="id_outcomes"')[0].rsplit("<textarea", 1)[1]
    assert stored(held_jam).outcomes == ""
    assert stored(held_jam).biggest_takeaway == ANSWERS["biggest_takeaway"]


def test_a_stale_save_keeps_the_typed_text_and_shows_the_other_version(host, host_client, held_jam):
    member = TeamMemberFactory(jam=held_jam).user
    member_client = Client()
    member_client.force_login(member)
    host_client.get(edit_url(held_jam))
    post(member_client, held_jam, 1, outcomes="The team member's outcomes")
    response = post(host_client, held_jam, 1, outcomes="The host's outcomes")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this report while you were writing" in page
    assert "The host&#x27;s outcomes</textarea>" in page
    assert "The team member&#x27;s outcomes" in page
    assert stored(held_jam).outcomes == "The team member's outcomes"
    # Saving again on purpose keeps the host's version.
    post(host_client, held_jam, 2, outcomes="The host's outcomes")
    assert stored(held_jam).outcomes == "The host's outcomes"


def test_a_host_sees_only_their_own_report(other_client, held_jam):
    assert other_client.get(edit_url(held_jam)).status_code == 404
    assert post(other_client, held_jam, 1).status_code == 404
    assert other_client.get(pdf_url(held_jam)).status_code == 404
    assert not Report.objects.filter(jam=held_jam).exists()


def test_signed_out_people_are_sent_to_sign_in(held_jam):
    response = Client().get(edit_url(held_jam))
    assert response.status_code == 302
    assert "next=" in response["Location"]


def test_a_team_member_saves_but_does_not_submit(held_jam):
    member = TeamMemberFactory(jam=held_jam).user
    client = Client()
    client.force_login(member)
    page = client.get(edit_url(held_jam)).content.decode()
    assert "Save draft" in page
    assert "Submit to CIVICUS" not in page
    assert "the host submits the report" in page
    response = post(client, held_jam, 1, action="submit", outcomes="From the team")
    assert response.status_code == 403
    assert "Submit the report to CIVICUS. Ask the host." in response.content.decode()
    report = stored(held_jam)
    assert report.outcomes == "From the team"
    assert report.status == ReportStatus.DRAFT


def test_submit_with_missing_answers_lists_them(host_client, held_jam):
    host_client.get(edit_url(held_jam))
    response = post(host_client, held_jam, 1, action="submit", outcomes="", recommend="")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Some answers are needed before you can submit" in page
    assert page.count("Answer this before you submit.") == 4  # 2 in the summary, 2 by the fields
    assert 'href="#id_outcomes"' in page
    assert 'href="#id_recommend_0"' in page
    assert stored(held_jam).status == ReportStatus.DRAFT


def test_submit_then_needs_more_then_resubmit(host_client, held_jam):
    host_client.get(edit_url(held_jam))
    response = post(host_client, held_jam, 1, action="submit")
    assert response.status_code == 302
    report = stored(held_jam)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at is not None
    page = host_client.get(edit_url(held_jam)).content.decode()
    assert "Your report is with CIVICUS" in page
    assert "Save draft" not in page

    # A reviewer asks for more (as reporting.review does it).
    ReviewFactory(report=report, comment="Please add links to the photos.")
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.NEEDS_MORE)
    page = host_client.get(edit_url(held_jam)).content.decode()
    assert "Please add links to the photos." in page
    assert "CIVICUS asked for more" in page
    assert "Submit to CIVICUS" in page

    version = stored(held_jam).version
    links = "https://example.org/photos"
    response = post(host_client, held_jam, version, action="submit", output_links=links)
    assert response.status_code == 302
    report = stored(held_jam)
    assert report.status == ReportStatus.SUBMITTED
    assert report.output_links == links


def test_an_accepted_report_is_read_only(host_client, held_jam):
    report = ReportFactory(jam=held_jam, status=ReportStatus.ACCEPTED, outcomes="Done well.")
    page = host_client.get(edit_url(held_jam)).content.decode()
    assert "It is read-only now" in page
    assert "Done well." in page
    assert "<textarea" not in page
    assert "Save draft" not in page
    response = post(host_client, held_jam, report.version, outcomes="Changed")
    assert response.status_code == 200
    assert "could not be saved" in response.content.decode()
    assert stored(held_jam).outcomes == "Done well."


def test_add_the_notes_to_my_answer(host_client, held_jam):
    session = held_jam.sessions.get()
    ItemNoteFactory(item=AgendaItemFactory(session=session, title="Circle"), text="We laughed.")
    host_client.get(edit_url(held_jam))
    response = post(host_client, held_jam, 1, action="add_notes", outcomes="My words.")
    assert response.status_code == 302
    outcomes = stored(held_jam).outcomes
    assert outcomes.startswith("My words.")
    assert "We laughed." in outcomes


def test_the_page_shows_no_guest_names(host_client, held_jam):
    GuestFactory(jam=held_jam, name="Zawadi Secretname", email="zawadi@example.test")
    page = host_client.get(edit_url(held_jam)).content.decode()
    assert "Zawadi Secretname" not in page
    assert "zawadi@example.test" not in page


def _grow(jam, sessions: int):
    for number in range(2, sessions + 1):
        session = SessionFactory(
            jam=jam, number=number, starts_at=START + dt.timedelta(weeks=number)
        )
        AttendanceFactory(session=session)
        item = AgendaItemFactory(session=session)
        ItemNoteFactory(item=item, text=f"Note {number}")
        FeedbackFactory(session=session, text=f"Feedback {number}")
        ReviewFactory(report=Report.objects.get(jam=jam), comment=f"Comment {number}")


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_query_count_is_the_same_for_one_and_many_sessions(host, host_client):
    small = JamFactory(host=host)
    large = JamFactory(host=host)
    for jam in (small, large):
        SessionFactory(jam=jam, number=1, starts_at=START)
        host_client.get(edit_url(jam))  # first visit: the report is pre-filled
    _grow(small, 2)
    _grow(large, 12)
    assert _queries(host_client, edit_url(small)) == _queries(host_client, edit_url(large))


# --- The PDF ----------------------------------------------------------------------------


def test_the_pdf_holds_the_answers_and_the_status(host_client, held_jam):
    host_client.get(edit_url(held_jam))
    post(host_client, held_jam, 1)
    response = host_client.get(pdf_url(held_jam))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="healing-jam-nairobi-report.pdf"' in response["Content-Disposition"]
    text = text_of(response.content)
    assert "Healing Jam Nairobi" in text
    assert "Draft" in text
    assert "We planned a solidarity fund together." in text
    assert "https://example.org/notes" in text
    assert "9 out of 10" in text
    assert "Questions from the Jam Sessions Toolkit" in text


@pytest.fixture
def reviewer_client():
    reviewer = UserFactory(email="reviewer@example.test")
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    client = Client()
    client.force_login(reviewer)
    return client


def test_a_reviewer_gets_the_pdf_of_a_submitted_report_only(reviewer_client, host):
    draft = ReportFactory(jam=JamFactory(host=host), outcomes="Still drafting")
    submitted = ReportFactory(
        jam=JamFactory(host=host), status=ReportStatus.SUBMITTED, outcomes="Sent to CIVICUS"
    )
    assert reviewer_client.get(pdf_url(draft.jam)).status_code == 404
    response = reviewer_client.get(pdf_url(submitted.jam))
    assert response.status_code == 200
    assert "Sent to CIVICUS" in text_of(response.content)
    # The page itself stays the team's.
    assert reviewer_client.get(edit_url(submitted.jam)).status_code == 404
