"""The host cancels a coming session on a phone, sees what happens first, finds it marked
cancelled, and brings it back; the guest invited to it sees it cancelled. Axe on each page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from planning.guests.tokens import guest_link_token
from planning.models import Rsvp, Session
from tests.browser.conftest import check_page, new_phone_page, sign_in_as
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    JamFactory,
    RsvpFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_host_cancels_a_session_and_brings_it_back(live_server, browser):
    jam = JamFactory(host=UserFactory(email="host@example.test"), name="Healing Together")
    today = dt.datetime.now(dt.UTC).replace(hour=15, minute=0, second=0, microsecond=0)
    SessionFactory(jam=jam, number=1, starts_at=today + dt.timedelta(days=3))
    second = SessionFactory(jam=jam, number=2, starts_at=today + dt.timedelta(days=10))
    AgendaItemFactory(session=second, title="Body mapping", duration_minutes=40)
    guest = GuestFactory(jam=jam, name="Wanjiru", invited_at=today - dt.timedelta(days=1))
    RsvpFactory(guest=guest, session=second, answer="yes")

    page, problems = new_phone_page(browser)
    sign_in_as(page, live_server, jam.host)
    page.goto(f"{live_server.url}/jams/{jam.slug}/")
    page.get_by_role("link", name="Cancel Session 2").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel Session 2?")
    expect(page.get_by_text("We email the cancellation to 1 guest")).to_be_visible()
    expect(
        page.get_by_text("Everything it holds is kept: guests’ answers, an agenda.")
    ).to_be_visible()
    check_page(page, problems)
    page.get_by_role("button", name="Yes, cancel this session").click()

    expect(page.get_by_text("is cancelled: we are telling 1 guest.")).to_be_visible()
    row = page.locator("tr.session-cancelled")
    expect(row.get_by_role("link", name="Cancelled session", exact=True)).to_be_visible()
    expect(row.locator(".tag")).to_have_text("Cancelled")
    check_page(page, problems)

    guest_page, guest_problems = new_phone_page(browser)
    guest_page.goto(f"{live_server.url}/i/{guest_link_token(guest)}/")
    card = guest_page.locator(f"#session-{second.key}")
    expect(card.get_by_role("heading", level=3)).to_contain_text("Cancelled:")
    expect(card.locator("form")).to_have_count(0)
    expect(card.get_by_role("link")).to_have_count(0)
    check_page(guest_page, guest_problems)
    guest_page.context.close()

    row.get_by_role("link", name="Bring back").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bring back the session of")
    check_page(page, problems)
    page.get_by_role("button", name="Yes, bring it back").click()

    expect(page.get_by_text("Session 2 is back on: we are telling 1 guest.")).to_be_visible()
    expect(page.locator("tr.session-cancelled")).to_have_count(0)
    check_page(page, problems)
    page.context.close()

    second.refresh_from_db()
    assert not second.is_cancelled and second.number == 2
    assert Rsvp.objects.get(guest=guest, session=second).answer == "yes"
    assert Session.objects.filter(jam=jam).count() == 2
