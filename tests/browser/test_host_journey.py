"""A new host's first Jam, in a phone-sized Chromium: every page accessible, nothing broken."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    CSP_PREFIX,
    PHONE,
    PageProblems,
    assert_no_axe_violations,
    new_phone_page,
)
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ZONE = "Africa/Nairobi"
DAYS_AHEAD = 21


def check_page(page: Page, problems: PageProblems, *, title: str | re.Pattern) -> None:
    """What every page must do: the expected page, accessible, no sideways scroll, no errors."""
    expect(page).to_have_title(title)
    assert_no_axe_violations(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], (
        f"{page.url} scrolls sideways at {PHONE['width']}px: it is {scroll_width}px wide"
    )
    assert not problems, f"On {page.url}:\n{problems.report()}"


def label(text: str) -> re.Pattern:
    """A field's label as a screen reader hears it: the text, maybe “(optional)”, maybe an error.

    Errors start with a capital letter, so “Name” does not also find “Name in the local language”.
    """
    return re.compile(rf"^{re.escape(text)}( \(optional\))?( [A-Z“].*)?$")


def test_new_host_plans_a_jam_on_a_phone(live_server, page, page_problems, mailoutbox, settings):
    settings.SITE_URL = live_server.url  # the emailed link leads to the server under test
    nairobi_today = dt.datetime.now(zoneinfo.ZoneInfo(ZONE)).date()
    first_day = nairobi_today + dt.timedelta(days=DAYS_AHEAD)
    second_day = first_day + dt.timedelta(days=7)

    page.goto(live_server.url)
    check_page(page, page_problems, title=re.compile("^Caring gatherings for activists"))

    page.get_by_role("link", name="Start planning a Jam").click()
    check_page(page, page_problems, title=re.compile("^Create an account"))
    page.get_by_label(label("Name")).fill("Amina Wanjiru")
    page.get_by_label(label("Email address")).fill("amina@example.test")
    password = page.get_by_label(label("Password"))
    expect(password).to_have_accessible_description(re.compile("at least 8 characters"))
    password.fill(TEST_PASSWORD)
    page.get_by_label(label("Password again")).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    check_page(page, page_problems, title=re.compile("^Check your email"))

    # The emailed link finishes the account, with one more press (mail scanners open links).
    [email] = mailoutbox
    page.goto(re.search(r"https?://\S+/accounts/login/link/\S+/", email.body).group(0))
    check_page(page, page_problems, title=re.compile("^Finish creating your account"))
    page.get_by_role("button", name="Confirm and sign in").click()

    check_page(page, page_problems, title=re.compile("^My Jams"))
    expect(page.get_by_role("status")).to_contain_text("Welcome! Your account is ready.")
    page.get_by_role("link", name="Plan a new Jam").click()
    check_page(page, page_problems, title=re.compile("^Plan a new Jam"))

    page.get_by_role("button", name="Create the Jam").click()
    check_page(page, page_problems, title=re.compile("^Plan a new Jam"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name=re.compile("^Name:"))).to_be_visible()

    page.get_by_label(label("Name")).fill("Rest and Play")
    page.get_by_label(label("Name in the local language")).fill("Pumzika na Ucheze")
    page.get_by_label(label("Objectives")).fill(
        "Rest, laugh and dream together after a long campaign."
    )
    page.get_by_label("Healing", exact=True).check()
    page.get_by_label("Online", exact=True).check()
    page.get_by_label(label("Country")).select_option("KE")
    page.get_by_label(label("Language")).select_option("sw")
    page.get_by_label(label("Where")).fill("A video call; the link comes with the invitation")
    page.get_by_label(label("Who to invite")).fill("Organisers from the land rights campaign")
    page.get_by_label(label("Support needed")).fill("Someone to lead a breathing exercise")
    page.get_by_label(label("Date")).fill(first_day.isoformat())
    page.get_by_label(label("Start time")).fill("18:00")
    page.get_by_label(label("Length in minutes")).fill("90")
    page.get_by_label(label("Time zone")).select_option(ZONE)
    page.get_by_role("button", name="Create the Jam").click()

    check_page(page, page_problems, title=re.compile("^Rest and Play"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rest and Play")
    expect(page.get_by_role("status")).to_contain_text("Your Jam “Rest and Play” is created.")
    expect(page.locator(".countdown-big")).to_have_text(f"{DAYS_AHEAD} days to go")
    expect(page.get_by_role("region", name="Countdown")).to_contain_text("Africa/Nairobi")
    expect(page.get_by_text("Someone to lead a breathing exercise")).to_be_visible()

    page.get_by_role("link", name="Add a session").click()
    check_page(page, page_problems, title=re.compile("^Add a session"))
    expect(page.get_by_label(label("Time zone"))).to_have_value(ZONE)
    page.get_by_label(label("Date")).fill(second_day.isoformat())
    page.get_by_label(label("Start time")).fill("10:30")
    page.get_by_role("button", name="Add the session").click()

    check_page(page, page_problems, title=re.compile("^Rest and Play"))
    expect(page.get_by_role("status")).to_contain_text("Session 2 is added.")
    sessions = page.get_by_role("region", name="Sessions")
    expect(sessions.get_by_role("rowheader")).to_have_text(["Session 1", "Session 2"])

    sessions.get_by_role("link", name="Session 2", exact=True).click()
    check_page(page, page_problems, title=re.compile("^Session 2 · Rest and Play"))
    expect(page.get_by_role("definition").filter(has_text="10:30")).to_be_visible()

    page.get_by_role("link", name="Rest and Play", exact=True).click()
    page.get_by_role("link", name="Edit details").click()
    check_page(page, page_problems, title=re.compile("^Edit Rest and Play"))
    expect(page.get_by_label(label("Where"))).to_have_value(
        "A video call; the link comes with the invitation"
    )

    page.get_by_role("button", name="Sign out").click()
    check_page(page, page_problems, title=re.compile("^Caring gatherings for activists"))
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign in").click()
    check_page(page, page_problems, title=re.compile("^Sign in"))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/accounts/signup/",
        "/accounts/login/",
    ],
)
def test_skip_link_is_the_first_stop_and_leads_to_main(live_server, page, page_problems, path):
    page.goto(live_server.url + path)

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    assert not page_problems, page_problems.report()


def test_csp_violations_are_caught(live_server, page, page_problems):
    """The watcher itself works: an inline style, which the CSP forbids, is reported."""
    page.goto(live_server.url)
    with page.expect_console_message(lambda message: CSP_PREFIX in message.text):
        page.evaluate(
            "document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')"
        )
    assert any("style-src" in found for found in page_problems.csp_violations), (
        page_problems.report()
    )


def test_signing_in_and_creating_a_jam_work_without_javascript(live_server, browser):
    UserFactory(email="nojs@example.test", name="No Script Host")
    page, problems = new_phone_page(browser, java_script_enabled=False)
    try:
        page.goto(live_server.url + "/accounts/login/")
        page.get_by_label(label("Email address")).fill("nojs@example.test")
        page.get_by_label(label("Password")).fill(TEST_PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_title(re.compile("^My Jams"))

        page.get_by_role("link", name="Plan a new Jam").click()
        page.get_by_label(label("Name")).fill("Quiet Jam")
        page.get_by_label(label("Objectives")).fill("Rest without screens.")
        page.get_by_label("In person", exact=True).check()
        page.get_by_label(label("Date")).fill((dt.date.today() + dt.timedelta(days=10)).isoformat())
        page.get_by_label(label("Start time")).fill("09:00")
        page.get_by_label(label("Time zone")).select_option(ZONE)
        page.get_by_role("button", name="Create the Jam").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Quiet Jam")
        expect(page.get_by_role("status")).to_contain_text("Your Jam “Quiet Jam” is created.")
        assert not problems, problems.report()
    finally:
        page.context.close()


def test_axe_check_reports_violations(live_server, page):
    """The accessibility check itself works: a field with no label fails it, by rule and place."""
    page.goto(live_server.url)
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend', '<input id=bare>')"
    )
    with pytest.raises(pytest.fail.Exception, match=r"(?s)label \(critical\).*#bare"):
        assert_no_axe_violations(page)
