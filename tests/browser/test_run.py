"""A short session run from a phone: start, the countdown, next, a second device in step,
the connection lost and back, and a question from the room arriving on the screen."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from planning.models import Session
from sessions.box.models import Question
from sessions.run import views as run_views
from sessions.schedule.services import sessions_renumber
from tests.browser.conftest import (
    PHONE,
    check_page,
    new_phone_page,
    sign_in_as,
)
from tests.factories import AgendaItemFactory, JamFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

OFFLINE_NOISE = re.compile("ERR_INTERNET_DISCONNECTED|htmx:sendError|htmx:afterRequest")


def a_session_now() -> Session:
    """A session that started five minutes ago, with a short agenda."""
    host = UserFactory(email="amina@example.test", name="Amina Wanjiru")
    jam = JamFactory(host=host, name="Rest and Play")
    TeamMemberFactory(jam=jam, user=host, role="host")
    session = jam.sessions.create(
        number=1,
        starts_at=dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=5),
        duration_minutes=60,
        timezone="Africa/Nairobi",
    )
    AgendaItemFactory(
        session=session,
        position=0,
        duration_minutes=2,
        title="Arrival circle",
        objective="Everyone arrives.",
        facilitator_notes="Start with your own word.",
    )
    AgendaItemFactory(session=session, position=1, duration_minutes=10, title="Healing circle")
    AgendaItemFactory(session=session, position=2, duration_minutes=15, title="Visioning")
    return session


def seconds_on(page: Page) -> int:
    minutes, seconds = page.locator("[data-run-clock]").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def test_a_facilitator_runs_a_short_session(live_server, browser, monkeypatch):
    monkeypatch.setattr(run_views, "POLL_SECONDS", 1)
    session = a_session_now()
    run_url = f"{live_server.url}/jams/{session.jam.slug}/sessions/{session.key}/run/"

    page, problems = new_phone_page(browser)
    sign_in_as(page, live_server, session.jam.host)
    page.goto(run_url)
    expect(page.get_by_role("heading", name="Ready to start")).to_be_visible()
    check_page(page, problems)

    # Start: the first item and its countdown, going down on the phone's own clock.
    page.get_by_role("button", name="Start").click()
    expect(page.locator("#run-now-title")).to_have_text("Arrival circle")
    expect(page.get_by_text("Start with your own word.")).to_be_visible()
    first = seconds_on(page)
    assert 110 <= first <= 120
    page.wait_for_timeout(2200)
    assert first - 3 <= seconds_on(page) <= first - 2
    check_page(page, problems)

    # Next, then the co-facilitator's phone moves on and this one follows.
    page.get_by_role("button", name="Next →").click()
    expect(page.locator("#run-now-title")).to_have_text("Healing circle")
    expect(page.locator("#run-status")).to_contain_text("Now: “Healing circle”.")
    other = page.context.new_page()
    other.goto(run_url)
    other.get_by_role("button", name="Next →").click()
    expect(other.locator("#run-now-title")).to_have_text("Visioning")
    expect(page.locator("#run-now-title")).to_have_text("Visioning", timeout=4000)
    expect(page.locator("#run-status")).to_contain_text("moved on another device")
    other.close()

    # The connection drops: the clock keeps going and says so; then it comes back.
    page.context.set_offline(True)
    expect(page.locator("#run-connection")).to_contain_text("Offline: still counting")
    before = seconds_on(page)
    page.wait_for_timeout(1100)
    assert seconds_on(page) < before
    page.context.set_offline(False)
    expect(page.locator("#run-connection")).to_contain_text("Connected again", timeout=4000)
    # Failed requests while offline are expected; the browser and htmx log them.
    problems.console_errors = [
        error for error in problems.console_errors if not OFFLINE_NOISE.search(error)
    ]

    # A participant asks from the box link, without an account.
    guest, guest_problems = new_phone_page(browser)
    guest.goto(
        page.locator(".run-box-link a")
        .get_attribute("href")
        .replace(settings.SITE_URL, live_server.url)
    )
    expect(guest.get_by_role("heading", name="Ask a question or leave a comment")).to_be_visible()
    check_page(guest, guest_problems)
    guest.get_by_label("Your question or comment").fill("How do we keep resting after today?")
    guest.get_by_role("button", name="Send anonymously").click()
    expect(guest.get_by_text("Thank you, it is on the facilitator’s screen now.")).to_be_visible()
    check_page(guest, guest_problems)
    assert Question.objects.get().text == "How do we keep resting after today?"
    guest.context.close()

    question = page.locator("#run-questions").get_by_text("How do we keep resting after today?")
    expect(question).to_be_visible(timeout=4000)
    expect(page.locator("#run-questions-status")).to_have_text(re.compile("1 new question"))
    page.locator("#run-questions").get_by_role("button", name="Answered").click()
    expect(page.locator("#run-questions .run-question-answered")).to_have_count(1)
    check_page(page, problems)

    # On its side, the phone shows the clock and the buttons next to the item.
    page.set_viewport_size({"width": PHONE["height"], "height": PHONE["width"]})
    clock = page.locator("[data-run-clock]").bounding_box()
    title = page.locator("#run-now-title").bounding_box()
    assert clock["x"] + clock["width"] <= title["x"] + 1
    assert clock["y"] + clock["height"] <= PHONE["width"]
    check_page(page, problems)
    page.context.close()


def test_a_run_of_show_open_when_its_session_is_removed_goes_to_the_current_plan(
    live_server, browser, monkeypatch
):
    monkeypatch.setattr(run_views, "POLL_SECONDS", 1)
    session = a_session_now()
    jam = session.jam
    later = jam.sessions.create(
        number=2,
        starts_at=session.starts_at + dt.timedelta(days=7),
        duration_minutes=60,
        timezone="Africa/Nairobi",
    )

    page, problems = new_phone_page(browser)
    sign_in_as(page, live_server, jam.host)
    page.goto(f"{live_server.url}/jams/{jam.slug}/sessions/{session.key}/run/")
    expect(page.get_by_role("heading", name="Ready to start")).to_be_visible()

    # Gone however it came about: no service removes a session that has begun any more.
    Session.objects.filter(pk=session.pk).delete()
    sessions_renumber(jam=jam)

    removed = page.get_by_text("This session was removed; here is the current plan.")
    expect(removed.first).to_be_visible(timeout=6000)
    expect(page).to_have_url(re.compile(rf"/jams/{jam.slug}/#sessions-title$"))
    expect(page.locator(f'a[href="/jams/{jam.slug}/sessions/{later.key}/"]')).to_have_text(
        "Session 1"
    )
    # The run's state answered “gone” (410) once, which the browser logs.
    problems.console_errors = [error for error in problems.console_errors if "410" not in error]
    check_page(page, problems)
    page.context.close()
