"""A host submits the Jam's report; a reviewer asks for more, the host resubmits, it is accepted."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from jamsessions.accounts.models import REVIEWERS_GROUP
from reporting.models import Report, ReportStatus
from tests.browser.conftest import (
    check_page,
    new_phone_page,
    sign_in,
)
from tests.factories import JamFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

JAM_NAME = "Healing Together"
COMMENT = "Tell us more about who came and what the group decided."
FIRST_OUTCOMES = "We planned a solidarity fund together."
SECOND_OUTCOMES = "Twelve organisers from three movements planned a solidarity fund."


def expect_status(page: Page, status: str) -> None:
    expect(page.locator("#report-status")).to_contain_text(f"Status: {status}")


def test_a_report_goes_to_review_comes_back_and_is_accepted(live_server, browser):
    host = UserFactory(email="host@example.test", name="Amina")
    jam = JamFactory(host=host, name=JAM_NAME)
    session_start = dt.datetime.now(dt.UTC).replace(
        hour=12, minute=0, second=0, microsecond=0
    ) - dt.timedelta(days=5)
    SessionFactory(jam=jam, number=1, starts_at=session_start, timezone="Africa/Nairobi")
    reviewer = UserFactory(email="reviewer@example.test", name="Rosa")
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    base = live_server.url
    report_url = f"{base}/jams/{jam.slug}/report/"

    # 1. The host fills in the report, saves a draft, and submits it.
    page, problems = new_phone_page(browser)
    sign_in(page, base, host.email)
    page.goto(report_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your report")
    expect_status(page, "Draft")
    expect(page.get_by_label(re.compile("Name of your Jam Session"))).to_have_value(JAM_NAME)
    expect(page.get_by_label(re.compile("Date of the 1st Jam Session"))).to_have_value(
        session_start.date().isoformat()
    )
    check_page(page, problems)

    page.get_by_label(re.compile("summarise the outcomes")).fill(FIRST_OUTCOMES)
    page.get_by_label(re.compile("biggest takeaway")).fill("Rest is political work.")
    page.get_by_role("group", name=re.compile("how valuable")).get_by_label("9", exact=True).check()
    page.get_by_role("group", name=re.compile("how likely would you recommend")).get_by_label(
        "10", exact=True
    ).check()
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your draft is saved.")).to_be_visible()
    expect_status(page, "Draft")
    expect(page.get_by_label(re.compile("summarise the outcomes"))).to_have_value(FIRST_OUTCOMES)
    check_page(page, problems)

    page.get_by_role("button", name="Submit to CIVICUS").click()
    expect_status(page, "Submitted")
    expect(page.get_by_text("Your report is with CIVICUS. Thank you")).to_be_visible()
    expect(page.get_by_role("button", name="Submit to CIVICUS")).to_have_count(0)
    check_page(page, problems)
    report = Report.objects.get(jam=jam)
    assert report.status == ReportStatus.SUBMITTED
    assert (report.space_value, report.recommend) == (9, 10)

    # 2. The reviewer finds it in the queue and asks for more.
    review_page, review_problems = new_phone_page(browser)
    sign_in(review_page, base, reviewer.email)
    review_page.goto(f"{base}/review/")
    expect(review_page.get_by_role("heading", level=1)).to_have_text("Review space")
    check_page(review_page, review_problems)
    review_page.get_by_role("navigation", name="Review space").get_by_role(
        "link", name="Reports to review"
    ).click()
    expect(review_page.get_by_role("heading", level=1)).to_have_text("Reports to review")
    check_page(review_page, review_problems)
    review_page.get_by_role("link", name=JAM_NAME).click()
    expect(review_page).to_have_url(f"{base}/review/reports/{report.pk}/")
    expect(review_page.get_by_role("heading", level=1)).to_have_text(JAM_NAME)
    expect(review_page.get_by_text(FIRST_OUTCOMES)).to_be_visible()
    check_page(review_page, review_problems)
    review_page.get_by_label("Ask for more").check()
    review_page.get_by_label(re.compile("^Comment to the host")).fill(COMMENT)
    review_page.get_by_role("button", name="Save the decision").click()
    expect(review_page.get_by_text("the report is now “Needs more”")).to_be_visible()
    expect(review_page.get_by_role("button", name="Save the decision")).to_have_count(0)
    check_page(review_page, review_problems)

    # 3. The host reads the comment, changes the outcomes and submits again.
    page.reload()
    expect_status(page, "Needs more")
    comments = page.get_by_role("region", name="Comments from CIVICUS")
    expect(comments).to_contain_text(COMMENT)
    check_page(page, problems)
    page.get_by_label(re.compile("summarise the outcomes")).fill(SECOND_OUTCOMES)
    page.get_by_role("button", name="Submit to CIVICUS").click()
    expect_status(page, "Submitted")
    check_page(page, problems)

    # 4. The reviewer sees the new answer and accepts; the host sees it accepted, read-only.
    review_page.reload()
    expect(review_page.get_by_text(SECOND_OUTCOMES)).to_be_visible()
    check_page(review_page, review_problems)
    review_page.get_by_label("Accept", exact=True).check()
    review_page.get_by_role("button", name="Save the decision").click()
    expect(review_page.get_by_text("the report is now “Accepted”")).to_be_visible()
    check_page(review_page, review_problems)

    page.reload()
    expect_status(page, "Accepted")
    expect(page.get_by_text("CIVICUS accepted your report. It is read-only now")).to_be_visible()
    expect(page.get_by_role("button", name="Save draft")).to_have_count(0)
    expect(page.get_by_role("textbox")).to_have_count(0)
    expect(page.get_by_text(SECOND_OUTCOMES)).to_be_visible()
    check_page(page, problems)

    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert report.outcomes == SECOND_OUTCOMES
    assert list(report.reviews.values_list("decision", flat=True)) == ["accepted", "needs_more"]

    # 5. The reviewer files the host in a programme, reads the figures and searches.
    review_page.goto(f"{base}/review/")
    review_page.get_by_role("link", name="New programme").click()
    review_page.get_by_label(re.compile("^Name")).fill("Jam Sessions 2026")
    review_page.get_by_role("button", name="Create the programme").click()
    expect(review_page.get_by_role("heading", level=1)).to_have_text("Jam Sessions 2026")
    review_page.get_by_label(re.compile("^Host’s email address")).fill(host.email)
    review_page.get_by_role("button", name="Add to the programme").click()
    expect(review_page.get_by_text(f"{host.email} is in the programme.")).to_be_visible()
    hosts = review_page.get_by_role("region", name="Hosts and their Jams")
    expect(hosts.get_by_role("cell", name=JAM_NAME, exact=True)).to_be_visible()
    expect(hosts.get_by_text("Reviewed", exact=True)).to_be_visible()
    expect(hosts.get_by_label(re.compile(f"^Move to {JAM_NAME}"))).to_have_value(
        str(jam.programme_link.programme.pk)
    )
    check_page(review_page, review_problems)

    review_page.get_by_role("link", name="Review space").click()
    review_page.get_by_role("navigation", name="Review space").get_by_role(
        "link", name="Figures"
    ).click()
    expect(review_page.get_by_role("heading", level=1)).to_have_text("Figures across reports")
    expect(review_page.get_by_role("img", name="Sessions by programme")).to_be_visible()
    check_page(review_page, review_problems)
    review_page.get_by_label(re.compile("^Programme")).select_option(label="Jam Sessions 2026")
    review_page.get_by_role("button", name="Show").click()
    expect(review_page).to_have_url(re.compile(r"programme=\d+"))
    spread = review_page.get_by_role(
        "region", name=re.compile("How valuable the space was, by programme")
    )
    expect(spread.get_by_role("row", name=re.compile("Jam Sessions 2026"))).to_contain_text("9")
    check_page(review_page, review_problems)

    review_page.get_by_role("navigation", name="Review space").get_by_role(
        "link", name="Search"
    ).click()
    review_page.get_by_label(re.compile("^Search the answers")).fill("solidarity")
    review_page.get_by_role("button", name="Search").click()
    expect(review_page.get_by_role("heading", name="1 report found")).to_be_visible()
    expect(review_page.locator("mark", has_text="solidarity")).to_be_visible()
    check_page(review_page, review_problems)
    review_page.context.close()
    page.context.close()
