"""The day on a phone: tick who came, add a walk-in, and take notes that survive a lost
connection; accessible, no CSP errors."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from planning.models import Session
from sessions.day.models import Attendance, ItemNote
from sessions.day.services import note_save
from tests.browser.conftest import (
    check_page,
    new_phone_page,
    sign_in_as,
)
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    JamFactory,
    RsvpFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

OFFLINE = "offline, your text is kept on this device"


def a_session_today() -> Session:
    host = UserFactory(email="amina@example.test", name="Amina Wanjiru")
    jam = JamFactory(host=host, name="Rest and Play")
    TeamMemberFactory(jam=jam, user=host, role="host")
    session = SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime.now(dt.UTC).replace(second=0, microsecond=0),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )
    AgendaItemFactory(session=session, position=0, title="Welcome and introductions")
    AgendaItemFactory(session=session, position=1, title="Healing circle", duration_minutes=45)
    for name, answer in (("Bea Otieno", "yes"), ("Chen Li", "maybe"), ("Dana Kim", "no")):
        RsvpFactory(guest=GuestFactory(jam=jam, name=name), session=session, answer=answer)
    return session


def test_attendance_on_a_phone(live_server, page, page_problems):
    session = a_session_today()
    sign_in_as(page, live_server, session.jam.host)
    page.goto(f"{live_server.url}/jams/{session.jam.slug}/sessions/{session.key}/attendance/")
    check_page(page, page_problems)

    bea = page.get_by_role("button", name=re.compile("^Bea Otieno"))
    expect(bea).to_have_attribute("aria-pressed", "false")
    bea.click()
    expect(page.get_by_role("button", name=re.compile("^Bea Otieno"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator("#attendance-totals")).to_contain_text("1 came: 1 guest, 0 walk-ins")

    page.get_by_label("First name").fill("mei@example.org")
    page.get_by_role("button", name="Add a walk-in").click()
    expect(page.locator("#walk-ins .error-summary")).to_contain_text("Only a first name is kept")
    page.get_by_label("First name").fill("Mei")
    page.get_by_role("button", name="Add a walk-in").click()
    expect(page.locator("#attendance-totals")).to_contain_text("2 came: 1 guest, 1 walk-in")
    check_page(page, page_problems)

    assert Attendance.objects.filter(session=session, guest__name="Bea Otieno").exists()
    assert Attendance.objects.filter(session=session, walk_in_name="Mei").exists()


def test_notes_save_as_typed_and_survive_a_lost_connection(live_server, page, page_problems):
    session = a_session_today()
    item = session.agenda_items.get(title="Healing circle")
    sign_in_as(page, live_server, session.jam.host)
    page.goto(f"{live_server.url}/jams/{session.jam.slug}/sessions/{session.key}/notes/")
    check_page(page, page_problems)

    box = page.get_by_role("textbox", name=re.compile("Healing circle"))
    status = page.locator(f"#note-{item.pk}-status")
    box.fill("We shared one word each: tired, hopeful, here.")
    expect(status).to_have_text(re.compile(r"^Saved \d\d:\d\d$"))

    page.reload()
    box = page.get_by_role("textbox", name=re.compile("Healing circle"))
    expect(box).to_have_value("We shared one word each: tired, hopeful, here.")
    expect(status).to_contain_text("by Amina Wanjiru")

    # The connection drops: the text stays on the phone, and is sent when it returns.
    page.context.set_offline(True)
    box.press("Control+End")
    box.press_sequentially(" Then tea.")
    expect(status).to_contain_text(OFFLINE, timeout=6_000)
    page.context.set_offline(False)
    expect(status).to_have_text(re.compile(r"^Saved \d\d:\d\d$"), timeout=6_000)
    expected = "We shared one word each: tired, hopeful, here. Then tea."
    assert ItemNote.objects.get(item=item).text == expected
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('jam-notes:'))") == []

    # Typed, never confirmed, the page reloaded: the text comes back from the device.
    page.route("**/notes/save/", lambda route: route.abort())
    box.press("Control+End")
    box.press_sequentially(" Hugs.")
    expect(status).to_contain_text("kept on this device", timeout=6_000)
    page.unroute("**/notes/save/")
    page.route("**/notes/save/", lambda route: route.abort())  # the reload's own save fails too
    page.reload()
    box = page.get_by_role("textbox", name=re.compile("Healing circle"))
    expect(box).to_have_value(expected + " Hugs.")
    page.unroute("**/notes/save/")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(status).to_have_text(re.compile(r"^Saved \d\d:\d\d$"), timeout=6_000)
    assert ItemNote.objects.get(item=item).text == expected + " Hugs."
    # The failed saves the test itself caused are the only errors allowed.
    page_problems.console_errors = [
        error for error in page_problems.console_errors if "ERR_FAILED" not in error
    ]
    check_page(page, page_problems)


def test_notes_written_on_two_phones_are_merged_in_the_box(live_server, page, page_problems):
    session = a_session_today()
    item = session.agenda_items.get(title="Welcome and introductions")
    sign_in_as(page, live_server, session.jam.host)
    page.goto(f"{live_server.url}/jams/{session.jam.slug}/sessions/{session.key}/notes/")

    # The co-facilitator saves first, from their own phone.
    mei = TeamMemberFactory(jam=session.jam, user=UserFactory(name="Mei"), role="note_taker")
    note_save(item, "Mei: nine people came.", 0, mei.user)

    box = page.get_by_role("textbox", name=re.compile("Welcome and introductions"))
    box.fill("Amina: we began ten minutes late.")
    status = page.locator(f"#note-{item.pk}-status")
    expect(status).to_contain_text("Both texts are kept")
    expect(box).to_have_value(
        re.compile(
            r"^Mei: nine people came\.\n\n— also written at \d\d:\d\d by Amina Wanjiru —\n"
            r"Amina: we began ten minutes late\.$"
        )
    )
    assert ItemNote.objects.get(item=item).text == box.input_value()

    page.goto(live_server.url + session.get_absolute_url())
    expect(page.get_by_text("Notes from the day")).to_be_visible()
    check_page(page, page_problems)


def test_attendance_and_notes_work_without_javascript(live_server, browser):
    session = a_session_today()
    item = session.agenda_items.get(title="Healing circle")
    page, problems = new_phone_page(browser, java_script_enabled=False)
    try:
        sign_in_as(page, live_server, session.jam.host)
        page.goto(f"{live_server.url}/jams/{session.jam.slug}/sessions/{session.key}/attendance/")
        page.get_by_role("button", name=re.compile("^Chen Li")).click()
        expect(page.locator("#attendance-totals")).to_contain_text("1 came: 1 guest")
        page.get_by_label("First name").fill("Mei")
        page.get_by_role("button", name="Add a walk-in").click()
        expect(page.locator(".messages")).to_contain_text("Mei is counted as a walk-in.")
        expect(page.locator("#attendance-totals")).to_contain_text("2 came")

        page.goto(f"{live_server.url}/jams/{session.jam.slug}/sessions/{session.key}/notes/")
        expect(page.locator("[data-notes-hint]")).to_be_hidden()
        page.get_by_role("textbox", name=re.compile("Healing circle")).fill("Tea, then tears.")
        page.get_by_role("button", name=re.compile("^Save\\s?: Healing circle$")).click()
        expect(page.locator(".messages")).to_contain_text("Notes on “Healing circle” are saved.")
        expect(page.get_by_role("textbox", name=re.compile("Healing circle"))).to_have_value(
            "Tea, then tears."
        )
        assert ItemNote.objects.get(item=item).text == "Tea, then tears."
        assert not problems, problems.report()
    finally:
        page.context.close()
