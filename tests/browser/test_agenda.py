"""The agenda builder in a phone-sized Chromium: from a template, reordered by keyboard and by
drag and drop, accessible, no CSP errors; and the same basics with JavaScript off."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from planning.models import Session
from tests.browser.conftest import (
    check_page,
    new_phone_page,
    sign_in_as,
)
from tests.factories import JamFactory, SessionFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TEMPLATE_TITLES = [
    "Welcome and introductions",
    "Alive and together",
    "Healing as one",
    "Break",
    "Reimagining our ground",
    "Sharing visions",
    "Choreography of voices",
]


def a_session() -> Session:
    host = UserFactory(email="amina@example.test", name="Amina Wanjiru")
    jam = JamFactory(host=host, name="Rest and Play")
    TeamMemberFactory(jam=jam, user=host, role="host")
    return SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime.now(dt.UTC).replace(hour=15, minute=0, second=0, microsecond=0)
        + dt.timedelta(days=14),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )


def shown_titles(page: Page) -> list[str]:
    return page.locator("#agenda-items .agenda-item-title").evaluate_all(
        "titles => titles.map(t => t.firstChild.textContent.trim())"
    )


def named(action: str, title: str) -> re.Pattern:
    """A control's accessible name: its visible words, then a visually hidden ": <title>".

    The hidden part is positioned out of view, which makes it a block: browsers put a
    space before it in the computed name.
    """
    return re.compile(rf"^{re.escape(action)}\s?: {re.escape(title)}$")


def stored_titles(session: Session) -> list[str]:
    return list(session.agenda_items.order_by("position", "pk").values_list("title", flat=True))


def test_agenda_from_a_template_reordered_by_keyboard_and_by_dragging(
    live_server, page, page_problems
):
    session = a_session()
    sign_in_as(page, live_server, session.jam.host)
    url = f"{live_server.url}/jams/{session.jam.slug}/sessions/{session.key}/"

    page.goto(url)
    expect(page).to_have_title(re.compile("^Session 1 · Rest and Play"))
    expect(page.get_by_text("No items yet.")).to_be_visible()
    check_page(page, page_problems)

    # Start from the toolkit's two-hour online template.
    page.get_by_role(
        "button", name=named("Use this template", "Two-hour online Jam Session")
    ).click()
    expect(page.locator("#agenda-items > li")).to_have_count(7)
    expect(page.locator("#agenda-status")).to_contain_text(
        "7 items from “Two-hour online Jam Session” are added."
    )
    expect(page.locator(".agenda-total")).to_contain_text("120 of 120 minutes planned")
    assert shown_titles(page) == TEMPLATE_TITLES
    check_page(page, page_problems)

    # Keyboard: "Move down" twice; the focus stays on the same button of the moved item.
    move_down = page.get_by_role("button", name=named("Move down", "Welcome and introductions"))
    items = page.locator("#agenda-items > li")
    move_down.focus()
    page.keyboard.press("Enter")
    expect(items.nth(1)).to_contain_text("Welcome and introductions")
    expect(move_down).to_be_focused()
    page.keyboard.press("Enter")
    expect(items.nth(2)).to_contain_text("Welcome and introductions")
    expect(move_down).to_be_focused()
    expect(page.locator("#agenda-status")).to_contain_text(
        "“Welcome and introductions” moved down."
    )
    assert shown_titles(page)[:3] == [
        "Alive and together",
        "Healing as one",
        "Welcome and introductions",
    ]
    expect(page.locator("#agenda-items > li").first.locator(".agenda-times")).to_have_text(
        "18:00–18:15"
    )

    # Drag and drop: the closing poem, by its handle, to the very top.
    handle = page.locator("#agenda-items > li").last.locator(".agenda-drag")
    first = page.locator("#agenda-items > li").first
    with page.expect_response(re.compile(r"/agenda/reorder/$")) as reorder:
        handle.drag_to(first, target_position={"x": 20, "y": 5})
    assert reorder.value.ok
    expect(page.locator("#agenda-status")).to_contain_text("The new order is saved.")
    expected = [
        "Choreography of voices",
        "Alive and together",
        "Healing as one",
        "Welcome and introductions",
        "Break",
        "Reimagining our ground",
        "Sharing visions",
    ]
    expect(page.locator("#agenda-items .agenda-item-title").first).to_contain_text(
        "Choreography of voices"
    )
    assert shown_titles(page) == expected
    assert stored_titles(session) == expected

    # The order holds after a reload.
    page.reload()
    assert shown_titles(page) == expected
    expect(page.locator("#agenda-items > li").first.locator(".agenda-times")).to_have_text(
        "18:00–18:05"
    )

    # Edit in place, then cancel: the keyboard goes back to the Edit link.
    agenda = page.get_by_role("region", name="Agenda", exact=True)
    edit = page.get_by_role("link", name=named("Edit", "Break"))
    edit.click()
    title = agenda.get_by_label(re.compile("^Title"))
    expect(title).to_be_focused()
    expect(title).to_have_value("Break")
    check_page(page, page_problems)
    agenda.get_by_role("link", name="Cancel").click()
    expect(edit).to_be_focused()

    # Edit in place and save: the new times show at once.
    edit.click()
    agenda.get_by_label(re.compile("^Minutes")).fill("15")
    page.get_by_role("button", name=named("Save changes", "Break")).click()
    expect(page.locator("#agenda-status")).to_contain_text("Your changes to “Break” are saved.")
    expect(page.locator(".agenda-total")).to_contain_text("130 of 120 minutes planned")
    expect(page.locator(".agenda-total")).to_contain_text(
        "runs 10 minutes past the planned end at 20:00"
    )
    expect(edit).to_be_focused()

    # Remove, asked in place.
    page.get_by_role("link", name=named("Remove", "Break")).click()
    expect(page.get_by_role("button", name=named("Yes, remove it", "Break"))).to_be_focused()
    check_page(page, page_problems)
    page.get_by_role("button", name=named("Yes, remove it", "Break")).click()
    expect(page.locator("#agenda-items > li")).to_have_count(6)
    expect(page.locator("#agenda-status")).to_contain_text("“Break” is removed.")
    check_page(page, page_problems)


def test_agenda_works_without_javascript(live_server, browser):
    session = a_session()
    page, problems = new_phone_page(browser, java_script_enabled=False)
    try:
        sign_in_as(page, live_server, session.jam.host)
        page.goto(f"{live_server.url}/jams/{session.jam.slug}/sessions/{session.key}/")
        expect(page.locator(".agenda-drag").first).to_be_hidden()

        page.get_by_role(
            "button", name=named("Use this template", "Two-hour online Jam Session")
        ).click()
        expect(page.locator("#agenda-items > li")).to_have_count(7)

        page.get_by_role("button", name=named("Move up", "Alive and together")).click()
        assert shown_titles(page)[:2] == ["Alive and together", "Welcome and introductions"]

        page.get_by_role("link", name=named("Edit", "Break")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Edit “Break”")
        page.get_by_label(re.compile("^Minutes")).fill("0")
        page.get_by_role("button", name=named("Save changes", "Break")).click()
        expect(page.get_by_role("alert")).to_contain_text("An item takes at least 1 minute.")
        page.get_by_label(re.compile("^Minutes")).fill("10")
        page.get_by_role("button", name=named("Save changes", "Break")).click()
        expect(page.get_by_role("status").first).to_contain_text(
            "Your changes to “Break” are saved."
        )

        page.get_by_role("link", name=named("Remove", "Break")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Remove “Break”?")
        page.get_by_role("button", name=named("Yes, remove it", "Break")).click()
        expect(page.locator("#agenda-items > li")).to_have_count(6)
        assert "Break" not in stored_titles(session)
        assert not problems, problems.report()
    finally:
        page.context.close()
