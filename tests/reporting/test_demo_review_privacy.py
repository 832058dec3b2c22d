"""The demo reviewer, on every page of the review space, never sees a demo guest.

The demo command makes a Jam with twelve guests (names, emails, what they need) and
walk-ins; the demo reviewer signs in with the demo password and reads every page,
every filter of the figures, searches, the CSV and each report's PDF: none of those
names, emails or needs may appear anywhere.
"""

import html
import io
from itertools import product

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from planning.models import Guest
from reporting.models import Programme, Report, ReportStatus
from sessions.day.models import Attendance

pytestmark = pytest.mark.django_db

COMMON_WORDS = ["the", "and", "we", "rest", "people", "session", "group", "community"]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True  # the demo command runs with DEBUG only
    call_command("demo", stdout=io.StringIO())


@pytest.fixture
def reviewer_client(demo, client):
    response = client.post(
        reverse("accounts:login"), {"username": "reviewer@example.org", "password": "jam-demo"}
    )
    assert response.status_code == 302
    return client


def _secrets() -> list[str]:
    """Every demo guest's full name, first and last names, email and written needs."""
    secrets = set()
    for name, email, needs in Guest.objects.values_list("name", "email", "needs"):
        secrets.update({name, *name.split(), email})
        if needs:
            secrets.add(needs)
    secrets.update(
        Attendance.objects.exclude(walk_in_name="").values_list("walk_in_name", flat=True)
    )
    return sorted(secrets)


def _text(response) -> str:
    assert response.status_code == 200, response
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"] == "application/pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    return html.unescape(body.decode())


def _reviewer_urls() -> list[str]:
    reviewable = Report.objects.exclude(status=ReportStatus.DRAFT).select_related("jam")
    figures = reverse("review:figures")
    filters = [
        *[f"programme={pk}" for pk in Programme.objects.values_list("pk", flat=True)],
        *[f"country={country}" for country in ("KE", "BR", "GH", "CO", "JO")],
        *[f"year={year}" for year in (2025, 2026)],
        *[f"format={format_}" for format_ in ("online", "in_person", "hybrid")],
    ]
    guest_names = [name for (name,) in Guest.objects.values_list("name")]
    searches = COMMON_WORDS + [name.split()[0] for name in guest_names]
    return [
        reverse("review:dashboard"),
        reverse("review:programme_create"),
        *[
            reverse("review:programme", args=[pk])
            for pk in Programme.objects.values_list("pk", flat=True)
        ],
        reverse("review:queue"),
        *[
            reverse("review:queue") + f"?status={status}"
            for status in ("submitted", "needs_more", "accepted")
        ],
        *[reverse("review:report", args=[report.pk]) for report in reviewable],
        figures,
        *[f"{figures}?{query}" for query in filters],
        *[f"{figures}?{a}&{b}" for a, b in product(filters[:2], filters[-3:])],
        *[reverse("review:search") + f"?q={word}" for word in searches],
        reverse("review:export"),
        *[f"{reverse('review:export')}?{query}" for query in filters],
        *[reverse("report:pdf", kwargs={"slug": report.jam.slug}) for report in reviewable],
    ]


def test_the_demo_reviewer_never_sees_a_demo_guests_name_email_or_needs(reviewer_client):
    secrets = _secrets()
    assert len(Guest.objects.all()) == 12 and "Wanjiru" in secrets  # the demo's guests are there
    assert "Vegetarian lunch, please" in secrets and "achieng@example.org" in secrets

    urls = _reviewer_urls()
    assert len([url for url in urls if url.endswith(".pdf") or "/report" in url]) >= 3

    for url in urls:
        text = _text(reviewer_client.get(url))
        if "/search/" in url:
            # The box (and the language form's return address) show back what the
            # reviewer typed, a guest's name on purpose: what matters is what was found.
            text = text.split('id="results-title"')[1].split("</main>")[0]
        lowered = text.lower()
        for secret in secrets:
            found = secret.lower() in lowered if "@" in secret else secret in text
            assert not found, f"{secret!r} is on {url}"


def test_the_demo_reviewer_reads_the_reports_that_are_there(reviewer_client):
    """The pages checked above are the real ones, with the demo's reports on them."""
    page = _text(reviewer_client.get(reverse("review:dashboard")))
    assert "Planning: 1 · Held: 1 · Reported: 1 · Reviewed: 1" in page
    csv = _text(reviewer_client.get(reverse("review:export")))
    assert "Body and Territory" in csv and "Weaving Networks" in csv
    pdf_slug = Report.objects.get(status=ReportStatus.SUBMITTED).jam.slug
    pdf = _text(reviewer_client.get(reverse("report:pdf", kwargs={"slug": pdf_slug})))
    assert "breathing practice" in pdf
    search = _text(reviewer_client.get(reverse("review:search") + "?q=rest"))
    assert "report found" in search or "reports found" in search
    draft = Report.objects.get(status=ReportStatus.DRAFT)
    assert reviewer_client.get(reverse("review:report", args=[draft.pk])).status_code == 404
